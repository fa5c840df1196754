#include "plan/plan.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <variant>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "cluster/topology.hpp"
#include "plan/scaling_curve.hpp"
#include "search/cluster_sizing.hpp"
#include "search/nearest_feasible.hpp"
#include "util/number_format.hpp"

namespace gigasim {
namespace {

constexpr double kLiquidPue = 1.2;
constexpr double kAirPue = 1.56;
constexpr double kWattsPerKilowatt = 1e3;
constexpr double kPercent = 100.0;

std::optional<std::string> date_after(const std::optional<std::string>& start, double days) {
  if (!start) return std::nullopt;
  using namespace std::chrono;
  const year_month_day first{year{std::stoi(start->substr(0, 4))},
                             month{static_cast<unsigned>(std::stoi(start->substr(5, 2)))},
                             day{static_cast<unsigned>(std::stoi(start->substr(8, 2)))}};
  const year_month_day last{sys_days{first} + std::chrono::days{static_cast<int>(std::ceil(days))}};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(last.year()), static_cast<unsigned>(last.month()),
                     static_cast<unsigned>(last.day()));
}

std::optional<double> metric_value(const Plan& plan, const std::string& metric) {
  if (metric == "facility_average_mw") return plan.power.facility_average_mw;
  if (metric == "facility_peak_mw") return plan.power.facility_peak_mw;
  if (metric == "it_average_mw") return plan.power.it_average_mw;
  if (metric == "gpus") return plan.build.gpus;
  if (metric == "per_accelerator_w") return plan.power.per_accelerator_average_w;
  if (metric == "energy_mwh") return plan.energy.mwh;
  if (metric == "tco2") return plan.energy.tco2;
  if (metric == "days") return plan.training.days;
  if (metric == "wall_days") return plan.reliability ? std::optional<double>(plan.wall_days()) : std::nullopt;
  if (metric == "interruptions")
    return plan.reliability ? std::optional<double>(plan.reliability->interruptions) : std::nullopt;
  if (metric == "goodput") return plan.reliability ? std::optional<double>(plan.reliability->goodput) : std::nullopt;
  if (metric == "accelerator_energy_mwh") return plan.energy.accelerator_mwh;
  if (metric == "accelerator_tco2") return plan.energy.accelerator_tco2;
  if (metric == "mfu") return plan.training.estimate.mfu;
  if (metric == "gpu_capex_usd") return plan.cost.capex.front().usd;
  if (metric == "capex_usd") return plan.cost.capex_usd;
  if (metric == "cost_per_run_usd") return plan.cost.cost_per_run_usd;
  if (metric == "cloud_per_year_usd") return plan.cost.cloud_per_year_usd;
  if (metric == "breakeven_months") return plan.cost.breakeven_months;
  if (metric == "large_power_plants") return plan.power.facility_peak_mw / kLargePowerPlantMw;
  if (metric == "substation_transformers") {
    const auto& units = plan.chain.stages.front().transformers;
    return units ? std::optional<double>(*units) : std::nullopt;
  }
  return std::nullopt;
}

PlanCheck judge(const Plan& plan, const ScenarioCheck& check) {
  PlanCheck out{check.claim, check.source, check.metric, "", metric_value(plan, check.metric),
                check.value, false,        check.note};
  const double v = out.plan_value.value_or(0.0);
  switch (check.kind) {
    case ScenarioCheck::Kind::near:
      out.comparison = fmt::format("near ±{:.0f}%", check.within * kPercent);
      out.holds = out.plan_value && std::abs(v - check.value) <= check.within * check.value;
      break;
    case ScenarioCheck::Kind::at_least:
      out.comparison = "at least";
      out.holds = out.plan_value && v >= check.value;
      break;
    case ScenarioCheck::Kind::at_most:
      out.comparison = "at most";
      out.holds = out.plan_value && v <= check.value;
      break;
  }
  return out;
}

CostInputs cost_inputs(const Scenario& scenario, const ClusterSpec& cluster, Plan& plan) {
  CostInputs inputs;
  const Finance& f = scenario.finance;
  inputs.gpu_price_usd = f.gpu_price_usd;
  if (f.server_rest_per_gpu_usd) inputs.server_rest_per_gpu_usd = *f.server_rest_per_gpu_usd;
  if (f.depreciation_years) inputs.hardware_years = *f.depreciation_years;
  if (f.facility_usd_per_mw) inputs.facility_usd_per_mw = *f.facility_usd_per_mw;
  if (f.maintenance_share) inputs.maintenance_share = *f.maintenance_share;
  if (f.staff_share) inputs.staff_share = *f.staff_share;
  if (scenario.site) inputs.electricity_usd_per_mwh = scenario.site->electricity_usd_per_mwh;
  inputs.cloud_usd_per_gpu_hour = f.cloud_usd_per_gpu_hour;
  inputs.reserved_usd_per_gpu_hour = f.reserved_usd_per_gpu_hour;
  if (!f.cloud_usd_per_gpu_hour && !f.reserved_usd_per_gpu_hour)
    if (const auto prices = load_builtin_cloud_prices())
      if (const auto found = prices.value().find(cluster.gpu.name); found != prices.value().end()) {
        plan.cloud = found->second;
        inputs.cloud_usd_per_gpu_hour = found->second.on_demand_usd_per_gpu_hour;
        inputs.reserved_usd_per_gpu_hour = found->second.reserved_usd_per_gpu_hour;
      }
  return inputs;
}

}  // namespace

