// How fast `gigasim simulate --collective` is: a 1 GiB ring all-reduce on H100 nodes (hgx-h100,
// ib-ndr-fat-tree) at 16,384 and 131,072 GPUs (issue 5's bars: under 1 s and under 10 s), one
// ring step simulated as flows (8 channels × n flows) with max-min sharing; and on ASTRA-sim
// analytical networks (examples/networks/), tier by tier: 8 × 32 × 64 = 16,384 NPUs (under 1 s)
// and 8 × 32 × 512 = 131,072 (under 10 s).
#include <fstream>
#include <sstream>

#include <benchmark/benchmark.h>

#include "cluster/astra_topology.hpp"
#include "cluster/topology.hpp"
#include "sim/collective_sim.hpp"
#include "spec/catalog.hpp"

namespace {

void BM_SimulateAllReduce1GiB(benchmark::State& state) {
  const auto catalog = gigasim::load_builtin_catalog().value();
  const gigasim::GpuSpec& gpu = catalog.gpus.at("h100-sxm");
  const gigasim::NodeSpec& node = catalog.nodes.at(gpu.default_node);
  const int gpus = static_cast<int>(state.range(0));
  const gigasim::ClusterSpec cluster{gpu, gpus, node, catalog.fabrics.at(node.default_fabric)};
  const gigasim::Topology topology = gigasim::build_topology(cluster);
  for (auto _ : state)
    benchmark::DoNotOptimize(
        gigasim::simulate_collective(gigasim::Collective::all_reduce, gigasim::gib(1), gpus, topology));
}
BENCHMARK(BM_SimulateAllReduce1GiB)->Arg(16384)->Arg(131072)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_SimulateAstraAllReduce1GiB(benchmark::State& state, const std::string& file) {
  std::ifstream in(std::string(GIGASIM_SOURCE_DIR) + "/examples/networks/" + file);
  std::stringstream text;
  text << in.rdbuf();
  const gigasim::AstraNetwork network = gigasim::parse_astra_network(text.str(), file).value();
  const gigasim::Topology topology = gigasim::topology_from_astra(network);
  const int npus = static_cast<int>(network.npus());
  for (auto _ : state)
    benchmark::DoNotOptimize(
        gigasim::simulate_hierarchical(gigasim::Collective::all_reduce, gigasim::gib(1), npus, topology));
}
BENCHMARK_CAPTURE(BM_SimulateAstraAllReduce1GiB, astra_8x32x64, std::string("astra-8x32x64.yaml"))
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(BM_SimulateAstraAllReduce1GiB, astra_8x32x512, std::string("astra-8x32x512.yaml"))
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
