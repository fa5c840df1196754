#include "report/simulation_json.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "report/estimate_json.hpp"

namespace gigasim {
namespace {

using nlohmann::json;

json part_differences(const StepBreakdown& simulated, const StepBreakdown& analytical) {
  StepBreakdown d;
  d.compute = simulated.compute - analytical.compute;
  d.tp_comm = simulated.tp_comm - analytical.tp_comm;
  d.cp_comm = simulated.cp_comm - analytical.cp_comm;
  d.ep_comm = simulated.ep_comm - analytical.ep_comm;
  d.pp_comm = simulated.pp_comm - analytical.pp_comm;
  d.pp_bubble = simulated.pp_bubble - analytical.pp_bubble;
  d.dp_comm = simulated.dp_comm - analytical.dp_comm;
  d.optimizer = simulated.optimizer - analytical.optimizer;
  return breakdown_json(d);
}

json critical_path_json(const SimulatedStep& simulated) {
  json path = json::array();
  for (const int index : simulated.critical_path) {
    const Activity& a = simulated.activities[static_cast<std::size_t>(index)];
    const bool pass = a.kind == ActivityKind::forward || a.kind == ActivityKind::backward;
    const bool message = a.kind == ActivityKind::pp_send;
    const bool collective = a.kind == ActivityKind::dp_reduce || a.kind == ActivityKind::dp_gather;
    path.push_back(
        {{"kind", to_string(a.kind)},
         {"stage", a.stage},
         {"replica_class", simulated.lanes[static_cast<std::size_t>(a.lane)].replica_class},
         {"micro_batch", pass || message ? json(a.micro_batch) : json(nullptr)},
         {"chunk", pass || message ? json(a.chunk) : json(nullptr)},
         {"bucket", collective ? json(a.chunk) : json(nullptr)},
         {"start_s", seconds_of(a.start).value()},
         {"end_s", seconds_of(a.end).value()},
         {"tier", a.tier >= 0 ? json(simulated.tier_names[static_cast<std::size_t>(a.tier)]) : json(nullptr)}});
  }
  return path;
}

}  // namespace

json simulation_json(const Job& job, const SimulatedStep& simulated) {
  json out = estimate_json(job, simulated.step);
  out["critical_path"] = critical_path_json(simulated);
  json tiers = json::array();
  for (const TierUtilisation& tier : simulated.link_utilisation)
    tiers.push_back({{"tier", tier.tier},
                     {"links", tier.links},
                     {"busy_links", tier.busy_links},
                     {"bytes", tier.bytes.value()},
                     {"peak", tier.peak},
                     {"mean_busy", tier.busy_links > 0 ? json(tier.mean_busy) : json(nullptr)}});
  out["link_utilisation"] = tiers;
  out["vs_estimate"] = {
      {"step_time_s", simulated.analytical.step_time.value()},
      {"difference_s", (simulated.step.step_time - simulated.analytical.step_time).value()},
      {"breakdown_s", breakdown_json(simulated.analytical.breakdown)},
      {"difference_by_part_s", part_differences(simulated.step.breakdown, simulated.analytical.breakdown)}};
  const Lane& critical = simulated.lanes[static_cast<std::size_t>(simulated.critical_lane)];
  out["simulation"] = {{"mode", simulated.full ? "full" : "symmetric"},
                       {"lanes", simulated.lanes.size()},
                       {"replica_classes", simulated.replica_classes},
                       {"straggler_gpus", simulated.straggler_gpus},
                       {"flows", simulated.flows},
                       {"activities", simulated.activities.size()},
                       {"critical_stage", critical.stage},
                       {"critical_replica_class", critical.replica_class},
                       {"stragglers",
                        {{"fraction", job.stragglers.fraction},
                         {"gpus", job.stragglers.gpus},
                         {"slowdown", job.stragglers.slowdown},
                         {"slowdown_max", std::max(job.stragglers.slowdown, job.stragglers.slowdown_max)},
                         {"seed", job.stragglers.seed}}}};
  return out;
}

}  // namespace gigasim
