#include "app/simulate_command.hpp"

#include <chrono>
#include <fstream>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "app/input_files.hpp"
#include "app/progress_line.hpp"
#include "app/report_file.hpp"
#include "app/simulate_cluster.hpp"
#include "cluster/astra_topology.hpp"
#include "cluster/collective.hpp"
#include "cluster/placement.hpp"
#include "cluster/topology.hpp"
#include "perf/step_estimate.hpp"
#include "report/perfetto_trace.hpp"
#include "report/report_charts.hpp"
#include "report/simulation_json.hpp"
#include "report/simulation_table.hpp"
#include "search/resolve_job.hpp"
#include "sim/collective_sim.hpp"
#include "sim/step_sim.hpp"
#include "spec/astra_network.hpp"
#include "spec/catalog.hpp"
#include "spec/cluster_file.hpp"
#include "util/number_format.hpp"
#include "util/quantity_parse.hpp"

namespace gigasim {
namespace {

constexpr int kInvalidInput = 2;
constexpr int kJsonIndent = 2;
constexpr double kGiga = 1e9;
constexpr double kMillisecondsPerSecond = 1e3;

template <class Entry>
const Entry* find_named(const std::map<std::string, Entry, std::less<>>& entries, const std::string& name,
                        std::string_view what, std::ostream& err) {
  if (const auto found = entries.find(name); found != entries.end()) return &found->second;
  err << fmt::format("gigasim simulate: unknown {} '{}'; the catalog has {} (gigasim catalog)\n", what, name,
                     fmt::join(names_of(entries), ", "));
  return nullptr;
}

// The analytical model's time for the same collective over the first `gpus` GPUs, as a group of
// one dimension placed first (stride 1) by the step model's placement.
CollectiveCost analytical(Collective kind, Bytes bytes, int gpus, const Topology& topology,
                          CollectiveAlgorithm algorithm) {
  Parallelism layout;
  layout.tp = gpus;
  layout.dp = 1;
  const Placement placement = place_groups(layout, topology);
  return collective_cost(kind, bytes, placement.tp, topology, algorithm);
}

std::vector<std::string_view> names_of_choices() {
  std::vector<std::string_view> names;
  for (const auto& choice : collective_algorithm_choices()) names.push_back(choice.name);
  return names;
}

}  // namespace

int run_simulate_collective(const SimulateCollectiveOptions& options, std::ostream& out, std::ostream& err) {
  std::optional<Collective> kind;
  for (const auto& choice : collective_choices())
    if (choice.name == options.collective) kind = choice.value;
  if (!kind || *kind == Collective::send_recv) {
    err << fmt::format(
        "gigasim simulate: --collective '{}' is not a group collective; use all-reduce, all-gather, "
        "reduce-scatter (ring) or all-to-all (direct)\n",
        options.collective);
    return kInvalidInput;
  }
  const auto bytes = parse_quantity(options.bytes, Dimension::bytes);
  if (!bytes) {
    err << fmt::format("gigasim simulate: --bytes '{}': {}; e.g. 1GiB or 256MiB\n", options.bytes, bytes.error());
    return kInvalidInput;
  }
  // A collective's buffer lives in each GPU's memory: more than a terabyte is a typo (no GPU holds
  // one), and beyond it the simulator's integer clock would overflow.
  constexpr double kMaxCollectiveBytes = 1099511627776.0;  // 1 TiB
  if (!(bytes.value() > 0 && bytes.value() <= kMaxCollectiveBytes)) {
    err << fmt::format(
        "gigasim simulate: --bytes '{}': {}B is not a buffer a GPU holds; give more than 0 and at "
        "most 1TiB, e.g. 1GiB\n",
        options.bytes, with_suffix(bytes.value()));
    return kInvalidInput;
  }
  Topology topology;
  nlohmann::ordered_json cluster_json;
  std::string cluster_text;
  if (!options.network_path.empty()) {
    const auto text = read_text_file(options.network_path);
    if (!text) {
      err << text.error() << "\n";
      return kInvalidInput;
    }
    const auto network = parse_astra_network(text.value(), options.network_path);
    if (!network) {
      for (const std::string& line : formatted(network.error())) err << line << "\n";
      return kInvalidInput;
    }
    if (network.value().npus() != options.gpus) {
      std::vector<int> npus;
      for (const AstraDimension& dimension : network.value().dimensions) npus.push_back(dimension.npus);
      err << fmt::format("gigasim simulate: --gpus {} but {} has {} NPUs ({}); give --gpus {}\n", options.gpus,
                         options.network_path, network.value().npus(), fmt::join(npus, " × "), network.value().npus());
      return kInvalidInput;
    }
    topology = topology_from_astra(network.value());
    cluster_json = {{"network", options.network_path}};
    cluster_text = options.network_path + ", ASTRA-sim analytical network";
  } else {
    const auto catalog = load_catalog(options.catalog_files);
    if (!catalog) {
      for (const std::string& line : catalog.error()) err << line << "\n";
      return kInvalidInput;
    }
    const Catalog& entries = catalog.value();
    const GpuSpec* gpu = find_named(entries.gpus, options.gpu, "GPU", err);
    if (gpu == nullptr) return kInvalidInput;
    const NodeSpec* node =
        find_named(entries.nodes, options.node.empty() ? gpu->default_node : options.node, "node", err);
    if (node == nullptr) return kInvalidInput;
    const FabricSpec* fabric =
        find_named(entries.fabrics, options.fabric.empty() ? node->default_fabric : options.fabric, "fabric", err);
    if (fabric == nullptr) return kInvalidInput;
    topology = build_topology(ClusterSpec{*gpu, options.gpus, *node, *fabric});
    cluster_json = {{"gpu", gpu->name}, {"node", node->name}, {"fabric", fabric->name}};
    cluster_text = fmt::format("{} × {} ({}, {})", options.gpus, gpu->name, node->name, fabric->name);
  }
  // By default the fastest algorithm on a gigasim fabric, as NCCL picks its own by size and
  // topology (and as `gigasim estimate` prices collectives), and dimension by dimension (ASTRA-sim's
  // way) on an ASTRA-sim network; all-to-all is always direct.
  CollectiveAlgorithm algorithm =
      !options.network_path.empty() ? CollectiveAlgorithm::hierarchical : CollectiveAlgorithm::automatic;
  if (*kind == Collective::all_to_all) algorithm = CollectiveAlgorithm::direct;
  if (!options.algorithm.empty()) {
    std::optional<CollectiveAlgorithm> chosen;
    for (const auto& choice : collective_algorithm_choices())
      if (choice.name == options.algorithm) chosen = choice.value;
    if (!chosen) {
      err << fmt::format("gigasim simulate: --algorithm '{}' is unknown; use one of {}\n", options.algorithm,
                         fmt::join(names_of_choices(), ", "));
      return kInvalidInput;
    }
    algorithm = *chosen;
  }
  if (*kind == Collective::all_to_all && options.gpus > kMostAllToAllGpus) {
    const CollectiveCost estimate = analytical(*kind, Bytes(bytes.value()), options.gpus, topology, algorithm);
    err << fmt::format(
        "gigasim simulate: --gpus {}: an all-to-all over more than {} GPUs is too many flows to simulate ({} at "
        "once; {} GPUs took 3.2 GB); the analytical model prices it at {:.3f} ms (busBW {:.1f} GB/s): give --gpus {} "
        "or fewer to simulate it\n",
        with_commas(options.gpus), with_commas(kMostAllToAllGpus),
        with_suffix(double(options.gpus) * double(options.gpus - 1)), with_commas(kMostAllToAllGpus),
        estimate.time.value() * 1e3, estimate.bus_bandwidth.value() / 1e9, with_commas(kMostAllToAllGpus));
    return kInvalidInput;
  }
  const std::optional<SimulatedCollective> simulated =
      simulate_collective_by(*kind, algorithm, Bytes(bytes.value()), options.gpus, topology);
  if (!simulated) {
    err << fmt::format(
        "gigasim simulate: --algorithm {} does not apply to {} here (tree and in-network are all-reduce only, "
        "in-network needs switches that reduce, all-to-all is direct only); try --algorithm automatic\n",
        to_string(algorithm), to_string(*kind));
    return kInvalidInput;
  }
  const SimulatedCollective& run = *simulated;
  const CollectiveCost estimate = analytical(*kind, Bytes(bytes.value()), options.gpus, topology, run.algorithm);

  if (options.json) {
    const nlohmann::ordered_json json{
        {"kind", to_string(run.kind)},
        {"bytes", run.bytes.value()},
        {"gpus", run.gpus},
        {"time_s", run.time.value()},
        {"algorithm", to_string(run.algorithm)},
        {"busbw_gbps", run.bus_bandwidth.value() / kGiga},
        {"cluster", cluster_json},
        {"flows_per_step", run.flows_per_step},
        {"latency_s", run.latency.value()},
        {"vs_estimate", {{"time_s", estimate.time.value()}, {"busbw_gbps", estimate.bus_bandwidth.value() / kGiga}}},
    };
    out << json.dump(kJsonIndent) << "\n";
    return 0;
  }
  out << fmt::format("{} of {} over {}, {} simulated as flows\n", to_string(run.kind), options.bytes, cluster_text,
                     to_string(run.algorithm));
  out << fmt::format("  time        {:>10.3f} ms   busBW {:.1f} GB/s\n", run.time.value() * kMillisecondsPerSecond,
                     run.bus_bandwidth.value() / kGiga);
  out << fmt::format("  of which    {:>10.3f} ms   latency of the steps\n",
                     run.latency.value() * kMillisecondsPerSecond);
  out << fmt::format(
      "  estimate    {:>10.3f} ms   busBW {:.1f} GB/s (the analytical {}, as `gigasim estimate` prices it)\n",
      estimate.time.value() * kMillisecondsPerSecond, estimate.bus_bandwidth.value() / kGiga,
      to_string(estimate.algorithm));
  if (run.algorithm == CollectiveAlgorithm::direct)
    out << fmt::format("  {} flows on the fabric's links, every rank sending to every other at once\n",
                       run.flows_per_step);
  else if (run.algorithm == CollectiveAlgorithm::tree || run.algorithm == CollectiveAlgorithm::in_network)
    out << fmt::format("  {} flows on the fabric's links, pipelined: all at once\n", run.flows_per_step);
  else if (run.algorithm == CollectiveAlgorithm::hierarchical)
    out << fmt::format("  {} flows: one step of each tier's rings simulated, the tiers one after another\n",
                       run.flows_per_step);
  else
    out << fmt::format("  {} flows per step on the fabric's links, one step simulated (all steps alike)\n",
                       run.flows_per_step);
  return 0;
}

std::string simulation_cut_off_message(const SimulateStepOptions& options) {
  return fmt::format("{}: the simulation went past --time-limit {:g} s and was stopped; {}a longer limit\n",
                     options.job_path, options.time_limit_s, options.full ? "leave out --full, or " : "");
}

int run_simulate_step(const SimulateStepOptions& options, std::ostream& out, std::ostream& err) {
  const auto catalog = load_catalog(options.catalog_files);
  if (!catalog) {
    for (const std::string& line : catalog.error()) err << line << "\n";
    return kInvalidInput;
  }
  const auto text = read_text_file(options.job_path);
  if (!text) {
    err << text.error() << "\n";
    return kInvalidInput;
  }
  if (is_cluster_file(text.value())) {
    if (!options.report_path.empty()) {
      err << fmt::format(
          "gigasim simulate: --report draws one job's step; {} is a cluster file (jobs:), whose "
          "per-job table and --json are what there is for now\n",
          options.job_path);
      return kInvalidInput;
    }
    return run_simulate_cluster(text.value(), catalog.value(), options, out, err);
  }
  // --time-limit bounds the search for `auto` layout fields and the simulation together.
  const WorkLimit limit = WorkLimit::after_seconds(options.time_limit_s);
  ProgressLine progress(err);
  const auto job =
      resolve_job(text.value(), options.job_path, catalog.value(), command_search_options(progress, 0, limit));
  progress.clear();
  if (!job) {
    for (const std::string& line : job.error()) err << line << "\n";
    return kInvalidInput;
  }
  if (const auto refusal = simulation_refusal(job.value())) {
    err << options.job_path << ": " << *refusal << "\n";
    return kInvalidInput;
  }
  std::ofstream trace_file;
  if (!options.trace_path.empty()) {
    trace_file.open(options.trace_path);
    if (!trace_file) {
      err << fmt::format("gigasim simulate: --trace {}: cannot write there; give a path in a writable folder\n",
                         options.trace_path);
      return kInvalidInput;
    }
  }
  SimulatedStep simulated;
  {
    // On a terminal: how far into the step the simulation is, against the estimate's step time;
    // the line is cleared before anything else prints.
    ProgressLine simulating(err);
    const Seconds estimated = estimate_step(job.value()).step_time;
    const auto started = std::chrono::steady_clock::now();
    const auto show_progress = [&](Seconds so_far) {
      const double elapsed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      simulating.show(fmt::format("simulated {} of the step (the estimate: {}) in {}", duration_text(so_far.value()),
                                  duration_text(estimated.value()), duration_text(elapsed_s)));
    };
    simulated = simulate_step(
        job.value(), {.full = options.full, .trace = trace_file.is_open(), .limit = limit, .progress = show_progress});
  }
  if (simulated.cut_off) {
    err << simulation_cut_off_message(options);
    return kInvalidInput;
  }
  if (trace_file.is_open()) {
    write_perfetto_trace(job.value(), simulated, trace_file);
    trace_file.close();
    if (!trace_file) {
      err << fmt::format("gigasim simulate: --trace {}: writing failed (disk full?)\n", options.trace_path);
      return kInvalidInput;
    }
  }
  if (!options.report_path.empty() &&
      !write_report(options.report_path, fmt::format("{}: one step, event by event", options.job_path),
                    simulation_table(job.value(), simulated), simulation_charts(simulated),
                    simulation_json(job.value(), simulated), err))
    return kInvalidInput;
  if (options.json)
    out << simulation_json(job.value(), simulated).dump(kJsonIndent) << "\n";
  else
    out << simulation_table(job.value(), simulated);
  return 0;
}

}  // namespace gigasim
