#include "report/cluster_simulation.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "report/perfetto_trace.hpp"
#include "util/number_format.hpp"

namespace gigasim {
namespace {

using nlohmann::json;

constexpr double kPercent = 100.0;

std::string_view policy_name(PlacementPolicy policy) {
  switch (policy) {
    case PlacementPolicy::contiguous: return "contiguous";
    case PlacementPolicy::spread: return "spread";
    case PlacementPolicy::random: return "random";
    case PlacementPolicy::nodes: return "nodes";
  }
  return "nodes";
}

// Node numbers as ranges: 0-15, 32-47.
std::string node_ranges(const std::vector<int>& nodes) {
  std::string out;
  std::size_t i = 0;
  int ranges = 0;
  constexpr int kShown = 3;
  while (i < nodes.size()) {
    std::size_t j = i;
    while (j + 1 < nodes.size() && nodes[j + 1] == nodes[j] + 1) ++j;
    if (++ranges > kShown) {
      out += ", …";
      break;
    }
    out += (out.empty() ? "" : ", ") + (i == j ? std::to_string(nodes[i]) : fmt::format("{}-{}", nodes[i], nodes[j]));
    i = j + 1;
  }
  return out;
}

double slowdown(const ClusterRun& run, std::size_t j) {
  return run.shared.mean_step_time[j] / run.alone[j].step.step_time;
}

}  // namespace

json cluster_simulation_json(const ClusterRun& run) {
  const ClusterFile& file = *run.file;
  const auto& tiers = run.shared.link_utilisation;
  json jobs = json::array();
  for (std::size_t j = 0; j < file.jobs.size(); ++j) {
    const ClusterJob& job = file.jobs[j];
    const SimulatedStep& shared = run.shared.jobs[j];
    json shared_links = json::object();
    for (std::size_t t = 0; t < tiers.size(); ++t)
      shared_links[tiers[t].tier] = run.shared.collisions[j].shared_links_by_tier[t];
    json with = json::array();
    for (const int other : run.shared.collisions[j].with_jobs)
      with.push_back(file.jobs[static_cast<std::size_t>(other)].name);
    jobs.push_back(
        {{"name", job.name},
         {"gpus", job.job.cluster.gpus},
         {"placement", policy_name(job.placement)},
         {"nodes", run.nodes[j]},
         {"step_time_s", shared.step.step_time.value()},
         {"alone_step_time_s", run.alone[j].step.step_time.value()},
         {"whole_fabric_step_time_s", run.whole.empty() ? json(nullptr) : json(run.whole[j].step.step_time.value())},
         {"slowdown", slowdown(run, j)},
         {"estimate_step_time_s", shared.analytical.step_time.value()},
         // Throughput over the steps run; the breakdown is the first step's.
         {"mfu", shared.step.mfu * (shared.step.step_time / run.shared.mean_step_time[j])},
         {"tokens_per_s", shared.step.tokens_per_s * (shared.step.step_time / run.shared.mean_step_time[j])},
         {"breakdown_s",
          {{"compute", shared.step.breakdown.compute.value()},
           {"tp_comm", shared.step.breakdown.tp_comm.value()},
           {"cp_comm", shared.step.breakdown.cp_comm.value()},
           {"ep_comm", shared.step.breakdown.ep_comm.value()},
           {"pp_comm", shared.step.breakdown.pp_comm.value()},
           {"pp_bubble", shared.step.breakdown.pp_bubble.value()},
           {"dp_comm", shared.step.breakdown.dp_comm.value()},
           {"optimizer", shared.step.breakdown.optimizer.value()}}},
         {"shared_links", shared_links},
         {"collides_with", with}});
  }
  json utilisation = json::array();
  for (const TierUtilisation& tier : tiers)
    utilisation.push_back({{"tier", tier.tier},
                           {"links", tier.links},
                           {"busy_links", tier.busy_links},
                           {"bytes", tier.bytes.value()},
                           {"peak", tier.peak},
                           {"mean_busy", tier.busy_links > 0 ? json(tier.mean_busy) : json(nullptr)}});
  json faults = json::array();
  for (std::size_t f = 0; f < run.faults.summary.size(); ++f) {
    const FaultSummary& summary = run.faults.summary[f];
    faults.push_back({{"tier", summary.tier},
                      {"kind", summary.switches ? "switch" : "link"},
                      {"physical_links", summary.physical_links},
                      {"faulty", summary.faulty},
                      {"capacity", file.link_faults[f].capacity},
                      {"capacity_left", summary.capacity_left}});
  }
  return {{"cluster",
           {{"gpu", file.cluster.gpu.name},
            {"gpus", file.cluster.gpus},
            {"node", file.cluster.node.name},
            {"fabric", file.cluster.fabric.name}}},
          {"jobs", jobs},
          {"link_utilisation", utilisation},
          {"link_faults", faults}};
}

std::string cluster_simulation_table(const ClusterRun& run) {
  const ClusterFile& file = *run.file;
  std::string out = fmt::format(
      "{} job{} on {} × {} ({}, {}), simulated together: each repeats its step until the longest "
      "alone step is over\n",
      file.jobs.size(), file.jobs.size() == 1 ? "" : "s", with_commas(file.cluster.gpus), file.cluster.gpu.name,
      file.cluster.node.name, file.cluster.fabric.name);
  for (std::size_t f = 0; f < run.faults.summary.size(); ++f) {
    const FaultSummary& s = run.faults.summary[f];
    out += fmt::format("  link faults: {} of {} {} {} {} ({:.2f}% of the tier's capacity left)\n",
                       with_commas(static_cast<double>(s.faulty)), with_commas(static_cast<double>(s.physical_links)),
                       s.tier, s.switches ? "switches" : "links",
                       file.link_faults[f].capacity > 0 ? "degraded" : "down", s.capacity_left * kPercent);
  }
  const bool faulty = !run.whole.empty();
  out += fmt::format("\n  {:<14} {:>7}  {:<11}  {:<22} {:>10} {:>10} {:>5} {:>9}{}   shares links with\n", "job",
                     "GPUs", "placement", "nodes", "alone", "shared", "steps", "slowdown", faulty ? "  no faults" : "");
  for (std::size_t j = 0; j < file.jobs.size(); ++j) {
    const ClusterJob& job = file.jobs[j];
    std::string with;
    for (const int other : run.shared.collisions[j].with_jobs)
      with += (with.empty() ? "" : ", ") + file.jobs[static_cast<std::size_t>(other)].name;
    std::string where;
    const auto& shared_by_tier = run.shared.collisions[j].shared_links_by_tier;
    for (std::size_t t = 0; t < shared_by_tier.size(); ++t)
      if (shared_by_tier[t] > 0)
        where += fmt::format("{}{} {}", where.empty() ? "" : ", ", with_commas(shared_by_tier[t]),
                             run.shared.link_utilisation[t].tier);
    out += fmt::format("  {:<14} {:>7}  {:<11}  {:<22} {:>10} {:>10} {:>5} {:>+8.1f}%{}   {}\n", job.name,
                       with_commas(job.job.cluster.gpus), policy_name(job.placement), node_ranges(run.nodes[j]),
                       duration_text(run.alone[j].step.step_time.value()),
                       duration_text(run.shared.mean_step_time[j].value()), run.shared.steps_run[j],
                       (slowdown(run, j) - 1.0) * kPercent,
                       faulty ? fmt::format(" {:>10}", duration_text(run.whole[j].step.step_time.value())) : "",
                       with.empty() ? "-" : with + " (" + where + " links)");
  }
  out += "\nFabric links by tier   busy links   peak use   mean use (busy)      bytes\n";
  for (const TierUtilisation& tier : run.shared.link_utilisation) {
    if (tier.busy_links == 0) continue;
    out += fmt::format("  {:<16} {:>12} {:>9.1f}% {:>10.1f}%   {:>12}\n", tier.tier,
                       fmt::format("{}/{}", with_commas(tier.busy_links), with_commas(tier.links)),
                       tier.peak * kPercent, tier.mean_busy * kPercent, with_suffix(tier.bytes.value()) + "B");
  }
  return out;
}

void write_cluster_trace(const ClusterRun& run, std::ostream& out) {
  std::vector<TracedJob> jobs;
  for (std::size_t j = 0; j < run.file->jobs.size(); ++j)
    jobs.push_back(
        {fmt::format("{} ({} GPUs)", run.file->jobs[j].name, run.file->jobs[j].job.cluster.gpus), &run.shared.jobs[j]});
  write_perfetto_jobs_trace(jobs,
                            fmt::format("fabric ({} × {}, {})", run.file->cluster.gpus, run.file->cluster.gpu.name,
                                        run.file->cluster.fabric.name),
                            out);
}

}  // namespace gigasim