RunOptions run_options(const Scenario& scenario) {
  constexpr double kSecondsPerMinute = 60;
  RunOptions options;
  options.checkpoint.asynchronous = scenario.reliability.asynchronous_checkpoints;
  switch (scenario.reliability.recovery) {
    case ReliabilityPolicy::Recovery::storage: options.checkpoint.recovery = Recovery::storage; break;
    case ReliabilityPolicy::Recovery::memory: options.checkpoint.recovery = Recovery::memory; break;
    case ReliabilityPolicy::Recovery::elastic: options.checkpoint.recovery = Recovery::elastic; break;
  }
  if (scenario.reliability.checkpoint_interval_min)
    options.checkpoint.interval = Seconds(*scenario.reliability.checkpoint_interval_min * kSecondsPerMinute);
  options.spares = scenario.reliability.spares;
  return options;
}

namespace {

PowerInputs power_inputs(const Scenario& scenario) {
  PowerInputs inputs;
  inputs.pue = scenario.pue                          ? *scenario.pue
               : scenario.site && scenario.site->pue ? *scenario.site->pue
                                                     : default_pue(scenario.cooling);
  return inputs;
}

// The Monte Carlo of a run set up, when the scenario asks for it (reliability.trials) and it is
// within reach; else why not (empty when not asked).
std::variant<RunDistribution, std::string> monte_carlo_of(const Scenario& scenario, const RunSetup& setup,
                                                          const ExpectedRun& expected, const WorkLimit& limit) {
  if (!scenario.reliability.trials) return std::string();
  const int trials = *scenario.reliability.trials;
  if (expected.interruptions * trials > kMostInterruptionsSimulated)
    return fmt::format("{} trials would draw about {} interruptions, too many to simulate: the closed form stands in",
                       with_commas(trials), with_suffix(expected.interruptions * trials));
  RunDistribution runs = simulate_runs(setup.inputs, trials, kPlanMonteCarloSeed, 1, {}, limit);
  // make_plan refuses the plan as cut off when the limit was reached; meanwhile the closed form serves.
  if (runs.cut_off) return std::string("the Monte Carlo was cut off at the time limit: the closed form stands in");
  return runs;
}

// The days a layout takes with failures and restarts, under the scenario's reliability policy:
// the closed form, or the Monte Carlo's 90th percentile where asked and within reach.
std::optional<double> wall_days_of(const Scenario& scenario, const RankedLayout& layout,
                                   const std::optional<FailureCatalog>& failures, const WorkLimit& limit) {
  if (!failures || !layout.estimate.time_to_train_days) return std::nullopt;
  const double days = *layout.estimate.time_to_train_days;
  const RunSetup setup = setup_run(layout.job, layout.estimate, days, *failures, run_options(scenario));
  const ExpectedRun expected = expected_run(setup);
  const auto simulated = monte_carlo_of(scenario, setup, expected, limit);
  if (const auto* runs = std::get_if<RunDistribution>(&simulated)) return runs->wall_days.p90;
  return expected.wall_days;
}

// Why no restart, however fast, keeps kGoodputTarget: a step longer than half the gap between
// interruptions loses most steps whatever the recovery; otherwise the checkpoints cost too much.
std::string no_restart_reason(Seconds step_time, double mtti_hours) {
  constexpr double kSecondsPerHour = 3600;
  if (step_time.value() > mtti_hours * kSecondsPerHour / 2.0)
    return fmt::format(
        "no restart is fast enough for {:.0f}% goodput at this scale: an interruption comes every {} and a step "
        "takes {}, so many steps never finish whatever the recovery; fewer GPUs per job, or fewer failures per "
        "GPU, are the way out",
        kGoodputTarget * kPercent, duration_text(mtti_hours * kSecondsPerHour), duration_text(step_time.value()));
  return fmt::format(
      "no restart is fast enough for {:.0f}% goodput at this scale: the checkpoint writes and the work lost "
      "between them already cost more",
      kGoodputTarget * kPercent);
}

std::optional<FailureCatalog> failure_catalog() {
  auto loaded = load_builtin_failures();
  if (!loaded) return std::nullopt;
  return std::move(loaded).value();
}

// The facility at one size: the build-out, power and cost of a layout's cluster for its days.
ScalingPoint scaling_point(const Scenario& scenario, const RankedLayout& layout,
                           const std::optional<FailureCatalog>& failures, const WorkLimit& limit) {
  const ClusterSpec& cluster = layout.job.cluster;
  const ClusterBuild build =
      build_out(cluster, build_topology(cluster), Watts(scenario.rack_power_kw * kWattsPerKilowatt));
  const PowerProfile power = power_profile(cluster, build, layout.estimate.breakdown, power_inputs(scenario));
  const double days = layout.estimate.time_to_train_days.value_or(0);
  const std::optional<double> wall_days = wall_days_of(scenario, layout, failures, limit);
  Plan scratch;  // cost_inputs notes the cloud prices it used there
  const CostEstimate cost =
      estimate_cost(cluster, build, power, wall_days.value_or(days), cost_inputs(scenario, cluster, scratch));
  ScalingPoint point;
  point.gpus = cluster.gpus;
  point.days = days;
  point.wall_days = wall_days;
  point.mfu = layout.estimate.mfu;
  point.facility_peak_mw = power.facility_peak_mw;
  point.capex_usd = cost.capex_usd;
  point.cost_per_run_usd = cost.cost_per_run_usd;
  point.layout = layout.job.parallelism;
  point.breakdown = layout.estimate.breakdown;
  return point;
}

// A quarter, half, the same and twice the plan's GPUs in whole nodes, each with its best layout;
// false when the limit cut it short (a search, or a point's Monte Carlo).
bool plan_scaling(const Scenario& scenario, const SearchOptions& options, Plan& plan) {
  const Job& chosen = plan.training.job;
  const int per_node = chosen.cluster.node.gpus_per_unit();  // nodes, or whole NVLink domains
  constexpr std::array kFactors = {0.25, 0.5, 1.0, 2.0};
  const std::optional<FailureCatalog> failures = failure_catalog();
  for (const double factor : kFactors) {
    const int nodes = std::max(1, static_cast<int>(std::lround(chosen.cluster.gpus * factor / per_node)));
    Job resized = chosen;
    resized.cluster.gpus = nodes * per_node;
    SearchOptions one = options;
    one.top = 1;
    const SearchResult result = search_layouts(open_layout_search(resized), one);
    if (result.cut_off) return false;
    if (!result.best.empty() && result.best.front().estimate.time_to_train_days)
      plan.scaling.push_back(scaling_point(scenario, result.best.front(), failures, options.limit));
    if (options.limit.reached()) return false;  // the point's Monte Carlo may have stopped short
  }
  return true;
}

AlternativeSummary summary_of(const std::string& name, const Plan& plan, const std::optional<std::string>& start) {
  return {name,
          plan.training.job.cluster.gpu.name,
          plan.training.job.cluster.gpus,
          plan.training.days,
          plan.wall_days(),
          start,
          plan.training.finish,
          plan.cost.capex_usd,
          plan.cost.cost_per_run_usd,
          plan.power.facility_peak_mw};
}

// Each alternative planned like the scenario, starting on its delivery date; false when the limit
// cut one short.
bool plan_alternatives(const Scenario& scenario, const SearchOptions& options, Plan& plan) {
  plan.options.push_back(summary_of(scenario.name, plan, scenario.start));
  for (const ScenarioAlternative& alternative : scenario.alternatives) {
    Scenario variant = scenario;
    variant.name = alternative.name;
    variant.job = alternative.job;
    variant.gpus_auto = false;
    variant.pinned_days.reset();
    variant.start = alternative.delivery ? alternative.delivery : scenario.start;
    variant.alternatives.clear();
    variant.checks.clear();
    variant.power_cap_mw.reset();
    variant.deadline_days.reset();
    const auto planned = make_plan(variant, options, PlanDepth::core);
    if (!planned && planned.error() == kPlanCutOff) return false;
    if (!planned) continue;  // an option with no feasible layout is left out (its reason is in the brief)
    plan.options.push_back(summary_of(alternative.name, planned.value(), variant.start));
  }
  const bool dated = std::all_of(plan.options.begin(), plan.options.end(),
                                 [](const AlternativeSummary& o) { return o.finish.has_value(); });
  const auto earlier = [&](const AlternativeSummary& a, const AlternativeSummary& b) {
    return dated ? *a.finish < *b.finish : a.wall_days < b.wall_days;
  };
  plan.first_to_finish = std::min_element(plan.options.begin(), plan.options.end(), earlier)->name;
  return true;
}

// One limit on what a size may draw or cost: the value a size reaches and the most it may reach.
struct SizeBound {
  std::string_view what;    // "draw … at peak", "cost … to build"
  std::string_view source;  // the scenario key that sets it
  double (*value)(const ScalingPoint&);
  double limit;
  std::string (*print)(double);
};

std::vector<SizeBound> size_bounds(const Scenario& scenario) {
  // Tenths of a MW for a facility, three figures below 1 MW (a 0.15 MW site is not "0.1 MW").
  const auto megawatts = [](double mw) {
    return mw >= 1 ? fmt::format("{:.1f} MW", mw) : fmt::format("{:.3g} MW", mw);
  };
  const auto peak = [](const ScalingPoint& p) { return p.facility_peak_mw; };
  std::vector<SizeBound> bounds;
  if (scenario.power_cap_mw)
    bounds.push_back(
        {"draw {} at peak against the {} cap", "constraints.power_cap_mw", peak, *scenario.power_cap_mw, megawatts});
  if (scenario.site && scenario.site->available_mw)
    bounds.push_back({"draw {} at peak against the site's approved {}", "site.available_mw", peak,
                      *scenario.site->available_mw, megawatts});
  if (scenario.budget_usd)
    bounds.push_back({"cost {} to build against the {} budget", "constraints.budget_usd",
                      [](const ScalingPoint& p) { return p.capex_usd; }, *scenario.budget_usd, dollars});
  if (scenario.run_budget_usd)
    bounds.push_back({"cost {} to train against the run's {} budget", "constraints.run_budget_usd",
                      [](const ScalingPoint& p) { return p.cost_per_run_usd; }, *scenario.run_budget_usd, dollars});
  return bounds;
}

// What `point` breaks of the bounds, each with its figures and the key that sets it.
std::vector<std::string> broken_bounds(const std::vector<SizeBound>& bounds, const ScalingPoint& point) {
  std::vector<std::string> broken;
  for (const SizeBound& bound : bounds)
    if (bound.value(point) > bound.limit)
      broken.push_back(
          fmt::format(fmt::runtime(bound.what), bound.print(bound.value(point)), bound.print(bound.limit)) +
          fmt::format(" ({})", bound.source));
  return broken;
}

// The size the sizing answers, with a note when the bounds moved it.
struct BoundedSize {
  std::size_t index = 0;  // in the sizing curve
  std::string note;
};

// The power cap, the site's approved power and the budgets bound the sizing. When the fewest GPUs
// that meet the deadline break any of them, the fewest larger size tried that meets the deadline
// within all of them is the answer (a run's cost need not grow with the GPUs: a layout that splits
// better can cost less), and the plan says why; when none does, the plan fails, says by how much,
// and what the largest size within them would take.
Result<BoundedSize, std::string> bounded_size(const Scenario& scenario, const SizingResult& sizing,
                                              const std::optional<FailureCatalog>& failures, const WorkLimit& limit) {
  const std::vector<SizeBound> bounds = size_bounds(scenario);
  const std::size_t fewest = *sizing.answer;
  if (bounds.empty()) return BoundedSize{fewest, ""};
  const ScalingPoint answer = scaling_point(scenario, *sizing.curve[fewest].best, failures, limit);
  const std::vector<std::string> broken = broken_bounds(bounds, answer);
  if (broken.empty()) return BoundedSize{fewest, ""};
  const std::string why = fmt::format("{} GPUs are the fewest that train the tokens within {:g} days, but they {}",
                                      with_commas(answer.gpus), *scenario.deadline_days, fmt::join(broken, " and "));
  const char* them = bounds.size() == 1 ? "it" : "them";
  std::optional<ScalingPoint> largest;
  for (std::size_t i = 0; i < sizing.curve.size(); ++i) {
    const SizingPoint& point = sizing.curve[i];
    if (!point.best || !point.best->estimate.time_to_train_days) continue;
    const ScalingPoint candidate = scaling_point(scenario, *point.best, failures, limit);
    if (!broken_bounds(bounds, candidate).empty()) continue;
    if (i > fewest && point.deadline_days() <= *scenario.deadline_days)
      return BoundedSize{i, fmt::format("{}; {} GPUs meet the deadline within {}", why, with_commas(point.gpus), them)};
    if (!largest || candidate.gpus > largest->gpus) largest = candidate;
  }
  std::string out = why;
  if (largest)
    out += fmt::format("; the largest size tried within {}, {} GPUs, takes {:.1f} days{}", them,
                       with_commas(largest->gpus), largest->wall_days.value_or(largest->days),
                       largest->wall_days ? " with failures" : "");
  else
    out += fmt::format("; no size tried ({} to {} GPUs) stays within {}", with_commas(sizing.curve.front().gpus),
                       with_commas(sizing.curve.back().gpus), them);
  return fail(out);
}

// The nearest GPU counts that have a feasible layout, as the way out of an infeasible one.
std::string way_out(const NearestFeasible& nearest, const NearestBatches& batches) {
  const auto one = [](const SizingPoint& point) {
    const Parallelism& p = point.best->job.parallelism;
    return fmt::format("{} GPUs ({:.1f} days at tp {} · pp {} · cp {} · dp {})", with_commas(point.gpus), point.days(),
                       p.tp, p.pp, p.cp, with_commas(p.dp));
  };
  std::string out;
  if (nearest.below || nearest.above) {
    out += "\n  nearest GPU counts with a feasible layout: ";
    if (nearest.below) out += one(*nearest.below);
    if (nearest.below && nearest.above) out += " and ";
    if (nearest.above) out += one(*nearest.above);
  } else {
    out += "\n  no nearby GPU count has a feasible layout either";
  }
  if (batches.below || batches.above) {
    out += "\n  or, on these GPUs, a global batch of ";
    if (batches.below) out += fmt::format("{} sequences", with_commas(*batches.below));
    if (batches.below && batches.above) out += " or ";
    if (batches.above) out += fmt::format("{} sequences", with_commas(*batches.above));
    out += " (parallelism.global_batch), which splits over the data-parallel ranks";
  } else {
    out += "\n  no nearby global batch works on these GPUs either: fix layout fields (tp, pp, cp) to see why";
  }
  return out;
}

// Why sizing found no size, with the soonest finish it saw and, when failures set the limit, where.
std::string no_size_meets(const SizingResult& sizing, double deadline_days) {
  std::string out =
      fmt::format("no cluster size trains the tokens within {:g} days{} (largest tried: {} GPUs)", deadline_days,
                  sizing.fastest && sizing.curve[*sizing.fastest].wall_days ? " with failures and restarts" : "",
                  with_commas(sizing.curve.empty() ? 0 : sizing.curve.back().gpus));
  if (!sizing.fastest) return out;
  const SizingPoint& fastest = sizing.curve[*sizing.fastest];
  out +=
      fmt::format("; the soonest finish is {} GPUs at {:.1f} days", with_commas(fastest.gpus), fastest.deadline_days());
  if (fastest.wall_days)
    out += fmt::format(" ({:.1f} failure-free, goodput {:.1f}%)", fastest.days(),
                       kPercent * fastest.days() / *fastest.wall_days);
  if (sizing.failures_bound)
    out += fmt::format(
        ": beyond it interruptions, which grow with the GPUs, cost more than the GPUs add ({} GPUs: "
        "{:.1f} days). Asynchronous checkpoints (reliability: {{ checkpoint: asynchronous }}) or a later "
        "deadline are the ways out",
        with_commas(sizing.curve.back().gpus), sizing.curve.back().deadline_days());
  return out;
}

}  // namespace

