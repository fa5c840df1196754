#include "plan/plan.hpp"

#include <chrono>
#include <cmath>

#include <fmt/format.h>

#include "cluster/topology.hpp"
#include "search/cluster_sizing.hpp"

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
  if (metric == "accelerator_energy_mwh") return plan.energy.accelerator_mwh;
  if (metric == "accelerator_tco2") return plan.energy.accelerator_tco2;
  return std::nullopt;
}

PlanCheck judge(const Plan& plan, const ScenarioCheck& check) {
  PlanCheck out{check.claim, check.source, check.metric, "", metric_value(plan, check.metric), check.value, false};
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

}  // namespace

double default_pue(Cooling cooling) {
  return cooling == Cooling::liquid ? kLiquidPue : kAirPue;
}

Result<Plan, std::string> make_plan(const Scenario& scenario, const SearchOptions& options) {
  Plan plan;
  plan.name = scenario.name;
  const SearchJob& job = scenario.job;
  std::optional<RankedLayout> best;
  if (scenario.gpus_auto) {
    const SizingResult sizing = size_cluster(job, *scenario.deadline_days, options);
    if (!sizing.answer)
      return fail(fmt::format("no cluster size trains the tokens within {} days (largest tried: {} GPUs)",
                              *scenario.deadline_days, sizing.curve.empty() ? 0 : sizing.curve.back().gpus));
    best = sizing.curve[*sizing.answer].best;
    plan.training.layouts_considered = sizing.curve.size();
  } else {
    const SearchResult result = search_layouts(job, options);
    if (!result.best.empty()) best = result.best.front();
    plan.training.layouts_considered = result.candidates;
    if (!best) {
      std::string reasons;
      for (const Rejections& r : result.rejected)
        reasons += fmt::format("\n  {} × {}: {}", r.count, r.reason, r.example);
      return fail(fmt::format("no layout of {} GPUs is feasible:{}", job.base.cluster.gpus, reasons));
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
    return fail(std::string("the scenario gives neither training.tokens nor training.days: give one"));
  }
  plan.training.finish = date_after(scenario.start, plan.training.days);

  const ClusterSpec& cluster = plan.training.job.cluster;
  const Topology topology = build_topology(cluster);
  plan.build = build_out(cluster, topology, Watts(scenario.rack_power_kw * kWattsPerKilowatt));
  PowerInputs inputs;
  inputs.pue = scenario.pue.value_or(default_pue(scenario.cooling));
  plan.power = power_profile(cluster, plan.build, plan.training.estimate.breakdown, inputs);
  ChainInputs chain_inputs;
  chain_inputs.feed_kv = scenario.feed_kv;
  plan.chain = power_chain(plan.power, chain_inputs);
  plan.energy =
      training_energy(plan.power, plan.training.days, scenario.site ? scenario.site->grid_g_co2_per_kwh : std::nullopt);

  for (const ScenarioCheck& check : scenario.checks) plan.checks.push_back(judge(plan, check));
  if (scenario.power_cap_mw)
    plan.checks.push_back(judge(plan, {"the facility stays within the power cap", "constraints.power_cap_mw",
                                       "facility_peak_mw", ScenarioCheck::Kind::at_most, *scenario.power_cap_mw, 0}));
  if (scenario.deadline_days)
    plan.checks.push_back(judge(plan, {"training ends by the deadline", "constraints.deadline_days", "days",
                                       ScenarioCheck::Kind::at_most, *scenario.deadline_days, 0}));
  return plan;
}

}  // namespace gigasim
