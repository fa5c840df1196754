#include "sim/collective_sim.hpp"

#include <algorithm>
#include <cassert>

#include "sim/engine.hpp"
#include "sim/fabric_graph.hpp"
#include "sim/network_cm02.hpp"

namespace gigasim {
namespace {

// The ring of channel `channel`: domain after domain, and inside each domain its members in local
// order starting from member `channel` (mod the domain's members), so the ring leaves every domain
// through member channel − 1 and enters the next at member `channel`: each channel uses other NICs.
// The last domain may be partly filled; its fewer NICs then carry several channels.
int ring_position_to_gpu(int position, int channel, int domain_gpus, int gpus) {
  const int first = position / domain_gpus * domain_gpus;
  const int members = std::min(domain_gpus, gpus - first);
  return first + (position - first + channel) % members;
}

}  // namespace

SimulatedCollective simulate_collective(Collective kind, Bytes bytes, int gpus, const Topology& topology) {
  assert(kind == Collective::all_reduce || kind == Collective::all_gather || kind == Collective::reduce_scatter);
  SimulatedCollective result;
  result.kind = kind;
  result.bytes = bytes;
  result.gpus = gpus;
  if (gpus <= 1) return result;

  Engine engine;
  FlowNetwork network;
  engine.add_model(network);
  const FabricGraph fabric(topology, gpus, network);

  const int domain = topology.tiers.front().span_gpus;
  const bool crosses = gpus > domain;
  const int channels = crosses ? domain : 1;
  const Bytes per_flow = bytes / (static_cast<double>(gpus) * channels);

  std::vector<LinkId> route;
  for (int channel = 0; channel < channels; ++channel)
    for (int position = 0; position < gpus; ++position) {
      const int from = ring_position_to_gpu(position, channel, domain, gpus);
      const int to = ring_position_to_gpu((position + 1) % gpus, channel, domain, gpus);
      fabric.route(from, to, route);
      network.start_flow(route, per_flow, nullptr);
      ++result.flows_per_step;
    }
  result.step_transfer = seconds_of(engine.run());

  // Latency per step as NCCL's ring model charges it (tuning.cc, nInterSteps): of the steps, k − 1
  // (all-gather, reduce-scatter) or 2k (all-reduce) cross the network among k domains.
  const int steps = kind == Collective::all_reduce ? 2 * (gpus - 1) : gpus - 1;
  const int domains = (gpus + domain - 1) / domain;
  const int network_steps =
      !crosses ? 0 : std::min(steps, kind == Collective::all_reduce ? 2 * domains : std::max(1, domains - 1));
  const Seconds intra = topology.tiers.front().latency;
  const Seconds inter = crosses ? fabric.latency(0, gpus - 1) : intra;
  result.latency = intra * static_cast<double>(steps - network_steps) + inter * static_cast<double>(network_steps);
  result.time = result.latency + result.step_transfer * static_cast<double>(steps);
  result.bus_bandwidth = BytesPerSecond(bytes.value() / result.time.value() * bus_factor(kind, gpus));
  return result;
}

}  // namespace gigasim