Result<std::vector<SitePlan>, std::string> compare_sites(const Scenario& scenario, const SearchOptions& options) {
  const auto sites = load_builtin_sites();
  if (!sites) return fail(std::string("the built-in sites do not load"));
  std::vector<SiteSpec> list;
  for (const auto& [name, site] : sites.value()) list.push_back(site);
  return compare_sites(scenario, options, list);
}

Result<std::vector<SitePlan>, std::string> compare_sites(const Scenario& scenario, const SearchOptions& options,
                                                         const std::vector<SiteSpec>& sites) {
  std::vector<SitePlan> ranked;
  for (const SiteSpec& site : sites) {
    Scenario variant = scenario;
    variant.site = site;
    variant.alternatives.clear();
    variant.checks.clear();
    const auto planned = make_plan(variant, options, PlanDepth::core);
    if (!planned) return fail(planned.error());
    const Plan& p = planned.value();
    SitePlan row;
    row.site = site;
    row.pue = p.power.pue;
    row.facility_average_mw = p.power.facility_average_mw;
    row.facility_peak_mw = p.power.facility_peak_mw;
    row.electricity_per_year_usd = p.cost.electricity_per_year_usd;
    row.cost_per_run_usd = p.cost.cost_per_run_usd;
    row.tco2 = p.energy.tco2;
    if (site.available_mw) row.power_available = p.power.facility_peak_mw <= *site.available_mw;
    ranked.push_back(row);
  }
  // Sites without an electricity price cannot be ranked on cost: they go last.
  std::stable_sort(ranked.begin(), ranked.end(), [](const SitePlan& a, const SitePlan& b) {
    const bool a_priced = a.electricity_per_year_usd.has_value();
    const bool b_priced = b.electricity_per_year_usd.has_value();
    if (a_priced != b_priced) return a_priced;
    return a.cost_per_run_usd < b.cost_per_run_usd;
  });
  return ranked;
}

