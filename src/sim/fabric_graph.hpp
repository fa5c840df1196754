#pragma once
// The links of a cluster's fabric as the flow network sees them, built from the same Topology the
// analytical model uses (src/cluster/topology.hpp), so both see one fabric. Per GPU: an NVLink
// port up and down (to the NVLink switch of its domain) and, past the NVLink domain, a NIC port up
// and down (to its leaf). Above the leaf, each block of the tier below has one aggregated uplink
// and downlink per tier, as wide as the block's GPUs times the tier's per-GPU bandwidth after
// oversubscription — a fat tree whose parallel switch links ECMP spreads evenly, collapsed into one
// link per block and direction. Capacities are bandwidth × the tier's bus efficiency, the rate
// collectives reach (as in the analytical model).
//
// Simplification: a rail-optimized leaf is treated as an ordinary leaf (traffic between different
// local ranks does not detour through NVLink or the spine).

#include <cstdint>
#include <vector>

#include "cluster/topology.hpp"
#include "sim/network_cm02.hpp"

namespace gigasim {

class FabricGraph {
 public:
  // Adds the links of `gpus` GPUs on `topology` to `network`, which must have none yet.
  FabricGraph(const Topology& topology, int gpus, FlowNetwork& network);

  [[nodiscard]] int tiers() const { return static_cast<int>(tiers_.size()); }
  // GPUs behind one up/down link pair of `tier`: 1 for the GPU's own NVLink and NIC ports (tiers 0
  // and 1), the span of the tier below above those.
  [[nodiscard]] int block_gpus(int tier) const { return tiers_[static_cast<std::size_t>(tier)].block_gpus; }
  // The tier of every link, by LinkId.
  [[nodiscard]] const std::vector<std::uint8_t>& tier_of_links() const { return tier_of_link_; }

  // The innermost tier whose blocks hold both GPUs.
  [[nodiscard]] int tier_between(int from_gpu, int to_gpu) const;
  // The links a message from one GPU to another crosses, in order, written into `route`.
  void route(int from_gpu, int to_gpu, std::vector<LinkId>& route) const;
  // One-way latency of a message between the two GPUs (the latency of the tier it climbs to).
  [[nodiscard]] Seconds latency(int from_gpu, int to_gpu) const;

 private:
  struct TierLinks {
    std::vector<LinkId> up;  // by GPU (tiers 0 and 1) or by block of the tier below (tiers ≥ 2)
    std::vector<LinkId> down;
    int block_gpus = 1;  // GPUs behind one up/down pair
  };
  const Topology& topology_;
  std::vector<TierLinks> tiers_;
  std::vector<std::uint8_t> tier_of_link_;
};

}  // namespace gigasim
