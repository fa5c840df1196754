#include "sim/collective_sim.hpp"

#include <algorithm>
#include <cassert>
#include <vector>

#include "sim/engine.hpp"
#include "sim/fabric_graph.hpp"
#include "sim/network_cm02.hpp"

namespace gigasim {
namespace {

int gpu_of(const SimGroup& group, int member) {
  return group.first_gpu + member * group.stride;
}

// The member at ring position `position` of channel `channel`: domain after domain, and inside each
// domain its members in local order starting from member `channel` (mod the domain's members), so
// the ring leaves every domain through member channel − 1 and enters the next at member `channel`:
// each channel uses other NICs. The last domain may be partly filled; its fewer NICs then carry
// several channels.
int ring_member(int position, int channel, int per_domain, int size) {
  const int first = position / per_domain * per_domain;
  const int members = std::min(per_domain, size - first);
  return first + (position - first + channel) % members;
}

struct Transfer {
  Seconds step;
  std::size_t flows = 0;
};

// Starts `flows` on a fresh network over the group's GPUs and runs them to the end.
template <class StartFlows>
Transfer run_flows(const SimGroup& group, const Topology& topology, StartFlows start_flows) {
  Engine engine;
  FlowNetwork network;
  engine.add_model(network);
  const FabricGraph fabric(topology, gpu_of(group, group.size - 1) + 1, network);
  Transfer transfer;
  std::vector<LinkId> route;
  start_flows([&](int from_member, int to_member, Bytes bytes) {
    fabric.route(gpu_of(group, from_member), gpu_of(group, to_member), route);
    network.start_flow(route, bytes, nullptr);
    ++transfer.flows;
  });
  transfer.step = seconds_of(engine.run());
  return transfer;
}

void simulate_ring(SimulatedCollective& result, const SimGroup& group, const Topology& topology) {
  const RingShape shape = ring_shape(group, topology);
  const int n = group.size;
  const Bytes per_flow = result.bytes / (static_cast<double>(n) * shape.channels);
  const Transfer transfer = run_flows(group, topology, [&](auto&& send) {
    for (int channel = 0; channel < shape.channels; ++channel)
      for (int position = 0; position < n; ++position)
        send(ring_member(position, channel, shape.per_domain, n),
             ring_member((position + 1) % n, channel, shape.per_domain, n), per_flow);
  });
  result.step_transfer = transfer.step;
  result.flows_per_step = transfer.flows;
  result.latency = ring_latency(result.kind, group, topology);
  const int steps = result.kind == Collective::all_reduce ? 2 * (n - 1) : n - 1;
  result.time = result.latency + result.step_transfer * static_cast<double>(steps);
}

void simulate_all_to_all(SimulatedCollective& result, const SimGroup& group, const Topology& topology) {
  const RingShape shape = ring_shape(group, topology);
  const int n = group.size;
  const Bytes per_flow = result.bytes / static_cast<double>(n);
  const Transfer transfer = run_flows(group, topology, [&](auto&& send) {
    for (int from = 0; from < n; ++from)
      for (int to = 0; to < n; ++to)
        if (from != to) send(from, to, per_flow);
  });
  result.algorithm = CollectiveAlgorithm::direct;
  result.step_transfer = transfer.step;
  result.flows_per_step = transfer.flows;
  // One message per peer, as the analytical model charges it: m − 1 inside the domain, the rest across.
  const int inside = (shape.domains > 1 ? shape.per_domain : n) - 1;
  const Seconds intra = topology.tiers.front().latency;
  const Seconds inter = outermost_latency(group, topology);
  result.latency = intra * static_cast<double>(inside) + inter * static_cast<double>(n - 1 - inside);
  result.time = result.latency + result.step_transfer;
}

}  // namespace

RingShape ring_shape(const SimGroup& group, const Topology& topology) {
  const int domain_gpus = topology.tiers.front().span_gpus;
  RingShape shape;
  shape.per_domain =
      group.stride >= domain_gpus ? 1 : std::min(group.size, (domain_gpus + group.stride - 1) / group.stride);
  shape.domains = (group.size + shape.per_domain - 1) / shape.per_domain;
  shape.channels = shape.domains > 1 ? shape.per_domain : 1;
  return shape;
}

int ring_gpu(const SimGroup& group, const RingShape& shape, int position, int channel) {
  return gpu_of(group, ring_member(position, channel, shape.per_domain, group.size));
}

Seconds outermost_latency(const SimGroup& group, const Topology& topology) {
  const int first = gpu_of(group, 0);
  const int last = gpu_of(group, group.size - 1);
  for (const NetworkTier& tier : topology.tiers)
    if (first / tier.span_gpus == last / tier.span_gpus) return tier.latency;
  return topology.tiers.back().latency;
}

Seconds ring_latency(Collective kind, const SimGroup& group, const Topology& topology) {
  // Of the steps, k − 1 (all-gather, reduce-scatter) or 2k (all-reduce) cross the network among k
  // domains (NCCL tuning.cc, nInterSteps); the rest stay inside an NVLink domain.
  const RingShape shape = ring_shape(group, topology);
  const int n = group.size;
  const bool all_reduce = kind == Collective::all_reduce;
  const int steps = all_reduce ? 2 * (n - 1) : n - 1;
  const bool crosses = shape.domains > 1;
  const int network_steps =
      !crosses ? 0 : std::min(steps, all_reduce ? 2 * shape.domains : std::max(1, shape.domains - 1));
  const Seconds intra = topology.tiers.front().latency;
  const Seconds inter = crosses ? outermost_latency(group, topology) : intra;
  return intra * static_cast<double>(steps - network_steps) + inter * static_cast<double>(network_steps);
}

SimulatedCollective simulate_collective(Collective kind, Bytes bytes, const SimGroup& group, const Topology& topology) {
  assert(kind != Collective::send_recv && group.size >= 1 && group.stride >= 1);
  SimulatedCollective result;
  result.kind = kind;
  result.bytes = bytes;
  result.gpus = group.size;
  if (group.size <= 1) return result;
  if (kind == Collective::all_to_all)
    simulate_all_to_all(result, group, topology);
  else
    simulate_ring(result, group, topology);
  result.bus_bandwidth = BytesPerSecond(bytes.value() / result.time.value() * bus_factor(kind, group.size));
  return result;
}

SimulatedCollective simulate_hierarchical(Collective kind, Bytes bytes, int gpus, const Topology& topology) {
  assert(kind == Collective::all_reduce || kind == Collective::all_gather || kind == Collective::reduce_scatter);
  SimulatedCollective result;
  result.kind = kind;
  result.bytes = bytes;
  result.gpus = gpus;
  result.algorithm = CollectiveAlgorithm::hierarchical;
  if (gpus <= 1) return result;
  // Phase i runs, inside every block of the tier, rings of `size` GPUs `stride` apart (the same
  // place in each block of the tier below) on the share of the data the inner phases left;
  // all-gather mirrors reduce-scatter with the same flows.
  double share = 1.0;  // of `bytes` each rank holds entering the phase
  int stride = 1;
  const bool all_reduce = kind == Collective::all_reduce;
  for (const NetworkTier& tier : topology.tiers) {
    const int span = std::min(tier.span_gpus, gpus);
    const int size = span / stride;
    if (size > 1) {
      const Bytes per_flow = bytes * (share / size);
      Engine engine;
      FlowNetwork network;
      engine.add_model(network);
      const FabricGraph fabric(topology, gpus, network);
      std::vector<LinkId> route;
      for (int gpu = 0; gpu < gpus; ++gpu) {
        // Each GPU sends to the next of its ring: the same place in the next block of `stride`
        // GPUs, wrapping inside its block of `span`.
        const int base = gpu / span * span;
        const int next = base + (gpu - base + stride) % span;
        fabric.route(gpu, next, route);
        network.start_flow(route, per_flow, nullptr);
        ++result.flows_per_step;
      }
      const Seconds step = seconds_of(engine.run());
      const double passes = all_reduce ? 2.0 : 1.0;  // reduce-scatter, then all-gather back
      result.step_transfer += step;
      result.latency += tier.latency * (passes * (size - 1));
      result.time += (step + tier.latency) * (passes * (size - 1));
      share /= size;
      stride = span;
    }
    if (span >= gpus) break;
  }
  result.bus_bandwidth = BytesPerSecond(bytes.value() / result.time.value() * bus_factor(kind, gpus));
  return result;
}

SimulatedCollective simulate_collective(Collective kind, Bytes bytes, int gpus, const Topology& topology) {
  return simulate_collective(kind, bytes, SimGroup{gpus, 1, 0}, topology);
}

}  // namespace gigasim
