#include "cluster/collective.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>

namespace gigasim {
namespace {

// NCCL's tree all-reduce reaches 0.92 of the bus bandwidth of its ring (NVIDIA/nccl
// src/graph/tuning.cc, ncclTopoTuneModel: `busBw = std::min(busBw*.92, …)` for NCCL_ALGO_TREE).
constexpr double kTreeBandwidthShare = 0.92;

// What one rank gets on a path: bandwidth at bus efficiency, latency per step.
struct Path {
  BytesPerSecond bandwidth;
  Seconds latency;
};

// The placed group as the algorithms see it.
struct Shape {
  int ranks = 1;         // n
  int per_domain = 1;    // m: ranks sharing one NVLink domain
  int domains = 1;       // k = n / m
  int tier = 0;          // the outermost tier crossed
  bool crosses = false;  // leaves the NVLink domain
  Path intra;            // NVLink
  Path inter;            // the outermost tier, one flow's share; `intra` when the group stays inside
  const NetworkTier* nvlink = nullptr;
  const NetworkTier* outer = nullptr;
};

// One flow's rate at a scale-out tier: `bandwidth` is a GPU's share when each NIC carries
// `gpus_per_nic` flows (every GPU sending), so a link shared by `flows` flows gives rate × gpus_per_nic / flows.
BytesPerSecond flow_rate(const NetworkTier& tier, const GroupPlacement& group, const Topology& topology) {
  if (group.flows_per_link <= 0.0) return tier.bandwidth;
  return tier.bandwidth * topology.gpus_per_nic / group.flows_per_link;
}

Shape shape_of(const GroupPlacement& group, const Topology& topology) {
  Shape shape;
  shape.ranks = group.size;
  shape.per_domain = std::clamp(group.members_per_node, 1, group.size);
  shape.domains = (group.size + shape.per_domain - 1) / shape.per_domain;
  shape.tier = std::clamp(group.tier, 0, static_cast<int>(topology.tiers.size()) - 1);
  shape.crosses = shape.tier > 0;
  shape.nvlink = &topology.tiers.front();
  shape.outer = &topology.tiers[shape.tier];
  shape.intra = {shape.nvlink->bandwidth * shape.nvlink->bus_efficiency, shape.nvlink->latency};
  shape.inter = shape.crosses
                    ? Path{flow_rate(*shape.outer, group, topology) * shape.outer->bus_efficiency, shape.outer->latency}
                    : shape.intra;
  return shape;
}

// A ring's bandwidth: NCCL's rings cross nodes NIC to NIC, one ring per NIC, so m members of a
// domain leave it on m NICs at once; the slower of NVLink and those NICs sets the pace.
BytesPerSecond ring_bandwidth(const Shape& shape) {
  if (!shape.crosses) return shape.intra.bandwidth;
  return std::min(shape.intra.bandwidth, shape.inter.bandwidth * static_cast<double>(shape.per_domain));
}

// Ring: all-reduce 2(n−1) steps moving 2(n−1)/n·B per rank, reduce-scatter and all-gather n−1 steps
// moving (n−1)/n·B (nccl-tests doc/PERFORMANCE.md); of the steps, NCCL charges 2k (all-reduce) or
// k−1 network latencies and the rest NVLink ones (tuning.cc ncclTopoTuneModel, nInterSteps).
std::optional<Seconds> ring(Collective collective, Bytes bytes, const Shape& shape) {
  const int n = shape.ranks;
  const int k = shape.domains;
  const bool all_reduce = collective == Collective::all_reduce;
  if (!all_reduce && collective != Collective::reduce_scatter && collective != Collective::all_gather)
    return std::nullopt;
  const int steps = all_reduce ? 2 * (n - 1) : n - 1;
  const int network_steps = !shape.crosses ? 0 : std::min(steps, all_reduce ? 2 * k : std::max(1, k - 1));
  const Bytes moved = bytes * (static_cast<double>(steps) / n);
  return shape.intra.latency * static_cast<double>(steps - network_steps) +
         shape.inter.latency * static_cast<double>(network_steps) + moved / ring_bandwidth(shape);
}

// Double binary tree (all-reduce only): a chain inside each domain and a binary tree across
// domains, up and down — 2·((m−1)·α_nvlink + ⌈log2 k⌉·α_net) (tuning.cc, NCCL_ALGO_TREE) — at
// about the ring's bandwidth (Jeaugey, "Massively Scale Your Deep Learning Training with NCCL 2.4",
// NVIDIA blog 2019), 0.92 of it in NCCL's model.
std::optional<Seconds> tree(Collective collective, Bytes bytes, const Shape& shape) {
  if (collective != Collective::all_reduce) return std::nullopt;
  const int n = shape.ranks;
  const double levels = std::ceil(std::log2(static_cast<double>(shape.domains)));
  const Seconds latency =
      2.0 * (shape.intra.latency * static_cast<double>(shape.per_domain - 1) + shape.inter.latency * levels);
  const Bytes moved = bytes * (2.0 * (n - 1) / n);
  return latency + moved / (ring_bandwidth(shape) * kTreeBandwidthShare);
}

// Hierarchical, for groups spanning domains with several members in each: reduce-scatter over
// NVLink among the m members, the collective across the k domains on B/m per rank, all-gather over
// NVLink (the 2D/hierarchical all-reduce of Horovod and NCCL's CollNet chains).
std::optional<Seconds> hierarchical(Collective collective, Bytes bytes, const Shape& shape) {
  const int m = shape.per_domain;
  const int k = shape.domains;
  if (!shape.crosses || m < 2 || k < 2) return std::nullopt;
  const bool all_reduce = collective == Collective::all_reduce;
  if (!all_reduce && collective != Collective::reduce_scatter && collective != Collective::all_gather)
    return std::nullopt;
  const Seconds inside = shape.intra.latency * static_cast<double>(m - 1) +
                         bytes * (static_cast<double>(m - 1) / m) / shape.intra.bandwidth;
  const int across_steps = all_reduce ? 2 * (k - 1) : k - 1;
  const Seconds across =
      shape.inter.latency * static_cast<double>(across_steps) +
      (bytes / static_cast<double>(m)) * (static_cast<double>(across_steps) / k) / shape.inter.bandwidth;
  return all_reduce ? 2.0 * inside + across : inside + across;
}

// In-network all-reduce: the switch sums, so each rank sends B once and receives B once instead of
// 2(n−1)/n·B (NVLink SHARP, NCCL 2.17; IB SHARP, Graham et al. 2016). Across domains: NVLS (or a
// ring reduce-scatter/all-gather) inside each domain and SHARP on B/m across, pipelined — NCCL
// takes the slower stage (tuning.cc: NVLS bw = min(bwIntra, bwInter); latency intra + inter).
std::optional<Seconds> in_network(Collective collective, Bytes bytes, const Shape& shape, const GroupPlacement& group,
                                  const Topology& topology) {
  if (collective != Collective::all_reduce) return std::nullopt;
  const NetworkTier& nvlink = *shape.nvlink;
  const auto nvls_time = [&](Bytes amount) { return amount / (nvlink.bandwidth * nvlink.in_network_efficiency); };
  if (!shape.crosses) {
    if (!nvlink.in_network_reduction) return std::nullopt;
    return nvlink.in_network_latency + nvls_time(bytes);
  }
  const auto begin = topology.tiers.begin() + 1;
  const auto end = topology.tiers.begin() + shape.tier + 1;
  if (!std::all_of(begin, end, [](const NetworkTier& tier) { return tier.in_network_reduction; })) return std::nullopt;
  const NetworkTier& outer = *shape.outer;
  const int m = shape.per_domain;
  const Seconds across =
      (bytes / static_cast<double>(m)) / (flow_rate(outer, group, topology) * outer.in_network_efficiency);
  Seconds inside_latency(0.0);
  Seconds inside(0.0);
  if (m > 1 && nvlink.in_network_reduction) {
    inside_latency = nvlink.in_network_latency;
    inside = nvls_time(bytes);
  } else if (m > 1) {
    inside_latency = shape.intra.latency * (2.0 * (m - 1));
    inside = bytes * (2.0 * (m - 1) / m) / shape.intra.bandwidth;
  }
  return inside_latency + outer.in_network_latency + std::max(inside, across);
}

// Direct exchange. All-to-all: (n−1)/n of each rank's B leaves it, (m−1)/n over NVLink and (n−m)/n
// over its NIC, the two at once; NCCL posts one send/recv pair per peer (ncclGroup of
// ncclSend/ncclRecv), each paying its path's latency. Send/recv: one latency, B at the path's rate.
std::optional<Seconds> direct(Collective collective, Bytes bytes, const Shape& shape) {
  const int n = shape.ranks;
  if (collective == Collective::send_recv) return shape.inter.latency + bytes / shape.inter.bandwidth;
  if (collective != Collective::all_to_all) return std::nullopt;
  const int m = shape.crosses ? shape.per_domain : n;
  const Seconds latency =
      shape.intra.latency * static_cast<double>(m - 1) + shape.inter.latency * static_cast<double>(n - m);
  const Seconds inside = bytes * (static_cast<double>(m - 1) / n) / shape.intra.bandwidth;
  const Seconds across = bytes * (static_cast<double>(n - m) / n) / shape.inter.bandwidth;
  return latency + std::max(inside, across);
}

std::optional<Seconds> time_of(CollectiveAlgorithm algorithm, Collective collective, Bytes bytes, const Shape& shape,
                               const GroupPlacement& group, const Topology& topology) {
  switch (algorithm) {
    case CollectiveAlgorithm::ring: return ring(collective, bytes, shape);
    case CollectiveAlgorithm::tree: return tree(collective, bytes, shape);
    case CollectiveAlgorithm::hierarchical: return hierarchical(collective, bytes, shape);
    case CollectiveAlgorithm::in_network: return in_network(collective, bytes, shape, group, topology);
    case CollectiveAlgorithm::direct: return direct(collective, bytes, shape);
    case CollectiveAlgorithm::automatic: return std::nullopt;
  }
  return std::nullopt;
}

constexpr std::array<CollectiveAlgorithm, 5> kCandidates{CollectiveAlgorithm::ring, CollectiveAlgorithm::tree,
                                                         CollectiveAlgorithm::hierarchical,
                                                         CollectiveAlgorithm::in_network, CollectiveAlgorithm::direct};

}  // namespace

double bus_factor(Collective collective, int ranks) {
  const double n = ranks;
  switch (collective) {
    case Collective::all_reduce: return 2.0 * (n - 1) / n;
    case Collective::reduce_scatter:
    case Collective::all_gather:
    case Collective::all_to_all: return (n - 1) / n;
    case Collective::send_recv: return 1.0;
  }
  return 1.0;
}

CollectiveCost collective_cost(Collective collective, Bytes bytes, const GroupPlacement& group,
                               const Topology& topology, CollectiveAlgorithm algorithm) {
  const bool direct_only = collective == Collective::all_to_all || collective == Collective::send_recv;
  CollectiveCost cost;
  cost.algorithm = direct_only ? CollectiveAlgorithm::direct : CollectiveAlgorithm::ring;
  if (group.size <= 1 || topology.tiers.empty()) return cost;  // nothing to exchange

  const Shape shape = shape_of(group, topology);
  std::optional<Seconds> best = time_of(algorithm, collective, bytes, shape, group, topology);
  if (best) {
    cost.algorithm = algorithm;
  } else {
    for (const CollectiveAlgorithm candidate : kCandidates) {
      const std::optional<Seconds> time = time_of(candidate, collective, bytes, shape, group, topology);
      if (time && (!best || *time < *best)) {
        best = time;
        cost.algorithm = candidate;
      }
    }
  }
  cost.time = best.value_or(Seconds(0.0));
  if (cost.time.value() > 0.0)
    cost.bus_bandwidth = BytesPerSecond(bytes.value() / cost.time.value() * bus_factor(collective, group.size));
  return cost;
}

}  // namespace gigasim
