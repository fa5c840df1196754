#pragma once
// ECharts options shared by several reports (report_charts.hpp): stacked bars, the step and memory
// charts, the checkpoint interval's curve.

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "report/html_report.hpp"

namespace gigasim {

struct StepEstimate;

// Horizontal bars, one per row, each stacked from the named parts (values[i] for row i).
nlohmann::json stacked_bars(const std::string& unit, const std::vector<std::string>& rows,
                            const std::vector<std::pair<std::string, std::vector<double>>>& parts);

// Where the step goes: one bar per (row name, estimate).
ReportChart step_chart(const std::vector<std::pair<std::string, const StepEstimate*>>& rows,
                       const std::string& caption);

ReportChart memory_chart(const StepEstimate& estimate);

// Goodput (0..1) against the checkpoint interval in minutes, the chosen interval marked.
ReportChart checkpoint_chart(const std::vector<std::pair<double, double>>& goodput_by_interval_min, double chosen_min,
                             double mtti_hours);

}  // namespace gigasim
