#include "cluster/placement.hpp"

#include <algorithm>
#include <array>
#include <cstddef>

namespace gigasim {
namespace {

using Sizes = std::array<int, kGroupKinds>;  // indexed by GroupKind

constexpr std::size_t at(GroupKind kind) {
  return static_cast<std::size_t>(kind);
}

// One dimension of a group: `size` members `stride` ranks apart.
struct Factor {
  int stride = 1;
  int size = 1;
};
// A group varies along one dimension, or two (DP over CP×DP when the two are not adjacent).
using Factors = std::array<Factor, 2>;

// Each dimension's rank stride when ranks are numbered in `order`, the first varying fastest
// (Megatron-LM parallel_state RankGenerator).
Sizes strides_in(const std::array<GroupKind, kGroupKinds>& order, const Sizes& sizes) {
  Sizes strides{};
  int stride = 1;
  for (const GroupKind kind : order) {
    strides[at(kind)] = stride;
    stride *= sizes[at(kind)];
  }
  return strides;
}

// Two dimensions adjacent in the order make one strided dimension (CP then DP: stride tp, size cp·dp).
Factors merged(Factor first, Factor second) {
  if (first.size == 1) return {second, Factor{}};
  if (second.size == 1) return {first, Factor{}};
  if (second.stride == first.stride * first.size) return {Factor{first.stride, first.size * second.size}, Factor{}};
  if (first.stride == second.stride * second.size) return {Factor{second.stride, first.size * second.size}, Factor{}};
  return {first, second};
}

// Members of one factor inside an aligned block of `block` ranks.
int members_in(Factor factor, int block) {
  if (factor.stride * factor.size <= block) return factor.size;
  if (factor.stride >= block) return 1;
  return std::max(1, block / factor.stride);
}

// NCCL keeps a ring on one NIC index across nodes (NCCL_CROSS_NIC, NCCL environment-variable
// docs), so a group stays on its rail when every node holds the same local ranks of it: a factor
// that moves whole nodes, fits inside one, or repeats the same pattern in every node.
bool rail_aligned(const Factors& factors, int gpus_per_node) {
  return std::all_of(factors.begin(), factors.end(), [gpus_per_node](Factor factor) {
    const int extent = factor.stride * factor.size;
    return factor.size == 1 || factor.stride % gpus_per_node == 0 || gpus_per_node % extent == 0 ||
           (gpus_per_node % factor.stride == 0 && extent % gpus_per_node == 0);
  });
}

GroupPlacement place(const Factors& factors, const Topology& topology) {
  GroupPlacement group;
  int extent = 1;  // the aligned block of ranks that holds one whole group
  int stride = 0;
  int members = 1;
  const int domain = topology.tiers.front().span_gpus;
  for (const Factor factor : factors) {
    if (factor.size == 1) continue;
    group.size *= factor.size;
    stride = stride == 0 ? factor.stride : std::min(stride, factor.stride);
    extent = std::max(extent, factor.stride * factor.size);
    members *= members_in(factor, domain);
  }
  if (group.size == 1) return group;
  group.stride = stride;
  group.members_per_node = members;
  const int last = static_cast<int>(topology.tiers.size()) - 1;
  int tier = topology.tier_spanning(extent);
  // A rail leaf carries same-rail traffic only; a group that changes local rank between nodes climbs.
  if (tier > 0 && topology.tiers[tier].same_rail_only && !rail_aligned(factors, topology.gpus_per_node))
    tier = std::min(tier + 1, last);
  group.tier = tier;
  // Past the NVLink domain every GPU of a node sends at once, so a NIC carries one flow per GPU it serves.
  group.flows_per_link = tier == 0 ? 1.0 : topology.gpus_per_nic;
  return group;
}

}  // namespace

// Dense weights number ranks over tp, cp, dp, pp; expert weights over tp, ep, dp·cp/ep, pp in the
// same order with cp folded into the expert data-parallel dimension (Megatron-LM
// initialize_model_parallel: the decoder and expert RankGenerators). `ep` divides dp·cp
// (job_validate).
Placement place_groups(const Parallelism& layout, const Topology& topology,
                       const std::array<GroupKind, kGroupKinds>& order) {
  const Sizes dense_sizes{layout.tp, layout.cp, 1, layout.dp, layout.pp};
  const int expert_dp = std::max(1, layout.dp * layout.cp / std::max(layout.ep, 1));
  const Sizes expert_sizes{layout.tp, 1, layout.ep, expert_dp, layout.pp};
  const Sizes dense = strides_in(order, dense_sizes);
  const Sizes expert = strides_in(order, expert_sizes);
  const auto dense_factor = [&](GroupKind kind) { return Factor{dense[at(kind)], dense_sizes[at(kind)]}; };
  const auto expert_factor = [&](GroupKind kind) { return Factor{expert[at(kind)], expert_sizes[at(kind)]}; };

  Placement placement;
  placement.tp = place({dense_factor(GroupKind::tp), Factor{}}, topology);
  placement.cp = place({dense_factor(GroupKind::cp), Factor{}}, topology);
  placement.dp = place(merged(dense_factor(GroupKind::cp), dense_factor(GroupKind::dp)), topology);
  placement.pp = place({dense_factor(GroupKind::pp), Factor{}}, topology);
  placement.ep = place({expert_factor(GroupKind::ep), Factor{}}, topology);
  placement.expert_dp = place({expert_factor(GroupKind::dp), Factor{}}, topology);
  return placement;
}

}  // namespace gigasim
