#pragma once
// A scenario's plan (INTERFACE.md §4, issue 7): the layout chosen by the search (the cluster sized
// for the deadline with `gpus: auto`), the training time, what to build, the power from the grid
// to the GPU, the energy and CO2, and the scenario's claims checked against all of it. Cost,
// alternatives and reliability come with the next issues.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "facility/build_out.hpp"
#include "facility/cost.hpp"
#include "facility/energy.hpp"
#include "facility/power.hpp"
#include "facility/power_chain.hpp"
#include "reliability/run_setup.hpp"
#include "search/layout_search.hpp"
#include "spec/scenario.hpp"
#include "util/result.hpp"

namespace gigasim {

struct PlanTraining {
  Job job;  // the chosen layout, resolved
  StepEstimate estimate;
  double days = 0;
  bool days_pinned = false;  // training.days of the scenario, not the prediction
  std::optional<double> predicted_days;
  std::optional<std::string> finish;  // start + the days with failures (Plan::wall_days)
  std::size_t layouts_considered = 0;
  // With `gpus: auto`, when the fewest GPUs that meet the deadline break a bound (power cap, site
  // power, budgets) and a larger size meets it within them: why the plan took the larger size.
  std::string sizing_note;
};

struct PlanCheck {
  std::string claim;
  std::string source;
  std::string metric;
  std::string comparison;            // "near ±10%", "at least", "at most"
  std::optional<double> plan_value;  // none when the plan cannot say (tco2 without a site)
  double claimed = 0;
  bool holds = false;
  std::string note;  // the scenario's reading, shown when it does not hold
};

// An alternative's plan in short (and the base's, to compare them).
struct AlternativeSummary {
  std::string name;
  std::string gpu;
  int gpus = 0;
  double days = 0;       // failure-free
  double wall_days = 0;  // with failures and restarts
  std::optional<std::string> start;
  std::optional<std::string> finish;  // start + wall_days
  double capex_usd = 0;
  double cost_per_run_usd = 0;
  double facility_peak_mw = 0;
};

// Failures over the run in closed form (reliability/run_setup.hpp): the plan's 5-second budget
// leaves the Monte Carlo to `gigasim run`.
// The Monte Carlo's seed in a plan, as `gigasim run`'s default: the same plan every time.
inline constexpr std::uint64_t kPlanMonteCarloSeed = 1;

struct PlanReliability {
  double mtti_hours = 0;
  double interruptions = 0;
  double checkpoint_interval_min = 0;
  double checkpoint_write_s = 0;
  double restart_min = 0;
  double goodput = 0;
  double extra_days = 0;
  double days_with_failures = 0;
  int spares = 0;
  std::string interval_reason;
  // Goodput against the checkpoint interval (closed form), from a fifth to five times the one
  // chosen: the trade-off the interval settles (reports plot it).
  std::vector<std::pair<double, double>> goodput_by_interval_min;
  // The longest restart with which the run keeps kGoodputTarget at this scale; none when even an
  // instant restart falls short, and then why (steps longer than the gap between interruptions, or
  // checkpoints that already cost too much).
  std::optional<double> restart_for_target_min;
  std::string no_restart_for_target;
  Recovery recovery = Recovery::storage;
  // With reliability.trials: the Monte Carlo's days with failures (seed 1), whose 90th percentile
  // the plan then holds the deadline and dates against; or why the closed form stands in for it
  // (empty when no trials were asked for).
  std::optional<RunDistribution> monte_carlo;
  std::string monte_carlo_skipped;
};

// The goodput a plan asks what restart time would keep: Meta kept over 90% effective training time
// on 16k GPUs for Llama 3 (Llama 3 paper §3.3.4).
inline constexpr double kGoodputTarget = 0.9;

// One size on the scaling curve: its best layout's training time, and what the facility draws and
// costs at that size.
struct ScalingPoint {
  int gpus = 0;
  double days = 0;                  // failure-free
  std::optional<double> wall_days;  // with failures and restarts (closed form)
  double mfu = 0;
  double facility_peak_mw = 0;
  double capex_usd = 0;
  double cost_per_run_usd = 0;
  Parallelism layout;       // the size's best layout
  StepBreakdown breakdown;  // its step, by part
  // When a smaller size on the curve trains faster: that size, and why this one is slower (the
  // layout its GPU count allows and the part of the step that grew).
  std::optional<int> slower_than_gpus;
  std::string why_slower;
};

struct Plan {
  std::string name;
  std::optional<PlanReliability> reliability;
  ClusterBuild build;
  PlanTraining training;
  PowerProfile power;
  PowerChain chain;
  TrainingEnergy energy;
  CostEstimate cost;
  std::optional<CloudPrices> cloud;  // the catalog's prices used, when the finance gives none
  // With alternatives: the base first, then each; and which trains the model first (by finish
  // date when every option has one, else by days).
  std::vector<AlternativeSummary> options;
  std::string first_to_finish;
  std::vector<PlanCheck> checks;
  // GPUs → days, MW and cost: the sizing curve's sizes when the scenario sizes the cluster, else a
  // quarter, half, the same and twice the GPUs, each with its best layout (every layout field
  // searched, so the same size may beat the scenario's own layout). Sizes with no feasible layout
  // are left out.
  std::vector<ScalingPoint> scaling;

