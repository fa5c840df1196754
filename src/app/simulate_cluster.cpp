#include "app/simulate_cluster.hpp"

#include <algorithm>
#include <fstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "app/input_files.hpp"
#include "app/progress_line.hpp"
#include "cluster/job_placement.hpp"
#include "cluster/topology.hpp"
#include "report/cluster_simulation.hpp"
#include "sim/link_faults.hpp"
#include "sim/step_sim.hpp"
#include "spec/cluster_file.hpp"
#include "util/number_format.hpp"

namespace gigasim {
namespace {

constexpr int kInvalidInput = 2;
constexpr int kJsonIndent = 2;

int report(const Diagnostics& problems, std::ostream& err) {
  for (const std::string& line : formatted(problems)) err << line << "\n";
  return kInvalidInput;
}

}  // namespace

int run_simulate_cluster(const std::string& text, const Catalog& catalog, const SimulateStepOptions& options,
                         std::ostream& out, std::ostream& err) {
  const auto file = parse_cluster_file(text, options.job_path, catalog);
  if (!file) return report(file.error(), err);
  const ClusterFile& cluster = file.value();
  const Topology topology = build_topology(cluster.cluster);
  auto nodes = place_jobs(cluster, topology);
  if (!nodes) return report(nodes.error(), err);
  auto faults =
      plan_link_faults(cluster.link_faults, topology, cluster.cluster.gpus, cluster.cluster.fabric.link_bandwidth);
  if (!faults) return report(faults.error(), err);

  std::ofstream trace_file;
  if (!options.trace_path.empty()) {
    trace_file.open(options.trace_path);
    if (!trace_file) {
      err << fmt::format("gigasim simulate: --trace {}: cannot write there; give a path in a writable folder\n",
                         options.trace_path);
      return kInvalidInput;
    }
  }
  ClusterRun run;
  run.file = &cluster;
  run.nodes = std::move(nodes.value());
  run.faults = std::move(faults.value());
  const PrepareFabric prepare = [&run](const FabricGraph& fabric, FlowNetwork& network) {
    apply_link_cuts(run.faults, fabric, network);
  };
  std::vector<PlacedJob> placed;
  for (std::size_t j = 0; j < cluster.jobs.size(); ++j) placed.push_back({&cluster.jobs[j].job, run.nodes[j]});
  // Each job alone on the same nodes and the same faulty fabric (what the others cost it); with
  // faults also alone on the whole fabric (what the faults cost it). Then all together, each job
  // repeating its step until the longest alone step has passed, so a short job loads the links
  // all through a long one.
  // --time-limit bounds the whole command; on a terminal a line says which simulation runs.
  const WorkLimit limit = WorkLimit::after_seconds(options.time_limit_s);
  bool cut_off = false;
  {
    ProgressLine progress(err);
    const auto shown_as = [&progress](std::string what) {
      return [&progress, what = std::move(what)](Seconds simulated) {
        progress.show(fmt::format("{}: {} simulated", what, duration_text(simulated.value())));
      };
    };
    const auto alone = [&](std::size_t j, const PrepareFabric& fabric) {
      SharedStep shared =
          simulate_shared(topology, cluster.cluster.gpus, std::span<const PlacedJob>(&placed[j], 1),
                          {.full = options.full,
                           .trace = false,
                           .limit = limit,
                           .progress = shown_as(fmt::format("job {} of {} alone", j + 1, placed.size()))},
                          fabric);
      cut_off = cut_off || shared.cut_off;
      return shared.cut_off ? SimulatedStep{} : std::move(shared.jobs.front());
    };
    Seconds longest(0.0);
    for (std::size_t j = 0; j < placed.size() && !cut_off; ++j) {
      run.alone.push_back(alone(j, prepare));
      longest = std::max(longest, run.alone.back().step.step_time);
    }
    if (!run.faults.cuts.empty())
      for (std::size_t j = 0; j < placed.size() && !cut_off; ++j) run.whole.push_back(alone(j, {}));
    if (!cut_off) {
      run.shared = simulate_shared(topology, cluster.cluster.gpus, placed,
                                   {.full = options.full,
                                    .trace = trace_file.is_open(),
                                    .limit = limit,
                                    .progress = shown_as(fmt::format("the {} jobs together", placed.size()))},
                                   prepare, longest);
      cut_off = run.shared.cut_off;
    }
  }
  if (cut_off) {
    err << simulation_cut_off_message(options);
    return kInvalidInput;
  }

  if (trace_file.is_open()) {
    write_cluster_trace(run, trace_file);
    trace_file.close();
    if (!trace_file) {
      err << fmt::format("gigasim simulate: --trace {}: writing failed (disk full?)\n", options.trace_path);
      return kInvalidInput;
    }
  }
  if (options.json)
    out << cluster_simulation_json(run).dump(kJsonIndent) << "\n";
  else
    out << cluster_simulation_table(run);
  return 0;
}

}  // namespace gigasim