double default_pue(Cooling cooling) {
  return cooling == Cooling::liquid ? kLiquidPue : kAirPue;
}

Result<Plan, std::string> make_plan(const Scenario& scenario, const SearchOptions& options, PlanDepth depth) {
  Plan plan;
  plan.name = scenario.name;
  const SearchJob& job = scenario.job;
  std::optional<RankedLayout> best;
  if (scenario.gpus_auto) {
    // The deadline holds for the run as it will go: failures and restarts included.
    const std::optional<FailureCatalog> failures = failure_catalog();
    WallDays wall_days;
    if (failures)
      wall_days = [&](const RankedLayout& layout) { return *wall_days_of(scenario, layout, failures, options.limit); };
    const SizingResult sizing = size_cluster(job, *scenario.deadline_days, options, wall_days);
    if (sizing.cut_off) return fail(std::string(kPlanCutOff));
    if (!sizing.answer) return fail(no_size_meets(sizing, *scenario.deadline_days));
    const auto bounded = bounded_size(scenario, sizing, failures, options.limit);
    if (!bounded) return fail(bounded.error());
    best = sizing.curve[bounded.value().index].best;
    plan.training.sizing_note = bounded.value().note;
    plan.training.layouts_considered = sizing.curve.size();
    for (const SizingPoint& point : sizing.curve)
      if (depth == PlanDepth::full && point.best && point.best->estimate.time_to_train_days)
        plan.scaling.push_back(scaling_point(scenario, *point.best, failures, options.limit));
  } else {
    const SearchResult result = search_layouts(job, options);
    if (result.cut_off) return fail(std::string(kPlanCutOff));
    if (!result.best.empty()) best = result.best.front();
    plan.training.layouts_considered = result.candidates;
    if (!best) {
      std::string reasons;
      for (const Rejections& r : result.rejected)
        reasons += fmt::format("\n  {} × {}: {}", r.count, r.reason, r.example);
      return fail(fmt::format("no layout of {} GPUs is feasible:{}{}", with_commas(job.base.cluster.gpus), reasons,
                              way_out(nearest_feasible_sizes(job, options), nearest_feasible_batches(job, options))));
    }
  }
  plan.training.job = best->job;
  plan.training.estimate = best->estimate;
  plan.training.predicted_days = best->estimate.time_to_train_days;
  if (scenario.pinned_days) {
    plan.training.days = *scenario.pinned_days;
    plan.training.days_pinned = true;
  } else if (best->estimate.time_to_train_days) {
    plan.training.days = *best->estimate.time_to_train_days;
  } else {
    return fail(std::string("the scenario gives none of training.tokens, training.flops and training.days: give one"));
  }
  const ClusterSpec& cluster = plan.training.job.cluster;
  const Topology topology = build_topology(cluster);
  plan.build = build_out(cluster, topology, Watts(scenario.rack_power_kw * kWattsPerKilowatt));
  plan.power = power_profile(cluster, plan.build, plan.training.estimate.breakdown, power_inputs(scenario));
  ChainInputs chain_inputs;
  chain_inputs.feed_kv = scenario.feed_kv;
  plan.chain = power_chain(plan.power, chain_inputs);

  if (const auto failures = load_builtin_failures()) {
    const RunSetup setup = setup_run(plan.training.job, plan.training.estimate, plan.training.days, failures.value(),
                                     run_options(scenario));
    const ExpectedRun expected = expected_run(setup);
    constexpr double kSecondsPerMinute = 60;
    PlanReliability& r = plan.reliability.emplace();
    r.mtti_hours = expected.mtti_hours;
    r.interruptions = expected.interruptions;
    r.checkpoint_interval_min = setup.checkpoint.interval.value() / kSecondsPerMinute;
    r.checkpoint_write_s = setup.checkpoint.write.value();
    r.restart_min = setup.checkpoint.restart.value() / kSecondsPerMinute;
    r.goodput = expected.goodput;
    r.extra_days = expected.wall_days - plan.training.days;
    r.days_with_failures = expected.wall_days;
    r.spares = setup.inputs.spares;
    r.interval_reason = setup.checkpoint.reason;
    r.goodput_by_interval_min = goodput_by_interval_min(setup);
    plan.reliability->recovery = run_options(scenario).checkpoint.recovery;
    auto simulated = monte_carlo_of(scenario, setup, expected, options.limit);
    if (options.limit.reached()) return fail(std::string(kPlanCutOff));
    if (auto* runs = std::get_if<RunDistribution>(&simulated))
      r.monte_carlo = std::move(*runs);
    else
      r.monte_carlo_skipped = std::get<std::string>(simulated);
    if (const auto restart = restart_for_goodput(setup, kGoodputTarget))
      r.restart_for_target_min = restart->value() / kSecondsPerMinute;
    else
      r.no_restart_for_target = no_restart_reason(plan.training.estimate.step_time, expected.mtti_hours);
  }
  // The run ends when its work is done, failures and restarts included.
  plan.training.finish = date_after(scenario.start, plan.wall_days());
  // The run holds the cluster, and redoes lost work at full power, for its days with failures: energy,
  // CO2 and cost cover those (an upper bound for energy, as restarts draw less).
  plan.energy =
      training_energy(plan.power, plan.wall_days(), scenario.site ? scenario.site->grid_g_co2_per_kwh : std::nullopt);
  plan.cost = estimate_cost(cluster, plan.build, plan.power, plan.wall_days(), cost_inputs(scenario, cluster, plan));
  // A plan missing its alternatives or its scaling curve is no plan: cut off, it is refused.
  if (!scenario.alternatives.empty() && !plan_alternatives(scenario, options, plan))
    return fail(std::string(kPlanCutOff));
  if (depth == PlanDepth::full && !scenario.gpus_auto && !plan_scaling(scenario, options, plan))
    return fail(std::string(kPlanCutOff));
  explain_the_curve(plan.scaling);
  for (const ScenarioCheck& check : scenario.checks) plan.checks.push_back(judge(plan, check));
  if (scenario.power_cap_mw)
    plan.checks.push_back(
        judge(plan, {"the facility stays within the power cap", "constraints.power_cap_mw", "facility_peak_mw",
                     ScenarioCheck::Kind::at_most, *scenario.power_cap_mw, 0, ""}));
  if (scenario.deadline_days)
    plan.checks.push_back(judge(
        plan, {!plan.reliability ? "training ends by the deadline (failure-free: the failure catalog did not load)"
               : plan.reliability->monte_carlo
                   ? "training ends by the deadline in nine runs of ten, failures and restarts included (Monte Carlo)"
                   : "training ends by the deadline, failures and restarts included",
               "constraints.deadline_days", plan.reliability ? "wall_days" : "days", ScenarioCheck::Kind::at_most,
               *scenario.deadline_days, 0, ""}));
  if (scenario.budget_usd)
    plan.checks.push_back(judge(plan, {"the build stays within the budget", "constraints.budget_usd", "capex_usd",
                                       ScenarioCheck::Kind::at_most, *scenario.budget_usd, 0, ""}));
  if (scenario.run_budget_usd)
    plan.checks.push_back(
        judge(plan, {"the training run stays within its budget", "constraints.run_budget_usd", "cost_per_run_usd",
                     ScenarioCheck::Kind::at_most, *scenario.run_budget_usd, 0, ""}));
  if (scenario.site && scenario.site->available_mw)
    plan.checks.push_back(
        judge(plan, {"the facility's peak fits the site's approved power", "site.available_mw", "facility_peak_mw",
                     ScenarioCheck::Kind::at_most, *scenario.site->available_mw, 0, ""}));
  return plan;
}

}  // namespace gigasim
