// Placement of the parallel groups on ranks (Megatron-LM order tp-cp-ep-dp-pp): stride, members per
// NVLink domain, the outermost tier crossed and the flows sharing a link there, each worked by hand.

#include "cluster/placement.hpp"

#include <gtest/gtest.h>

#include "cluster/topology.hpp"
#include "cluster_fixtures.hpp"

namespace gigasim {
namespace {

using cluster_fixtures::cluster_of;
using cluster_fixtures::layout;

// Expected groups are written {size, stride, tier, members per node, flows per link}.
using Group = GroupPlacement;

TEST(Placement, Llama3_405bOn16kH100) {
  // Llama 3 405B (Llama 3 paper Table 4): tp 8, pp 16, dp 128 on 16,384 H100 (tiers: NVLink 8,
  // leaf 32, spine 2,048, core 65,536). Ranks tp fastest: TP = 8 adjacent ranks, one node, NVLink.
  // DP varies every tp = 8 ranks: 128 members over 1,024 ranks, one per node; 2,048 is a multiple of
  // 1,024, so it stays under a spine. PP varies every tp·dp = 1,024 ranks: 16 stages over all 16,384,
  // under the core.
  const Topology topology = build_topology(cluster_of("hgx-h100", "ib-ndr-fat-tree", 16384));
  const Placement placement = place_groups(layout(8, 1, 1, 128, 16), topology);
  EXPECT_EQ(placement.tp, (Group{8, 1, 0, 8, 1.0}));
  EXPECT_EQ(placement.dp, (Group{128, 8, 2, 1, 1.0}));
  EXPECT_EQ(placement.pp, (Group{16, 1024, 3, 1, 1.0}));
  EXPECT_EQ(placement.cp, (Group{1, 1, 0, 1, 1.0}));  // no context parallelism: nothing to place
  EXPECT_EQ(placement.ep, (Group{1, 1, 0, 1, 1.0}));
  // Dense model: the expert data-parallel group is the data-parallel group.
  EXPECT_EQ(placement.expert_dp, (Group{128, 8, 2, 1, 1.0}));
  EXPECT_EQ(topology.tiers[placement.dp.tier].name, "spine");
  EXPECT_EQ(topology.tiers[placement.pp.tier].name, "core");
}

TEST(Placement, ContextParallelJoinsTheDataParallelGradientGroup) {
  // tp 8, cp 2, dp 4, pp 2 on 128 GPUs: CP varies every 8 ranks (one node each), DP every 16; the
  // dense gradients are reduced over CP×DP = 8 ranks, stride 8, extent 64: under one spine (2,048),
  // not one leaf (32 is not a multiple of 64).
  const Topology topology = build_topology(cluster_of("hgx-h100", "ib-ndr-fat-tree", 128));
  const Placement placement = place_groups(layout(8, 2, 1, 4, 2), topology);
  EXPECT_EQ(placement.cp, (Group{2, 8, 1, 1, 1.0}));  // 2 nodes, extent 16: inside a 32-GPU leaf
  EXPECT_EQ(placement.dp, (Group{8, 8, 2, 1, 1.0}));
  EXPECT_EQ(placement.pp, (Group{2, 64, 2, 1, 1.0}));
}

TEST(Placement, ExpertParallelDrawnFromDataParallelRanks) {
  // DeepSeek-V3-like: tp 1, pp 16, dp 128, ep 64 on 2,048 H800. Expert ranks: ep fastest (stride 1,
  // 64 ranks = 8 nodes of 8: 8 members per node, extent 64 → 2,048-GPU spine, as 32 is not a
  // multiple of 64); the expert data-parallel group has dp·cp/ep = 2 members 64 apart (extent 128,
  // spine). Dense DP: stride 1, 128 ranks, 8 per node. PP: stride 128, extent 2,048 = the spine.
  const Topology topology = build_topology(cluster_of("hgx-h800", "ib-ndr-fat-tree", 2048));
  const Placement placement = place_groups(layout(1, 1, 64, 128, 16), topology);
  EXPECT_EQ(placement.ep, (Group{64, 1, 2, 8, 1.0}));
  EXPECT_EQ(placement.expert_dp, (Group{2, 64, 2, 1, 1.0}));
  EXPECT_EQ(placement.dp, (Group{128, 1, 2, 8, 1.0}));
  EXPECT_EQ(placement.pp, (Group{16, 128, 2, 1, 1.0}));
  EXPECT_EQ(placement.tp, (Group{1, 1, 0, 1, 1.0}));
}

TEST(Placement, ExpertParallelInsideTheNode) {
  // tp 1, ep 8, dp 16 on 16 GPUs: the 8 expert ranks are one node's 8 GPUs, all on NVLink; the expert
  // data-parallel pair is 8 ranks apart (one per node, extent 16, inside a 32-GPU leaf).
  const Topology topology = build_topology(cluster_of("hgx-h100", "ib-ndr-fat-tree", 16));
  const Placement placement = place_groups(layout(1, 1, 8, 16, 1), topology);
  EXPECT_EQ(placement.ep, (Group{8, 1, 0, 8, 1.0}));
  EXPECT_EQ(placement.expert_dp, (Group{2, 8, 1, 1, 1.0}));
}

TEST(Placement, OtherOrdersMoveTheStrides) {
  // Order tp-cp-ep-pp-dp (pipeline inside data parallel): tp 8, pp 4, dp 2 on 64 GPUs gives PP
  // stride 8 (extent 32, one leaf) and DP stride 32 (extent 64, the spine).
  const Topology topology = build_topology(cluster_of("hgx-h100", "ib-ndr-fat-tree", 64));
  const std::array<GroupKind, 5> order{GroupKind::tp, GroupKind::cp, GroupKind::ep, GroupKind::pp, GroupKind::dp};
  const Placement placement = place_groups(layout(8, 1, 1, 2, 4), topology, order);
  EXPECT_EQ(placement.pp, (Group{4, 8, 1, 1, 1.0}));
  EXPECT_EQ(placement.dp, (Group{2, 32, 2, 1, 1.0}));
}

TEST(Placement, RailOptimizedSameRailVersusCrossRail) {
  // A RoCE rail fabric with a hypothetical 48-port leaf: a rail group is 24 nodes × 8 = 192 ranks
  // (pod 3,072 = 16 rail groups). Same rail: tp 8, dp 3 puts DP at stride 8 — local rank k of 3
  // nodes, extent 24, 192 a multiple of 24 — so it crosses only the rail leaf. Cross rail: tp 4,
  // dp 3, pp 2 puts PP at stride 12: rank 0 (node 0, GPU 0) talks to rank 12 (node 1, GPU 4), two
  // different rails, so the traffic climbs to the spine although 24 ranks fit under a leaf.
  constexpr int kLeafPorts = 48;
  constexpr int kGpus = 24;
  ClusterSpec cluster = cluster_of("hgx-h100", "roce-400g-rail", kGpus);
  cluster.fabric.switch_radix = kLeafPorts;
  const Topology topology = build_topology(cluster);
  ASSERT_EQ(topology.tiers[1].span_gpus, 192);

  const Placement same_rail = place_groups(layout(8, 1, 1, 3, 1), topology);
  EXPECT_EQ(same_rail.dp, (Group{3, 8, 1, 1, 1.0}));
  EXPECT_TRUE(topology.tiers[same_rail.dp.tier].same_rail_only);

  const Placement cross_rail = place_groups(layout(4, 1, 1, 3, 2), topology);
  EXPECT_EQ(cross_rail.pp, (Group{2, 12, 2, 1, 1.0}));
  EXPECT_EQ(topology.tiers[cross_rail.pp.tier].name, "spine");
  // Its DP group, ranks 0, 4, 8: node 0's GPUs 0 and 4 (2 per node), then node 1's GPU 0 — GPU 4
  // of node 0 reaches GPU 0 of node 1 across rails, so it too climbs to the spine.
  EXPECT_EQ(cross_rail.dp, (Group{3, 4, 2, 2, 1.0}));
}

TEST(Placement, FourNicsForEightGpusCarryTwoFlowsPerLink) {
  // DGX-1 V100 (4 EDR NICs for 8 GPUs): tp 8, dp 4 on 32 GPUs. DP is one GPU per node, all 8 GPUs of
  // a node in 8 different DP groups sending at once through 4 NICs: 2 flows per link. TP stays on
  // NVLink with its own links: 1.
  const Topology topology = build_topology(cluster_of("dgx-1-v100", "ib-edr-fat-tree", 32));
  const Placement placement = place_groups(layout(8, 1, 1, 4, 1), topology);
  EXPECT_EQ(placement.dp, (Group{4, 8, 1, 1, 2.0}));
  EXPECT_EQ(placement.tp, (Group{8, 1, 0, 8, 1.0}));
}

}  // namespace
}  // namespace gigasim
