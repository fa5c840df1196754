#include "report/simulation_table.hpp"

#include <array>
#include <map>

#include <fmt/format.h>

#include "util/number_format.hpp"

namespace gigasim {
namespace {

constexpr double kPercent = 100.0;

struct NamedPart {
  const char* name;
  Seconds StepBreakdown::*part;
  const char* meaning;
};

constexpr std::array<NamedPart, 8> kParts{{
    {"compute", &StepBreakdown::compute, "passes' own compute on the last lane to finish"},
    {"tp_comm", &StepBreakdown::tp_comm, "TP collectives inside its passes (flows on the group)"},
    {"cp_comm", &StepBreakdown::cp_comm, "CP exchange not hidden behind attention"},
    {"ep_comm", &StepBreakdown::ep_comm, "expert all-to-alls"},
    {"pp_comm", &StepBreakdown::pp_comm, "waiting for a message already on the wire"},
    {"pp_bubble", &StepBreakdown::pp_bubble, "waiting for another stage's pass"},
    {"dp_comm", &StepBreakdown::dp_comm, "waiting for gradients/weights, and compute slowed beside them"},
    {"optimizer", &StepBreakdown::optimizer, "Adam over this GPU's shard"},
}};

std::string critical_path_summary(const SimulatedStep& simulated) {
  std::map<std::string_view, std::pair<int, Ticks>> by_kind;
  for (const int index : simulated.critical_path) {
    const Activity& a = simulated.activities[static_cast<std::size_t>(index)];
    auto& [count, ticks] = by_kind[to_string(a.kind)];
    ++count;
    ticks += a.end - a.start;
  }
  std::string out;
  for (const auto& [kind, entry] : by_kind)
    out += fmt::format("{}{} {} ({})", out.empty() ? "" : ", ", entry.first, kind,
                       duration_text(seconds_of(entry.second).value()));
  return out;
}

}  // namespace

std::string simulation_table(const Job& job, const SimulatedStep& simulated) {
  const Parallelism& p = job.parallelism;
  const StepEstimate& sim = simulated.step;
  const StepEstimate& est = simulated.analytical;
  std::string out;
  out +=
      fmt::format("{} on {} × {} ({}, {}): one step simulated event by event\n", job.model.name,
                  with_commas(job.cluster.gpus), job.cluster.gpu.name, job.cluster.node.name, job.cluster.fabric.name);
  out += fmt::format("  tp {} · pp {}{} · cp {} · ep {} · dp {} · ZeRO-{} · {} micro-batches of {}\n", p.tp, p.pp,
                     p.vpp > 1 ? fmt::format(" × vpp {}", p.vpp) : "", p.cp, p.ep, with_commas(p.dp), p.zero,
                     p.micro_batches_per_step(), p.micro_batch);
  const Lane& critical = simulated.lanes[static_cast<std::size_t>(simulated.critical_lane)];
  out += fmt::format("  {} mode: {} lane{} ({} replica class{}), {} flows", simulated.full ? "full" : "symmetric",
                     with_commas(static_cast<double>(simulated.lanes.size())), simulated.lanes.size() == 1 ? "" : "s",
                     simulated.replica_classes, simulated.replica_classes == 1 ? "" : "es",
                     with_commas(static_cast<double>(simulated.flows)));
  if (simulated.straggler_gpus > 0)
    out += fmt::format(", {} straggler GPU{}", with_commas(simulated.straggler_gpus),
                       simulated.straggler_gpus == 1 ? "" : "s");
  out += "\n\n";

  out += fmt::format("Step time       {:>12}   estimate {:>12}   {:+.1f}%\n", duration_text(sim.step_time.value()),
                     duration_text(est.step_time.value()), (sim.step_time / est.step_time - 1.0) * kPercent);
  out += fmt::format("MFU             {:>11.1f}%   estimate {:>11.1f}%\n", sim.mfu * kPercent, est.mfu * kPercent);
  out += fmt::format("Tokens/s        {:>12}   estimate {:>12}\n", with_suffix(sim.tokens_per_s),
                     with_suffix(est.tokens_per_s));
  if (sim.time_to_train_days)
    out += fmt::format("Time to train   {:>9.1f} days   estimate {:>7.1f} days\n", *sim.time_to_train_days,
                       est.time_to_train_days.value_or(0.0));

  out +=
      fmt::format("\nWhere the step goes (stage {}{}, the last to finish)    simulated    estimate\n", critical.stage,
                  simulated.replica_classes > 1 ? fmt::format(", replica class {}", critical.replica_class) : "");
  for (const NamedPart& part : kParts) {
    const double s = (sim.breakdown.*part.part).value();
    const double e = (est.breakdown.*part.part).value();
    if (s == 0 && e == 0) continue;
    out += fmt::format("  {:<10} {:>12} {:>12}   {}\n", part.name, duration_text(s), duration_text(e), part.meaning);
  }

  out += fmt::format("\nCritical path: {}\n", critical_path_summary(simulated));
  out += "\nLinks by tier          busy links   peak use   mean use (busy)      bytes\n";
  for (const TierUtilisation& tier : simulated.link_utilisation) {
    if (tier.busy_links == 0) continue;
    out += fmt::format("  {:<16} {:>12} {:>9.1f}% {:>10.1f}%   {:>12}\n", tier.tier,
                       fmt::format("{}/{}", with_commas(tier.busy_links), with_commas(tier.links)),
                       tier.peak * kPercent, tier.mean_busy * kPercent, with_suffix(tier.bytes.value()) + "B");
  }
  return out;
}

}  // namespace gigasim