  // The days the run takes with failures and restarts; the failure-free days when the failure
  // catalog is missing, and the pinned days when the scenario gives the published duration.
  // A pinned duration is a published run's: failures are already in it.
  // With the Monte Carlo asked for, its 90th percentile: nine runs in ten finish by then.
  [[nodiscard]] double wall_days() const {
    if (training.days_pinned || !reliability) return training.days;
    if (reliability->monte_carlo) return reliability->monte_carlo->wall_days.p90;
    return reliability->days_with_failures;
  }
};

// The scenario planned at every built-in site (data/sites.yaml), cheapest run first, sites
// without an electricity price last (`gigasim plan --compare-sites`).
struct SitePlan {
  SiteSpec site;
  double pue = 1;
  double facility_average_mw = 0;
  double facility_peak_mw = 0;
  std::optional<double> electricity_per_year_usd;
  double cost_per_run_usd = 0;
  std::optional<double> tco2;
  std::optional<bool> power_available;  // peak within the site's published power, where known
};
Result<std::vector<SitePlan>, std::string> compare_sites(const Scenario& scenario, const SearchOptions& options);
// The same over the given sites.
Result<std::vector<SitePlan>, std::string> compare_sites(const Scenario& scenario, const SearchOptions& options,
                                                         const std::vector<SiteSpec>& sites);

// A large power plant, for scale: about 1 GW (a nuclear reactor unit; ASSUMPTION, round figure).
inline constexpr double kLargePowerPlantMw = 1000;

// PUE by cooling when the scenario gives none: 1.2 for a new liquid-cooled AI facility (facts
// §7's default, between hyperscalers' 1.08–1.15 and the industry's 1.56), 1.56 for air (Uptime
// Institute 2024 survey average, facts §3.3).
double default_pue(Cooling cooling);

// make_plan's (and compare_sites') error when SearchOptions::limit was reached before the plan was
// done: no plan is ever answered with a part of its work missing.
inline constexpr std::string_view kPlanCutOff =
    "the plan ran past the time limit before it was done; fix some layout fields (tp, pp, …) to search fewer "
    "layouts, or ask for fewer reliability.trials";

// `full` adds the scaling curve (a layout search at three more sizes); the plans of alternatives
// and sites, and `gigasim run`, need only the `core`.
enum class PlanDepth : std::uint8_t { core, full };

// The scenario's `reliability:` policy as the reliability layer's run options.
RunOptions run_options(const Scenario& scenario);

// The plan, or why none can be made (no feasible layout; no tokens and no pinned days).
Result<Plan, std::string> make_plan(const Scenario& scenario, const SearchOptions& options,
                                    PlanDepth depth = PlanDepth::full);

}  // namespace gigasim
