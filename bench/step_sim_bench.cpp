// How fast `gigasim simulate JOB.yaml` is (issue 5's bars): Llama 3 405B's layout (tp 8, pp 16) on
// 16,384 H100 (dp 128, under 1 s and 1 GiB), on 98,304 H100 (dp 768, 3-tier fabric: under 10 s
// and 4 GiB), and the same with 1% stragglers (under 60 s); symmetric mode. Reported per run:
// flows started, lanes (simulated pipeline ranks) and the peak resident memory of the process so
// far (getrusage: the largest job run last shows its own peak).
#include <algorithm>
#include <fstream>
#include <sstream>

#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include "cluster/job_placement.hpp"
#include "sim/link_faults.hpp"
#include "sim/step_sim.hpp"
#include "spec/cluster_file.hpp"
#include "spec/job_parse.hpp"

namespace {

constexpr double kKibPerMib = 1024.0;

gigasim::Job load_example(const std::string& relative_path) {
  std::ifstream file(std::string(GIGASIM_SOURCE_DIR) + "/examples/" + relative_path);
  std::stringstream text;
  text << file.rdbuf();
  const auto catalog = gigasim::load_builtin_catalog();
  return gigasim::parse_job(text.str(), relative_path, catalog.value()).value();
}

double peak_resident_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / kKibPerMib;  // ru_maxrss is in KiB on Linux
}

void simulate(benchmark::State& state, const std::string& example) {
  const gigasim::Job job = load_example(example);
  std::size_t flows = 0;
  std::size_t lanes = 0;
  for (auto _ : state) {
    const gigasim::SimulatedStep step = gigasim::simulate_step(job);
    flows = step.flows;
    lanes = step.lanes.size();
    benchmark::DoNotOptimize(step.step.step_time);
  }
  state.counters["flows"] = static_cast<double>(flows);
  state.counters["lanes"] = static_cast<double>(lanes);
  state.counters["peak_rss_mib"] = peak_resident_mib();
}

BENCHMARK_CAPTURE(simulate, llama3_405b_16k, std::string("llama3-405b-16k-h100.yaml"))
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(simulate, llama3_405b_98k, std::string("simulate/llama3-405b-98k-h100.yaml"))
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(simulate, llama3_405b_98k_stragglers, std::string("simulate/llama3-405b-98k-h100-stragglers.yaml"))
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1);

// A cluster file as `gigasim simulate CLUSTER.yaml` runs it: each job alone, then all together,
// each repeating its step until the longest alone step is over (issue 6's bar: the 24,576-GPU
// example with nine jobs under 30 s).
void simulate_cluster(benchmark::State& state, const std::string& example) {
  std::ifstream in(std::string(GIGASIM_SOURCE_DIR) + "/examples/" + example);
  std::stringstream text;
  text << in.rdbuf();
  const auto catalog = gigasim::load_builtin_catalog();
  const gigasim::ClusterFile file = gigasim::parse_cluster_file(text.str(), example, catalog.value()).value();
  const gigasim::Topology topology = gigasim::build_topology(file.cluster);
  const auto nodes = gigasim::place_jobs(file, topology).value();
  const auto faults =
      gigasim::plan_link_faults(file.link_faults, topology, file.cluster.gpus, file.cluster.fabric.link_bandwidth)
          .value();
  const gigasim::PrepareFabric prepare = [&](const gigasim::FabricGraph& fabric, gigasim::FlowNetwork& network) {
    gigasim::apply_link_cuts(faults, fabric, network);
  };
  std::vector<gigasim::PlacedJob> placed;
  for (std::size_t j = 0; j < file.jobs.size(); ++j) placed.push_back({&file.jobs[j].job, nodes[j]});
  for (auto _ : state) {
    gigasim::Seconds longest(0.0);
    for (const gigasim::PlacedJob& job : placed) {
      const gigasim::SharedStep alone = gigasim::simulate_shared(
          topology, file.cluster.gpus, std::span<const gigasim::PlacedJob>(&job, 1), {}, prepare);
      longest = std::max(longest, alone.jobs.front().step.step_time);
    }
    benchmark::DoNotOptimize(gigasim::simulate_shared(topology, file.cluster.gpus, placed, {}, prepare, longest));
  }
  state.counters["jobs"] = static_cast<double>(placed.size());
  state.counters["peak_rss_mib"] = peak_resident_mib();
}

BENCHMARK_CAPTURE(simulate_cluster, meta_24k_nine_jobs_random, std::string("cluster/meta-24k-nine-jobs-random.yaml"))
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1);

}  // namespace
