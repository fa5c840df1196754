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
// Rails: on a rail-optimized fabric a leaf joins one local rank of many nodes, so a message between
// different local ranks of different nodes first crosses NVLink to the GPU of its own node with the
// destination's local rank, then goes on that rail (NCCL's PXN, on by default since NCCL 2.12).

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
  // The up (or down) link of block `block` at `tier` (≥ 2: blocks of the tier below's span).
  [[nodiscard]] LinkId block_link(int tier, int block, bool up) const;
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
  void route_on_fabric(int from_gpu, int to_gpu, std::vector<LinkId>& route) const;

  const Topology& topology_;
  int gpus_ = 0;
  bool rails_ = false;  // the leaf tier is rail-optimized
  std::vector<TierLinks> tiers_;
  std::vector<std::uint8_t> tier_of_link_;
};

}  // namespace gigasim
