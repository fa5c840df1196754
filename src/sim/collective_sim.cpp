#include "sim/collective_sim.hpp"

#include <algorithm>
#include <array>
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

// The member at ring position `position` of channel `channel`: domain after domain; inside domain
// d its members in local order starting from member channel − d (mod the domain's members), so the
// ring leaves domain d through member channel − d − 1 and enters domain d + 1 through the member of
// that same local rank: every hop between domains stays on one rail (NCCL keeps a ring on one NIC
// index between nodes), and over the channels each NIC of a full domain carries one ring. The last
// domain may be partly filled; its fewer NICs then carry several channels.
int ring_member(int position, int channel, int per_domain, int size) {
  const int domain = position / per_domain;
  const int first = domain * per_domain;
  const int members = std::min(per_domain, size - first);
  const int start = ((channel - domain) % members + members) % members;
  return first + (position - first + start) % members;
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

namespace {

// GPUs 0 … gpus−1 by NVLink domain: `members(d)` GPUs in domain d (the last may be partly filled).
struct Domains {
  int size = 1;  // GPUs of a full domain
  int count = 1;
  int gpus = 1;
  [[nodiscard]] int members(int domain) const { return std::min(size, gpus - domain * size); }
  // The GPU serving channel `channel` in `domain`: its local rank, wrapped in a partial domain.
  [[nodiscard]] int gpu(int domain, int channel) const { return domain * size + channel % members(domain); }
};

Domains domains_of(int gpus, const Topology& topology) {
  Domains d;
  d.size = std::min(topology.tiers.front().span_gpus, gpus);
  d.count = (gpus + d.size - 1) / d.size;
  d.gpus = gpus;
  return d;
}

// The parent of `domain` in tree `tree` (0 or 1) of `count` domains, or −1 at the root. Tree 0 is a
// heap-shaped binary tree over the domains in order; tree 1 the same over them in reverse.
int tree_parent(int domain, int tree, int count) {
  const int index = tree == 0 ? domain : count - 1 - domain;
  if (index == 0) return -1;
  const int parent = (index - 1) / 2;
  return tree == 0 ? parent : count - 1 - parent;
}

int tree_levels(int count) {
  int levels = 0;
  while ((1 << levels) < count + 1) ++levels;
  return levels;  // a heap of `count` nodes is this many levels deep
}

}  // namespace

SimulatedCollective simulate_tree(Bytes bytes, int gpus, const Topology& topology) {
  SimulatedCollective result;
  result.kind = Collective::all_reduce;
  result.bytes = bytes;
  result.gpus = gpus;
  result.algorithm = CollectiveAlgorithm::tree;
  if (gpus <= 1) return result;
  const Domains d = domains_of(gpus, topology);
  const int channels = d.size;
  const Bytes chain_bytes = bytes / static_cast<double>(channels);
  const Bytes tree_bytes = chain_bytes / 2.0;  // each of the two trees carries half a channel's data

  Engine engine;
  FlowNetwork network;
  engine.add_model(network);
  const FabricGraph fabric(topology, gpus, network);
  std::vector<LinkId> route;
  const auto flow = [&](int from, int to, Bytes amount) {
    fabric.route(from, to, route);
    network.start_flow(route, amount, nullptr);
    ++result.flows_per_step;
  };
  for (int channel = 0; channel < channels; ++channel) {
    // Inside each domain a chain from the channel's GPU: reduce towards it, broadcast back.
    for (int domain = 0; domain < d.count; ++domain) {
      const int members = d.members(domain);
      for (int i = 1; i < members; ++i) {
        const int near = d.gpu(domain, channel + i - 1);
        const int far = d.gpu(domain, channel + i);
        flow(far, near, chain_bytes);
        flow(near, far, chain_bytes);
      }
    }
    // Across domains, the two trees: reduce to the parent, broadcast back.
    for (int tree = 0; tree < 2 && d.count > 1; ++tree)
      for (int domain = 0; domain < d.count; ++domain) {
        const int parent = tree_parent(domain, tree, d.count);
        if (parent < 0) continue;
        flow(d.gpu(domain, channel), d.gpu(parent, channel), tree_bytes);
        flow(d.gpu(parent, channel), d.gpu(domain, channel), tree_bytes);
      }
  }
  result.step_transfer = seconds_of(engine.run());
  const Seconds intra = topology.tiers.front().latency;
  const Seconds inter = d.count > 1 ? outermost_latency(SimGroup{gpus, 1, 0}, topology) : intra;
  result.latency =
      2.0 * (intra * static_cast<double>(d.size - 1) + inter * static_cast<double>(tree_levels(d.count) - 1));
  result.time = result.latency + result.step_transfer;
  result.bus_bandwidth = BytesPerSecond(bytes.value() / result.time.value() * bus_factor(result.kind, gpus));
  return result;
}

std::optional<SimulatedCollective> simulate_in_network(Bytes bytes, int gpus, const Topology& topology) {
  const Domains d = domains_of(gpus, topology);
  const int top = topology.tier_spanning(gpus);
  const NetworkTier& nvlink = topology.tiers.front();
  for (int t = 1; t <= top; ++t)
    if (!topology.tiers[static_cast<std::size_t>(t)].in_network_reduction) return std::nullopt;
  if (d.count == 1 && !nvlink.in_network_reduction) return std::nullopt;
  SimulatedCollective result;
  result.kind = Collective::all_reduce;
  result.bytes = bytes;
  result.gpus = gpus;
  result.algorithm = CollectiveAlgorithm::in_network;
  if (gpus <= 1) return result;

  Engine engine;
  FlowNetwork network;
  engine.add_model(network);
  const FabricGraph fabric(topology, gpus, network);
  std::vector<LinkId> route;
  // A link runs at the tier's in-network rate, not its bus rate: bytes scaled by their ratio.
  const auto on = [&](const NetworkTier& tier, Bytes amount) {
    return amount * (tier.bus_efficiency / tier.in_network_efficiency);
  };
  const auto one_link = [&](LinkId link, Bytes amount) {
    const std::array<LinkId, 1> hop{link};
    network.start_flow(hop, amount, nullptr);
    ++result.flows_per_step;
  };
  // Inside each domain: NVLS (B up to the NVSwitch and B back per GPU), or without it a ring
  // reduce-scatter and all-gather (2(m − 1)/m · B each way).
  const bool nvls = nvlink.in_network_reduction;
  for (int gpu = 0; gpu < gpus && d.size > 1; ++gpu) {
    const Bytes inside = nvls ? on(nvlink, bytes) : bytes * (2.0 * (d.size - 1) / d.size);
    fabric.route(gpu, gpu % d.size == d.size - 1 ? gpu - d.size + 1 : gpu + 1, route);  // its own NVLink up and down
    one_link(route.front(), inside);
    one_link(route.back(), inside);
  }
  Seconds latency =
      d.size > 1 ? (nvls ? nvlink.in_network_latency : nvlink.latency * (2.0 * (d.size - 1))) : Seconds(0.0);
  if (d.count > 1) {
    // Across: each GPU carries 1/m of the buffer through its NIC to the leaf and back; above the
    // leaf the switches merge a block's streams, one per channel.
    const Bytes share = bytes / static_cast<double>(d.size);
    for (int gpu = 0; gpu < gpus; ++gpu) {
      fabric.route(gpu, (gpu + d.size) % gpus, route);  // up through its NIC … down through the peer's
      const NetworkTier& leaf = topology.tiers[1];
      one_link(route.front(), on(leaf, share));
      one_link(route.back(), on(leaf, share));
    }
    for (int t = 2; t <= top; ++t) {
      const NetworkTier& tier = topology.tiers[static_cast<std::size_t>(t)];
      const int block = fabric.block_gpus(t);
      const auto up = static_cast<std::size_t>(t - 1);  // route: tiers 1 … top up, then top … 1 down
      for (int first = 0; first < gpus; first += block) {
        // A GPU of another block, so that routes between the two climb through tier t.
        const int other = first + block < gpus ? first + block : first - block;
        for (int channel = 0; channel < d.size; ++channel) {
          fabric.route(first, other, route);
          one_link(route[up], on(tier, share));
          fabric.route(other, first, route);
          one_link(route[route.size() - 1 - up], on(tier, share));
        }
      }
    }
    latency += topology.tiers[static_cast<std::size_t>(top)].in_network_latency;
  }
  result.step_transfer = seconds_of(engine.run());
  result.latency = latency;
  result.time = latency + result.step_transfer;
  result.bus_bandwidth = BytesPerSecond(bytes.value() / result.time.value() * bus_factor(result.kind, gpus));
  return result;
}

std::optional<SimulatedCollective> simulate_collective_by(Collective kind, CollectiveAlgorithm algorithm, Bytes bytes,
                                                          int gpus, const Topology& topology) {
  const bool all_to_all = kind == Collective::all_to_all;
  const bool all_reduce = kind == Collective::all_reduce;
  switch (algorithm) {
    case CollectiveAlgorithm::direct:
      if (!all_to_all) return std::nullopt;
      return simulate_collective(kind, bytes, gpus, topology);
    case CollectiveAlgorithm::ring:
      if (all_to_all) return std::nullopt;
      return simulate_collective(kind, bytes, gpus, topology);
    case CollectiveAlgorithm::hierarchical:
      if (all_to_all) return std::nullopt;
      return simulate_hierarchical(kind, bytes, gpus, topology);
    case CollectiveAlgorithm::tree:
      if (!all_reduce) return std::nullopt;
      return simulate_tree(bytes, gpus, topology);
    case CollectiveAlgorithm::in_network:
      if (!all_reduce) return std::nullopt;
      return simulate_in_network(bytes, gpus, topology);
    case CollectiveAlgorithm::automatic: break;
  }
  std::optional<SimulatedCollective> best;
  for (const CollectiveAlgorithm candidate :
       {CollectiveAlgorithm::ring, CollectiveAlgorithm::tree, CollectiveAlgorithm::hierarchical,
        CollectiveAlgorithm::in_network, CollectiveAlgorithm::direct}) {
    auto run = simulate_collective_by(kind, candidate, bytes, gpus, topology);
    if (run && (!best || run->time < best->time)) best = std::move(run);
  }
  return best;
}

SimulatedCollective simulate_collective(Collective kind, Bytes bytes, int gpus, const Topology& topology) {
  return simulate_collective(kind, bytes, SimGroup{gpus, 1, 0}, topology);
}

}  // namespace gigasim
