#pragma once
// The charts of each command's HTML report (`--report FILE.html`, issue 10), built from the same
// structs its --json prints: nothing here computes a result, it only arranges one for ECharts.

#include <vector>

#include "report/html_report.hpp"

namespace gigasim {

struct Job;
struct StepEstimate;
struct SimulatedStep;
struct SearchResult;
struct SizingResult;
struct RunReport;
struct Plan;
struct SitePlan;

// Where the step goes and the memory per GPU against the HBM.
std::vector<ReportChart> estimate_charts(const StepEstimate& estimate);

// The simulated step against the analytical one, a pipeline timeline excerpt (the first lanes),
// and the load on each fabric tier.
std::vector<ReportChart> simulation_charts(const SimulatedStep& simulated);

// The best layouts' step time and MFU; with a sizing (`--deadline-days`), the scaling curve: GPUs
// → days and MFU, against the deadline.
std::vector<ReportChart> search_charts(const SearchResult& result, const SizingResult* sizing, double deadline_days);

// The goodput over the Monte Carlo's trials, the interruptions by cause, and the checkpoint
// interval's trade-off.
std::vector<ReportChart> run_charts(const RunReport& report);

// The plan: step, memory, the power chain, power and capex by item, buy vs rent, the checkpoint
// interval, and the sites and alternatives where the plan has them.
std::vector<ReportChart> plan_charts(const Plan& plan, const std::vector<SitePlan>& sites);

}  // namespace gigasim
