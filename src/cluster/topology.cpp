#include "cluster/topology.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace gigasim {
namespace {

// Datasheets quote NVLink as both directions together (gpus.yaml header); a collective sees one.
constexpr double kDirections = 2.0;
// Tiers added above the listed ones stop here; past it the top tier is stretched to the job.
constexpr int kMaxFabricLevels = 12;

// One switch level of the fabric as the traffic that climbs to it sees it.
struct FabricLevel {
  std::string name;
  double oversubscription = 1.0;  // downlink : uplink at this level (fabrics.yaml)
  Seconds hop_latency;
};

// The listed tiers, then `total` − listed more: a folded Clos grows by adding a level of the same
// switches (facts §2.5), so an added level is non-blocking and takes the top listed hop latency.
std::vector<FabricLevel> fabric_levels(const FabricSpec& fabric, int total) {
  std::vector<FabricLevel> levels;
  for (const FabricTier& tier : fabric.tiers) levels.push_back({tier.name, tier.oversubscription, tier.hop_latency});
  const Seconds top_hop = levels.empty() ? Seconds(0.0) : levels.back().hop_latency;
  while (static_cast<int>(levels.size()) < total)
    levels.push_back({"level-" + std::to_string(levels.size() + 1), 1.0, top_hop});
  return levels;
}

// NICs reachable without climbing above level `level` (1 = leaf) of a folded Clos of radix-k
// switches: a leaf gives k/2 ports to hosts, l levels hold 2·(k/2)^l — k²/2 for two, k³/4 for
// three (facts §2.5).
double clos_nics(int radix, int level) {
  const double half = radix / kDirections;
  if (level == 1) return half;
  return kDirections * std::pow(half, level);
}

// GPUs under level `level` before nesting: NICs × GPUs per NIC; a rail leaf holds GPU k of radix/2
// whole nodes (facts §2.5: NIC i of every server on leaf i); `pod_gpus` is the non-blocking pod
// under the spine when the fabric states it (a modular spine chassis exceeds the radix formula).
double raw_span(const ClusterSpec& cluster, double gpus_per_nic, int level) {
  const FabricSpec& fabric = cluster.fabric;
  if (level == 2 && fabric.pod_gpus) return *fabric.pod_gpus;
  if (level == 1 && fabric.topology == FabricTopology::rail_optimized)
    return (fabric.switch_radix / kDirections) * cluster.node.gpus_per_node;
  return clos_nics(fabric.switch_radix, level) * gpus_per_nic;
}

// Latency of a message that climbs to level `level` (1-based) and back down: every level below is
// crossed twice, the top once (fabrics.yaml hop_latency), plus the NIC and software per step.
Seconds path_latency(const FabricSpec& fabric, const std::vector<FabricLevel>& levels, int level) {
  Seconds latency = fabric.step_latency + levels[level - 1].hop_latency;
  for (int below = 1; below < level; ++below) latency += kDirections * levels[below - 1].hop_latency;
  return latency;
}

NetworkTier scale_out_tier(const FabricSpec& fabric, const std::vector<FabricLevel>& levels, int level, int span,
                           BytesPerSecond bandwidth) {
  NetworkTier tier;
  tier.name = levels[level - 1].name;
  tier.span_gpus = span;
  tier.bandwidth = bandwidth;
  tier.latency = path_latency(fabric, levels, level);
  tier.bus_efficiency = fabric.bus_efficiency;
  tier.in_network_reduction = fabric.sharp;
  tier.in_network_efficiency = fabric.bus_efficiency;  // SHARP streams at the fabric's rate (fabrics.yaml)
  tier.in_network_latency = fabric.sharp_latency;
  tier.same_rail_only = level == 1 && fabric.topology == FabricTopology::rail_optimized;
  return tier;
}

NetworkTier nvlink_tier(const ClusterSpec& cluster) {
  const NodeSpec& node = cluster.node;
  NetworkTier tier;
  tier.name = "nvlink";
  tier.span_gpus = std::max(node.nvlink_domain_gpus, node.gpus_per_node);
  tier.bandwidth = cluster.gpu.nvlink_bandwidth / kDirections;
  tier.latency = node.nvlink_step_latency;
  tier.bus_efficiency = node.nvlink_bus_efficiency;
  tier.in_network_reduction = node.nvls;
  tier.in_network_efficiency = node.nvls_efficiency;
  tier.in_network_latency = node.nvls_latency;
  return tier;
}

}  // namespace

int Topology::tier_spanning(int gpus) const {
  if (gpus <= 1 || tiers.empty()) return 0;
  // Groups of `gpus` aligned ranks tile a tier's span exactly when it is a multiple of `gpus`;
  // otherwise some group straddles two of its blocks and climbs higher.
  for (int index = 0; index < static_cast<int>(tiers.size()); ++index)
    if (tiers[index].span_gpus % gpus == 0) return index;
  return static_cast<int>(tiers.size()) - 1;
}

// Tiers nest: each span is rounded down to a whole number of the tier below's blocks, and a level
// no larger than the tier below (a 32-GPU leaf under a 72-GPU NVLink domain) adds no tier, though
// its hops and oversubscription still count for the levels above. When the listed tiers do not
// reach the job's GPU count, levels are added (`fabric_levels`) until one does; a job is never
// rejected for its size.
Topology build_topology(const ClusterSpec& cluster) {
  const NodeSpec& node = cluster.node;
  const FabricSpec& fabric = cluster.fabric;
  Topology topology;
  topology.gpus_per_node = node.gpus_per_node;
  topology.gpus_per_nic = static_cast<double>(node.gpus_per_node) / std::max(node.nics, 1);
  topology.tiers.push_back(nvlink_tier(cluster));

  // Per GPU, the node's NICs shared by its GPUs; a NIC port runs at the slower of its own rate and
  // the fabric's links.
  const BytesPerSecond nic_rate = std::min(node.nic_bandwidth, fabric.link_bandwidth);
  const BytesPerSecond per_gpu = nic_rate * static_cast<double>(node.nics) / std::max(node.gpus_per_node, 1);

  const int listed = static_cast<int>(fabric.tiers.size());
  const std::vector<FabricLevel> levels = fabric_levels(fabric, kMaxFabricLevels);
  double taper = 1.0;  // product of the oversubscriptions below the current level
  for (int level = 1; level <= kMaxFabricLevels; ++level) {
    const int below = topology.tiers.back().span_gpus;
    if (level > listed && below >= cluster.gpus) break;
    const double blocks = std::floor(raw_span(cluster, topology.gpus_per_nic, level) / below);
    if (blocks >= 2.0) {
      const double span = std::min(blocks * below, static_cast<double>(std::numeric_limits<int>::max()));
      topology.tiers.push_back(scale_out_tier(fabric, levels, level, static_cast<int>(span), per_gpu / taper));
    }
    taper *= levels[level - 1].oversubscription;
  }
  // A radix too small to grow past the job: stretch the top tier over every GPU.
  NetworkTier& top = topology.tiers.back();
  if (top.span_gpus < cluster.gpus) top.span_gpus = cluster.gpus;
  return topology;
}

}  // namespace gigasim
