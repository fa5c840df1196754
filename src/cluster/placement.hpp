#pragma once
// Where each parallel group's ranks sit. Ranks are numbered in the order given (Megatron-LM's
// default tp-cp-ep-dp-pp: TP ranks adjacent, pipeline stages farthest apart); a group of size n
// whose dimension varies every `stride` ranks is r0, r0 + stride, …, r0 + (n−1)·stride.

#include <array>
#include <cstddef>

#include "cluster/topology.hpp"
#include "spec/job.hpp"

namespace gigasim {

enum class GroupKind { tp, cp, ep, dp, pp };
inline constexpr std::size_t kGroupKinds = 5;

struct GroupPlacement {
  int size = 1;               // ranks in the group
  int stride = 1;             // rank distance between consecutive members
  int tier = 0;               // outermost tier its traffic crosses (index into Topology::tiers)
  int members_per_node = 1;   // of its ranks, how many share one NVLink domain (a node; a GB200 NVL72 rack)
  double flows_per_link = 1;  // concurrent groups of this kind whose traffic shares one GPU's link at `tier`
  friend bool operator==(const GroupPlacement&, const GroupPlacement&) = default;
};

struct Placement {
  GroupPlacement tp;
  GroupPlacement cp;
  GroupPlacement ep;         // drawn from the dp·cp ranks
  GroupPlacement expert_dp;  // the data-parallel group of the expert weights: dp·cp/ep ranks
  GroupPlacement dp;         // data parallel over DP×CP for the dense weights' gradients (Megatron)
  GroupPlacement pp;         // neighbouring pipeline stages (point-to-point)
};

inline constexpr std::array<GroupKind, kGroupKinds> kMegatronOrder{GroupKind::tp, GroupKind::cp, GroupKind::ep,
                                                                   GroupKind::dp, GroupKind::pp};

Placement place_groups(const Parallelism& layout, const Topology& topology,
                       const std::array<GroupKind, kGroupKinds>& order = kMegatronOrder);

}  // namespace gigasim
