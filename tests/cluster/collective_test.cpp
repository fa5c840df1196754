// Collective times by the alpha-beta model per tier, each expected number worked out by hand:
// NVLink tier of HGX H100 = 450 GB/s × 0.82 = 369 GB/s, 1.9 µs per step; NDR leaf 50 GB/s × 0.94 =
// 47 GB/s per flow, 4.35 µs; spine 5.18 µs; core 6.49 µs (see topology_test.cpp). 1 GiB = 2³⁰ B.

#include "cluster/collective.hpp"

#include <cmath>

#include <gtest/gtest.h>

#include "cluster/placement.hpp"
#include "cluster/topology.hpp"
#include "cluster_fixtures.hpp"

namespace gigasim {
namespace {

using cluster_fixtures::cluster_of;
using cluster_fixtures::layout;

constexpr double kGiB = 1073741824.0;
constexpr double kRelative = 1e-9;

// Equal to 9 significant digits (the expectations were computed in another order of operations).
bool close_to(double actual, double expected) {
  return std::abs(actual - expected) <= std::abs(expected) * kRelative;
}

TEST(Collective, RingAllReduceOfOneGibOverEightGpusAt400GBps) {
  // One NVLink tier at 400 GB/s, 2 µs per step, ideal efficiency. Ring all-reduce over 8 GPUs:
  // 2·(8−1) = 14 steps, each rank moves 2·(7/8)·1 GiB = 1,879,048,192 B at 400 GB/s = 4.697620 ms,
  // plus 14 × 2 µs = 28 µs: 4.725620 ms. busBW = 1,879,048,192 B / 4.725620 ms = 397.63 GB/s.
  constexpr int kGpus = 8;
  Topology topology;
  topology.gpus_per_node = kGpus;
  constexpr double kRate = 400e9;
  constexpr double kStep = 2e-6;
  NetworkTier nvlink;
  nvlink.name = "nvlink";
  nvlink.span_gpus = kGpus;
  nvlink.bandwidth = BytesPerSecond(kRate);
  nvlink.latency = Seconds(kStep);
  topology.tiers.push_back(nvlink);
  const GroupPlacement group{8, 1, 0, 8, 1.0};
  const CollectiveCost cost =
      collective_cost(Collective::all_reduce, Bytes(kGiB), group, topology, CollectiveAlgorithm::ring);
  EXPECT_EQ(cost.algorithm, CollectiveAlgorithm::ring);
  EXPECT_PRED2(close_to, cost.time.value(), 2.0 * 7.0 / 8.0 * kGiB / 400e9 + 14 * 2e-6);
  EXPECT_NEAR(cost.bus_bandwidth.value(), 397.63e9, 0.01e9);
}

TEST(Collective, DataParallelAllReduceAcrossASevenToOneSpine) {
  // Meta-style RoCE, 16,384 H100, tp 8, pp 4, dp 512: DP has stride 8 and extent 4,096 ranks, more
  // than a 3,072-GPU pod, so it crosses the pods' spines whose uplinks are 1:7: per GPU
  // 50 GB/s ÷ 7 × 0.94 = 6.714 GB/s, 4 + 2·0.6 + 2·2.5 + 3 = 13.2 µs per step. One member per node, so
  // the ring's 2·511 = 1,022 steps all cross the network: 1,022 × 13.2 µs = 13.49 ms; each rank
  // moves 2·(511/512)·1 GiB = 2,143,289,344 B at 6.714 GB/s = 319.21 ms. Total 332.70 ms.
  const Topology topology = build_topology(cluster_of("hgx-h100", "roce-400g-rail", 16384));
  const Placement across = place_groups(layout(8, 1, 1, 512, 4), topology);
  ASSERT_EQ(across.dp.tier, 3);
  const CollectiveCost cost = collective_cost(Collective::all_reduce, Bytes(kGiB), across.dp, topology);
  EXPECT_EQ(cost.algorithm, CollectiveAlgorithm::ring);  // tree: 9 levels but 0.92 of the bandwidth, 347.2 ms
  EXPECT_PRED2(close_to, cost.time.value(), 0.33270370655319154);

  // Inside one pod (dp 128: extent 1,024, 3,072 is a multiple) the same bytes run at 47 GB/s and
  // 7.7 µs per step: 254 × 7.7 µs + 2·(127/128)·1 GiB / 47 GB/s = 1.96 ms + 45.33 ms = 47.29 ms.
  const Placement inside = place_groups(layout(8, 1, 1, 128, 16), topology);
  ASSERT_EQ(inside.dp.tier, 2);
  EXPECT_PRED2(close_to, (collective_cost(Collective::all_reduce, Bytes(kGiB), inside.dp, topology).time).value(),
               0.04728997940425532);
}

TEST(Collective, ExpertAllToAllInsideVersusAcrossNodes) {
  const Topology topology = build_topology(cluster_of("hgx-h100", "ib-ndr-fat-tree", 16));
  // ep 8 inside one node: each rank keeps 1/8 of its 1 GiB and sends 7/8 over NVLink:
  // 7/8 · 1 GiB / 369 GB/s = 2.546 ms, plus 7 peers × 1.9 µs = 13.3 µs: 2.5594 ms.
  const Placement inside = place_groups(layout(1, 1, 8, 8, 1), topology);
  ASSERT_EQ(inside.ep.tier, 0);
  const CollectiveCost in_node = collective_cost(Collective::all_to_all, Bytes(kGiB), inside.ep, topology);
  EXPECT_EQ(in_node.algorithm, CollectiveAlgorithm::direct);
  EXPECT_PRED2(close_to, in_node.time.value(), 0.002559435761517615);
  // busBW = algBW × 7/8 = 1 GiB / 2.5594 ms × 7/8 = 367.1 GB/s.
  EXPECT_NEAR(in_node.bus_bandwidth.value(), kGiB / 0.002559435761517615 * 7.0 / 8.0, 1e3);

  // ep 16 over two nodes: of each rank's 1 GiB, 7/16 goes over NVLink (1.273 ms at 369 GB/s) while
  // 8/16 leaves through its NIC (536,870,912 B at 47 GB/s = 11.423 ms), at the same time; latency
  // 7 × 1.9 µs + 8 × 4.35 µs = 48.1 µs. Total 11.4709 ms: 4.5 × the in-node time.
  const Placement across = place_groups(layout(1, 1, 16, 16, 1), topology);
  ASSERT_EQ(across.ep.tier, 1);
  ASSERT_EQ(across.ep.members_per_node, 8);
  EXPECT_PRED2(close_to, (collective_cost(Collective::all_to_all, Bytes(kGiB), across.ep, topology).time).value(),
               0.011470885361702128);
}

TEST(Collective, AutomaticPicksNvlinkSharpInsideTheNode) {
  // TP 8 all-reduce of 1 GiB on HGX H100: ring 14 × 1.9 µs + 1.75 GiB / 369 GB/s = 5.119 ms; tree
  // 5.562 ms; NVLS 23 µs + 1 GiB / (450 GB/s × 0.61) = 3.935 ms, busBW 1.75 GiB / 3.935 ms = 477.6
  // GB/s (measured on 8 × H200: 482 GB/s).
  const Topology topology = build_topology(cluster_of("hgx-h100", "ib-ndr-fat-tree", 8));
  const Placement placement = place_groups(layout(8, 1, 1, 1, 1), topology);
  const CollectiveCost cost = collective_cost(Collective::all_reduce, Bytes(kGiB), placement.tp, topology);
  EXPECT_EQ(cost.algorithm, CollectiveAlgorithm::in_network);
  EXPECT_PRED2(close_to, cost.time.value(), 0.00393462777413479);
  EXPECT_NEAR(cost.bus_bandwidth.value(), 477.567e9, 0.001e9);
  EXPECT_PRED2(
      close_to,
      (collective_cost(Collective::all_reduce, Bytes(kGiB), placement.tp, topology, CollectiveAlgorithm::ring).time)
          .value(),
      0.00511887152303523);

  // DGX A100 has no NVLS (NVSwitch gen 2): the ring.
  const Topology a100 = build_topology(cluster_of("dgx-a100", "ib-hdr-fat-tree", 8));
  const CollectiveCost ring = collective_cost(Collective::all_reduce, Bytes(kGiB), placement.tp, a100);
  EXPECT_EQ(ring.algorithm, CollectiveAlgorithm::ring);
  // Asking for in-network where there is none falls back to the automatic choice.
  EXPECT_EQ(collective_cost(Collective::all_reduce, Bytes(kGiB), placement.tp, a100, CollectiveAlgorithm::in_network)
                .algorithm,
            CollectiveAlgorithm::ring);
}

TEST(Collective, AutomaticPicksSharpAcrossNodes) {
  // Llama 3 405B's DP group (stride 8, 128 nodes, one member each, under the spine) on NDR with
  // SHARP: each rank sends 1 GiB once to the switches and gets the sum back, 1 GiB / 47 GB/s =
  // 22.846 ms + 18 µs; the ring needs 2·(127/128)·1 GiB / 47 GB/s = 45.334 ms + 254 × 5.18 µs.
  const Topology topology = build_topology(cluster_of("hgx-h100", "ib-ndr-fat-tree", 16384));
  const Placement placement = place_groups(layout(8, 1, 1, 128, 16), topology);
  const CollectiveCost cost = collective_cost(Collective::all_reduce, Bytes(kGiB), placement.dp, topology);
  EXPECT_EQ(cost.algorithm, CollectiveAlgorithm::in_network);
  EXPECT_PRED2(close_to, cost.time.value(), 0.022863570723404256);
  EXPECT_PRED2(
      close_to,
      (collective_cost(Collective::all_reduce, Bytes(kGiB), placement.dp, topology, CollectiveAlgorithm::ring).time)
          .value(),
      0.04664989940425532);

  // The same group on RoCE (no SHARP): ring or tree only.
  const Topology roce = build_topology(cluster_of("hgx-h100", "roce-400g-rail", 16384));
  const Placement on_roce = place_groups(layout(8, 1, 1, 128, 16), roce);
  EXPECT_NE(collective_cost(Collective::all_reduce, Bytes(kGiB), on_roce.dp, roce).algorithm,
            CollectiveAlgorithm::in_network);
}

TEST(Collective, HierarchicalAllReduceOverTwoNodes) {
  // 16 ranks, 8 per node, 2 nodes (tp 1, dp 16). Hierarchical: reduce-scatter in the node
  // (7 × 1.9 µs + 7/8 GiB / 369 GB/s = 2.5594 ms), all-reduce of 1/8 GiB across 2 nodes
  // (2 × 4.35 µs + 2·(1/2)·(1/8) GiB / 47 GB/s = 2.8644 ms), all-gather in the node (2.5594 ms):
  // 7.9833 ms. The node-aware ring instead pipelines NVLink and the 8 NICs: 26 × 1.9 µs + 4 × 4.35 µs
  // + (30/16) GiB / min(369, 8 × 47) GB/s = 5.5228 ms, so the automatic choice without SHARP is the
  // ring, and with NVLS + SHARP it is in-network: 41 µs + max(1 GiB / 274.5 GB/s, 1/8 GiB / 47 GB/s)
  // = 3.9526 ms.
  const Topology topology = build_topology(cluster_of("hgx-h100", "ib-ndr-fat-tree", 16));
  const Placement placement = place_groups(layout(1, 1, 1, 16, 1), topology);
  ASSERT_EQ(placement.dp.members_per_node, 8);
  const GroupPlacement& dp = placement.dp;
  EXPECT_PRED2(
      close_to,
      (collective_cost(Collective::all_reduce, Bytes(kGiB), dp, topology, CollectiveAlgorithm::hierarchical).time)
          .value(),
      0.007983267863460763);
  EXPECT_PRED2(
      close_to,
      (collective_cost(Collective::all_reduce, Bytes(kGiB), dp, topology, CollectiveAlgorithm::ring).time).value(),
      0.005522805203252032);
  const CollectiveCost automatic = collective_cost(Collective::all_reduce, Bytes(kGiB), dp, topology);
  EXPECT_EQ(automatic.algorithm, CollectiveAlgorithm::in_network);
  EXPECT_PRED2(close_to, automatic.time.value(), 0.00395262777413479);
}

TEST(Collective, ReduceScatterAndAllGatherInsideTheNode) {
  // 8 ranks on NVLink: n−1 = 7 steps, (7/8)·B per rank. For B = 1 GiB: 13.3 µs + 2.5461 ms.
  // busBW = algBW × 7/8 (nccl-tests).
  const Topology topology = build_topology(cluster_of("hgx-h100", "ib-ndr-fat-tree", 8));
  const GroupPlacement tp = place_groups(layout(8, 1, 1, 1, 1), topology).tp;
  for (const Collective collective : {Collective::reduce_scatter, Collective::all_gather}) {
    const CollectiveCost cost = collective_cost(collective, Bytes(kGiB), tp, topology);
    EXPECT_EQ(cost.algorithm, CollectiveAlgorithm::ring);
    EXPECT_PRED2(close_to, cost.time.value(), 0.002559435761517615);
    EXPECT_NEAR(cost.bus_bandwidth.value(), kGiB / 0.002559435761517615 * 7.0 / 8.0, 1e3);
  }
  // Tree applies to all-reduce only: asked for it, an all-gather runs as a ring.
  EXPECT_EQ(collective_cost(Collective::all_gather, Bytes(kGiB), tp, topology, CollectiveAlgorithm::tree).algorithm,
            CollectiveAlgorithm::ring);
}

TEST(Collective, PipelineSendRecvAcrossTheCore) {
  // Llama 3 405B's neighbouring stages are 1,024 ranks apart, under the core: 6.49 µs + 128 MiB at
  // 47 GB/s = 2.8557 ms + 6.49 µs = 2.8622 ms. busBW = algBW for send/recv.
  const Topology topology = build_topology(cluster_of("hgx-h100", "ib-ndr-fat-tree", 16384));
  const GroupPlacement pp = place_groups(layout(8, 1, 1, 128, 16), topology).pp;
  const double bytes = 134217728.0;
  const CollectiveCost cost = collective_cost(Collective::send_recv, Bytes(bytes), pp, topology);
  EXPECT_EQ(cost.algorithm, CollectiveAlgorithm::direct);
  EXPECT_PRED2(close_to, cost.time.value(), 6.49e-6 + bytes / 47e9);
  EXPECT_NEAR(cost.bus_bandwidth.value(), bytes / (6.49e-6 + bytes / 47e9), 1e3);
}

TEST(Collective, TwoFlowsPerNicHalveTheRate) {
  // DGX-1 DP over 4 nodes (tp 8, dp 4): 4 NICs for 8 GPUs, so each DP flow gets 12.5 GB/s ÷ 2 × 0.94
  // = 5.875 GB/s; ring all-reduce of 1 GiB: 6 steps × (4 + 0.11) µs + 1.5 GiB / 5.875 GB/s = 274.17 ms.
  const Topology topology = build_topology(cluster_of("dgx-1-v100", "ib-edr-fat-tree", 32));
  const GroupPlacement dp = place_groups(layout(8, 1, 1, 4, 1), topology).dp;
  ASSERT_EQ(dp.flows_per_link, 2.0);
  EXPECT_PRED2(
      close_to,
      (collective_cost(Collective::all_reduce, Bytes(kGiB), dp, topology, CollectiveAlgorithm::ring).time).value(),
      0.27417150868085105);
}

TEST(Collective, SmallMessagesPreferFewerLatencies) {
  // 64 KiB over Llama's DP group on RoCE: the ring pays 254 network steps (254 × 7.7 µs = 1.96 ms),
  // the tree 2·⌈log2 128⌉ = 14 (107.8 µs): the tree wins.
  const Topology topology = build_topology(cluster_of("hgx-h100", "roce-400g-rail", 16384));
  const GroupPlacement dp = place_groups(layout(8, 1, 1, 128, 16), topology).dp;
  const CollectiveCost cost = collective_cost(Collective::all_reduce, Bytes(65536.0), dp, topology);
  EXPECT_EQ(cost.algorithm, CollectiveAlgorithm::tree);
  EXPECT_NEAR(cost.time.value(), 14 * 7.7e-6 + 2.0 * 127 / 128 * 65536.0 / (47e9 * 0.92), 1e-12);
}

TEST(Collective, OneRankExchangesNothing) {
  const Topology topology = build_topology(cluster_of("hgx-h100", "ib-ndr-fat-tree", 8));
  const CollectiveCost cost = collective_cost(Collective::all_reduce, Bytes(kGiB), GroupPlacement{}, topology);
  EXPECT_EQ(cost.time.value(), 0.0);
  EXPECT_EQ(cost.bus_bandwidth.value(), 0.0);
}

TEST(Collective, NamesAreListed) {
  EXPECT_EQ(to_string(Collective::all_reduce), "all-reduce");
  EXPECT_EQ(to_string(CollectiveAlgorithm::in_network), "in-network");
  EXPECT_EQ(collective_algorithm_choices().size(), 6u);
}

}  // namespace
}  // namespace gigasim
