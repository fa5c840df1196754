// A collective simulated as flows on the fabric, against numbers worked by hand and against the
// analytical model (issue 5: uncontended cases agree within 3%; contention the analytical ring
// model prices differently).
#include "sim/collective_sim.hpp"

#include <gtest/gtest.h>

#include "cluster/astra_topology.hpp"
#include "cluster/collective.hpp"

namespace gigasim {
namespace {

constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;

NetworkTier tier(const char* name, int span, double gb_per_s, double latency_us) {
  NetworkTier t;
  t.name = name;
  t.span_gpus = span;
  t.bandwidth = BytesPerSecond(gb_per_s * 1e9);
  t.latency = Seconds(latency_us * 1e-6);
  return t;
}

// 8-GPU NVLink domains at 400 GB/s (1 µs a step), 64-GPU leaves at 50 GB/s per GPU (5 µs), and a
// spine over 4,096 GPUs whose per-GPU share is 50 / `spine_oversubscription` GB/s (7 µs).
Topology fabric(double spine_oversubscription) {
  Topology topology;
  topology.gpus_per_node = 8;
  topology.gpus_per_nic = 1;
  topology.tiers = {tier("nvlink", 8, 400, 1), tier("leaf", 64, 50, 5),
                    tier("spine", 4096, 50 / spine_oversubscription, 7)};
  return topology;
}

// The analytical ring's time for the same collective over GPUs 0 … gpus−1.
Seconds analytical_ring(Collective kind, int gpus, const Topology& topology) {
  GroupPlacement group;
  group.size = gpus;
  group.tier = topology.tier_spanning(gpus);
  group.members_per_node = std::min(gpus, 8);
  return collective_cost(kind, Bytes(kGiB), group, topology, CollectiveAlgorithm::ring).time;
}

TEST(CollectiveSim, RingAllReduceInOneNodeByHand) {
  // 1 GiB over 8 GPUs at 400 GB/s: 14 steps of 1/8 GiB on every NVLink port, no port shared:
  // 2·(7/8)·1 GiB / 400 GB/s = 4.697 ms, plus 14 × 1 µs.
  const SimulatedCollective run = simulate_collective(Collective::all_reduce, Bytes(kGiB), 8, fabric(1));
  const double expected = 2.0 * 7.0 / 8.0 * kGiB / 400e9 + 14e-6;
  EXPECT_NEAR(run.time.value(), expected, 14e-9);  // each step rounds up to a whole nanosecond
  EXPECT_EQ(run.flows_per_step, 8U);
}

TEST(CollectiveSim, AcrossNodesUnderOneLeafAgreesWithTheAnalyticalModel) {
  // 64 GPUs = 8 nodes under one leaf, 1 GiB all-gather: 8 rings (one per NIC), each GPU sending
  // 7 of its 8 ring slices over NVLink and 1 over its NIC per step: NIC-bound, 1 GiB/512 at 50 GB/s
  // per step, 63 steps — (63/64)·1 GiB / 400 GB/s, the analytical ring's min(NVLink, 8 NICs).
  const Topology topology = fabric(1);
  const SimulatedCollective run = simulate_collective(Collective::all_gather, Bytes(kGiB), 64, topology);
  EXPECT_NEAR(run.step_transfer.value(), kGiB / 512.0 / 50e9, 1e-9);
  EXPECT_NEAR(run.time / analytical_ring(Collective::all_gather, 64, topology), 1.0, 0.03);
}

TEST(CollectiveSim, AllReduceAcrossANonBlockingSpineAgreesWithTheAnalyticalModel) {
  const Topology topology = fabric(1);
  const SimulatedCollective run = simulate_collective(Collective::all_reduce, Bytes(kGiB), 512, topology);
  EXPECT_NEAR(run.time / analytical_ring(Collective::all_reduce, 512, topology), 1.0, 0.03);
}

TEST(CollectiveSim, ARingCrossesAnOversubscribedSpineOnlyAtLeafBoundaries) {
  // 128 GPUs in two leaves; 8 rings, each crossing the spine once out of each leaf: 8 flows share
  // a leaf's uplink of 64 GPUs × 50/16 GB/s = 200 GB/s, 25 GB/s each, half the NIC rate. So every
  // step takes 1 GiB/1024 at 25 GB/s (the slowest flows set it). The analytical ring charges every
  // byte at the spine's per-GPU share instead (8 NICs × 50/16 = 25 GB/s per rank): 16× slower than
  // non-blocking where the flows find it only 2× slower.
  const Topology topology = fabric(16);
  const SimulatedCollective run = simulate_collective(Collective::all_gather, Bytes(kGiB), 128, topology);
  EXPECT_NEAR(run.step_transfer.value(), kGiB / 1024.0 / 25e9, 1e-9);
  const SimulatedCollective open = simulate_collective(Collective::all_gather, Bytes(kGiB), 128, fabric(1));
  EXPECT_NEAR(run.step_transfer / open.step_transfer, 2.0, 1e-6);
  EXPECT_GT(analytical_ring(Collective::all_gather, 128, topology) / run.time, 7.0);
}

TEST(CollectiveSim, APartlyFilledNodeSharesItsFewerNics) {
  // 12 GPUs: a full node of 8 and a node holding 4. Eight rings (one per NIC of the full node) each
  // leave and enter the small node through one of its 4 NICs, so two rings share each of those:
  // 25 GB/s a flow of 1 GiB/(12·8), which sets every step.
  const SimulatedCollective run = simulate_collective(Collective::reduce_scatter, Bytes(kGiB), 12, fabric(1));
  EXPECT_EQ(run.flows_per_step, 96U);
  EXPECT_NEAR(run.step_transfer.value(), kGiB / 96.0 / 25e9, 1e-9);
}

TEST(CollectiveSim, AStridedGroupRingsOneGpuPerNodeOverTheNics) {
  // 8 members at stride 8 (one GPU in each of 8 nodes under one leaf), 1 GiB all-reduce: one ring,
  // every hop over a NIC at 50 GB/s, 14 steps of 1 GiB/8 → 14 · 1 GiB/8 / 50 GB/s = 37.58 ms, and
  // 14 network steps of 5 µs.
  const SimulatedCollective run =
      simulate_collective(Collective::all_reduce, Bytes(kGiB), SimGroup{8, 8, 0}, fabric(1));
  EXPECT_EQ(run.flows_per_step, 8U);
  EXPECT_NEAR(run.time.value(), 14.0 * kGiB / 8.0 / 50e9 + 14 * 5e-6, 20e-9);
}

TEST(CollectiveSim, AllToAllInsideANodeIsBoundByEachNvlinkPort) {
  // 8 GPUs, 1 GiB per rank: each sends 7 slices of 1/8 GiB through its 400 GB/s port, 2.349 ms,
  // plus 7 messages of 1 µs.
  const SimulatedCollective run = simulate_collective(Collective::all_to_all, Bytes(kGiB), 8, fabric(1));
  EXPECT_EQ(run.flows_per_step, 56U);
  EXPECT_EQ(run.algorithm, CollectiveAlgorithm::direct);
  EXPECT_NEAR(run.time.value(), 7.0 / 8.0 * kGiB / 400e9 + 7e-6, 2e-9);
}

TEST(CollectiveSim, AllToAllAcrossTwoNodesIsBoundByTheNicsAndAgreesWithTheAnalyticalModel) {
  // 16 GPUs in 2 nodes: each rank sends 8 slices of 1/16 GiB to the other node through its 50 GB/s
  // NIC: 1/2 GiB / 50 GB/s = 10.74 ms (its 7 NVLink slices finish far sooner); latency 7 × 1 µs +
  // 8 × 5 µs. The analytical all-to-all charges the same.
  const Topology topology = fabric(1);
  const SimulatedCollective run = simulate_collective(Collective::all_to_all, Bytes(kGiB), 16, topology);
  EXPECT_NEAR(run.time.value(), 0.5 * kGiB / 50e9 + 47e-6, 2e-9);
  GroupPlacement group;
  group.size = 16;
  group.tier = 1;
  group.members_per_node = 8;
  const Seconds analytical = collective_cost(Collective::all_to_all, Bytes(kGiB), group, topology).time;
  EXPECT_NEAR(run.time / analytical, 1.0, 0.03);
}

TEST(CollectiveSim, HierarchicalOnAnAstraSimNetworkByHand) {
  // ASTRA-sim's 8 × 128 network (Ring 400 GB/s, 936.25 ns; Switch 50 GB/s, 2 µs a link, two links a
  // message; GB = 2^30 B). 1 GiB all-reduce, tier by tier: reduce-scatter in the rings of 8,
  // 7 steps of 1/8 GiB at 400 GiB/s = 0.3125 ms each; then in the rings of 128 (one GPU per ring
  // block), 127 steps of 1/1024 GiB at 50 GiB/s = 19.53 µs each; all-gather back the same.
  // 2 · (2.1875 + 2.48047) ms + 2 · (7 · 0.93625 + 127 · 4) µs = 10.365 ms (ASTRA-sim, which
  // pipelines 4 chunks across the dimensions, reports 10.48 ms).
  AstraNetwork network;
  network.dimensions = {{AstraBlock::ring, 8, BytesPerSecond(400 * kGiB), Seconds(936.25e-9)},
                        {AstraBlock::switch_, 128, BytesPerSecond(50 * kGiB), Seconds(2e-6)}};
  const Topology topology = topology_from_astra(network);
  const SimulatedCollective run = simulate_hierarchical(Collective::all_reduce, Bytes(kGiB), 1024, topology);
  const double expected = 2.0 * (7.0 / 8.0 / 400.0 + 127.0 / 1024.0 / 50.0) + 2.0 * (7 * 936.25e-9 + 127 * 4e-6);
  EXPECT_NEAR(run.time.value(), expected, 300e-9);  // 268 steps, each rounded up to a whole ns
  EXPECT_EQ(run.algorithm, CollectiveAlgorithm::hierarchical);
}

TEST(CollectiveSim, DoubleBinaryTreeOnTwoNodesIsBoundByTheChainsOverNvlink) {
  // 16 GPUs, 1 GiB all-reduce. Eight channels, each a chain inside each node (reduce in, broadcast
  // out, 1/8 GiB each way) and two one-edge trees across (1/16 GiB each way per tree). Each GPU's
  // NVLink port carries 7 reduce and 7 broadcast slices: 1.75 GiB at 400 GB/s = 4.70 ms; each NIC
  // only 1/8 GiB at 50 GB/s = 2.68 ms. Latency 2 · (7 · 1 µs + 1 level · 5 µs) = 24 µs.
  const SimulatedCollective run = simulate_tree(Bytes(kGiB), 16, fabric(1));
  EXPECT_EQ(run.algorithm, CollectiveAlgorithm::tree);
  EXPECT_NEAR(run.time.value(), 1.75 * kGiB / 400e9 + 24e-6, 2e-9);
}

TEST(CollectiveSim, InNetworkAllReduceSendsEachBufferIntoTheSwitchesOnce) {
  // With NVLink SHARP and a reducing leaf (both at full rate; 10 and 20 µs): inside each node every
  // GPU sends 1 GiB up its 400 GB/s port and gets 1 GiB back (2.68 ms); across, 1/8 GiB through
  // each 50 GB/s NIC (2.68 ms), at once. Without reducing switches it does not apply.
  Topology topology = fabric(1);
  EXPECT_FALSE(simulate_in_network(Bytes(kGiB), 16, topology));
  for (NetworkTier& tier : topology.tiers) {
    tier.in_network_reduction = true;
    tier.in_network_efficiency = 1.0;
  }
  topology.tiers[0].in_network_latency = Seconds(10e-6);
  topology.tiers[1].in_network_latency = Seconds(20e-6);
  const auto run = simulate_in_network(Bytes(kGiB), 16, topology);
  ASSERT_TRUE(run);
  EXPECT_NEAR(run->time.value(), kGiB / 400e9 + 30e-6, 2e-9);
}

TEST(CollectiveSim, AutomaticTakesTheFastestThatApplies) {
  // 1,024 GPUs: the tree's log-depth latency beats the ring's 2 · 128 network steps.
  const Topology topology = fabric(1);
  const auto best =
      simulate_collective_by(Collective::all_reduce, CollectiveAlgorithm::automatic, Bytes(kGiB), 1024, topology);
  const auto ring =
      simulate_collective_by(Collective::all_reduce, CollectiveAlgorithm::ring, Bytes(kGiB), 1024, topology);
  ASSERT_TRUE(best && ring);
  EXPECT_LE(best->time, ring->time);
  EXPECT_FALSE(simulate_collective_by(Collective::all_gather, CollectiveAlgorithm::tree, Bytes(kGiB), 64, topology));
}

}  // namespace
}  // namespace gigasim
