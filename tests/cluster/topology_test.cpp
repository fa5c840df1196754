// Network tiers built from a node and a fabric: spans, per-GPU bandwidths, latencies, tiers added
// for large jobs. Expected numbers are worked out by hand from data/nodes.yaml and data/fabrics.yaml.

#include "cluster/topology.hpp"

#include <gtest/gtest.h>

#include "cluster_fixtures.hpp"

namespace gigasim {
namespace {

using cluster_fixtures::cluster_of;

TEST(Topology, HgxH100OnNdrFatTreeAt16kGpus) {
  const Topology topology = build_topology(cluster_of("hgx-h100", "ib-ndr-fat-tree", 16384));
  ASSERT_EQ(topology.tiers.size(), 4u);  // nvlink, leaf, spine, core: 16,384 ≤ 64³/4 = 65,536
  EXPECT_EQ(topology.gpus_per_node, 8);
  EXPECT_EQ(topology.gpus_per_nic, 1.0);  // 8 NICs for 8 GPUs

  const NetworkTier& nvlink = topology.tiers[0];
  EXPECT_EQ(nvlink.name, "nvlink");
  EXPECT_EQ(nvlink.span_gpus, 8);
  EXPECT_DOUBLE_EQ(nvlink.bandwidth.value(), 450e9);  // 900 GB/s bidirectional ÷ 2
  EXPECT_DOUBLE_EQ(nvlink.latency.value(), 1.9e-6);   // NCCL's NVLink ring step
  EXPECT_DOUBLE_EQ(nvlink.bus_efficiency, 0.82);
  EXPECT_TRUE(nvlink.in_network_reduction);  // NVLS
  EXPECT_DOUBLE_EQ(nvlink.in_network_efficiency, 0.61);

  // Leaf: radix/2 = 32 NICs, one GPU each; 8 × 400 Gb/s ÷ 8 GPUs = 50 GB/s per GPU; a message
  // crosses one leaf switch: 4 µs NIC/software + 350 ns.
  const NetworkTier& leaf = topology.tiers[1];
  EXPECT_EQ(leaf.name, "leaf");
  EXPECT_EQ(leaf.span_gpus, 32);
  EXPECT_DOUBLE_EQ(leaf.bandwidth.value(), 50e9);
  EXPECT_NEAR(leaf.latency.value(), 4.35e-6, 1e-15);
  EXPECT_DOUBLE_EQ(leaf.bus_efficiency, 0.94);
  EXPECT_TRUE(leaf.in_network_reduction);  // SHARP
  EXPECT_FALSE(leaf.same_rail_only);

  // Spine: 2·(64/2)² = 2,048; up through the leaf and back: 4 + 2·0.35 + 0.48 = 5.18 µs.
  EXPECT_EQ(topology.tiers[2].span_gpus, 2048);
  EXPECT_DOUBLE_EQ(topology.tiers[2].bandwidth.value(), 50e9);  // non-blocking: no taper
  EXPECT_NEAR(topology.tiers[2].latency.value(), 5.18e-6, 1e-15);
  // Core: 2·32³ = 65,536; 4 + 2·(0.35 + 0.48) + 0.83 = 6.49 µs.
  EXPECT_EQ(topology.tiers[3].name, "core");
  EXPECT_EQ(topology.tiers[3].span_gpus, 65536);
  EXPECT_NEAR(topology.tiers[3].latency.value(), 6.49e-6, 1e-15);
}

TEST(Topology, HundredThousandGpusAddAFourthSwitchLevel) {
  // 100,000 > 65,536, the most three levels of 64-port switches hold: a fourth level of the same
  // switches holds 2·32⁴ = 2,097,152, non-blocking, with the core's 830 ns hop; a message to it
  // crosses leaf, spine, core twice and the new level once: 4 + 2·(0.35 + 0.48 + 0.83) + 0.83 = 8.15 µs.
  const Topology topology = build_topology(cluster_of("hgx-h100", "ib-ndr-fat-tree", 100000));
  ASSERT_EQ(topology.tiers.size(), 5u);
  const NetworkTier& added = topology.tiers[4];
  EXPECT_EQ(added.name, "level-4");
  EXPECT_EQ(added.span_gpus, 2097152);
  EXPECT_DOUBLE_EQ(added.bandwidth.value(), 50e9);
  EXPECT_NEAR(added.latency.value(), 8.15e-6, 1e-15);
  EXPECT_GE(added.span_gpus, 100000);             // never rejected for its size
  EXPECT_EQ(topology.tiers[3].span_gpus, 65536);  // the listed tiers keep their spans
}

TEST(Topology, RailOptimizedPodAndOversubscribedCore) {
  // Meta-style RoCE with HGX H100: a rail leaf holds GPU k of 64/2 = 32 nodes, so 32 × 8 = 256
  // consecutive ranks; the pod is pod_gpus = 3,072 (12 rail groups); above the pod the spine's 7:1
  // uplinks leave 50 ÷ 7 GB/s per GPU. The core spans 2·32³ = 65,536 NICs, rounded down to whole
  // pods: 21 × 3,072 = 64,512.
  const Topology topology = build_topology(cluster_of("hgx-h100", "roce-400g-rail", 16384));
  ASSERT_EQ(topology.tiers.size(), 4u);
  EXPECT_EQ(topology.tiers[1].span_gpus, 256);
  EXPECT_TRUE(topology.tiers[1].same_rail_only);
  EXPECT_FALSE(topology.tiers[1].in_network_reduction);  // Ethernet: no SHARP
  EXPECT_EQ(topology.tiers[2].span_gpus, 3072);
  EXPECT_FALSE(topology.tiers[2].same_rail_only);
  EXPECT_DOUBLE_EQ(topology.tiers[2].bandwidth.value(), 50e9);  // inside the pod: full rate
  EXPECT_EQ(topology.tiers[3].span_gpus, 64512);
  EXPECT_DOUBLE_EQ(topology.tiers[3].bandwidth.value(), 50e9 / 7.0);
  // 4 µs + leaf 0.6 ×2 + spine 2.5 ×2 + core 3 = 13.2 µs.
  EXPECT_NEAR(topology.tiers[3].latency.value(), 13.2e-6, 1e-15);
}

TEST(Topology, Nvl72DomainSwallowsTheLeaf) {
  // GB200 NVL72: the NVLink domain is the 72-GPU rack at 1.8 TB/s ÷ 2. A 64-port leaf reaches only
  // 32 GPUs, inside the domain, so it adds no tier; the spine's 2,048 rounds down to whole racks,
  // 28 × 72 = 2,016, and the core's 65,536 to whole spine blocks, 32 × 2,016 = 64,512. The leaf's
  // hops still count: spine latency 4 + 2·0.35 + 0.48 = 5.18 µs.
  const Topology topology = build_topology(cluster_of("gb200-nvl72", "ib-ndr-fat-tree", 4608));
  ASSERT_EQ(topology.tiers.size(), 3u);
  EXPECT_EQ(topology.tiers[0].span_gpus, 72);
  EXPECT_DOUBLE_EQ(topology.tiers[0].bandwidth.value(), 900e9);
  EXPECT_EQ(topology.tiers[1].name, "spine");
  EXPECT_EQ(topology.tiers[1].span_gpus, 2016);
  EXPECT_NEAR(topology.tiers[1].latency.value(), 5.18e-6, 1e-15);
  EXPECT_EQ(topology.tiers[2].span_gpus, 64512);
}

TEST(Topology, FourNicsForEightGpusHalveTheShare) {
  // DGX-1: 4 × 100 Gb/s EDR for 8 GPUs is 4 × 12.5 GB/s ÷ 8 = 6.25 GB/s per GPU, 2 GPUs per NIC.
  // A 36-port leaf gives 18 NICs = 36 GPUs, rounded to whole nodes: 32.
  const Topology topology = build_topology(cluster_of("dgx-1-v100", "ib-edr-fat-tree", 1024));
  EXPECT_EQ(topology.gpus_per_nic, 2.0);
  EXPECT_DOUBLE_EQ(topology.tiers[0].bandwidth.value(), 150e9);  // NVLink 2: 300 GB/s ÷ 2
  EXPECT_DOUBLE_EQ(topology.tiers[1].bandwidth.value(), 6.25e9);
  EXPECT_EQ(topology.tiers[1].span_gpus, 32);
  EXPECT_EQ(topology.tiers[2].span_gpus, 1280);  // 2·18² = 648 NICs = 1,296 GPUs → 40 leaves of 32
}

TEST(Topology, TierSpanningNeedsAlignedBlocks) {
  const Topology topology = build_topology(cluster_of("hgx-h100", "roce-400g-rail", 16384));
  EXPECT_EQ(topology.tier_spanning(1), 0);
  EXPECT_EQ(topology.tier_spanning(8), 0);       // one node
  EXPECT_EQ(topology.tier_spanning(16), 1);      // 256 is a multiple of 16
  EXPECT_EQ(topology.tier_spanning(1024), 2);    // 3,072 = 3 × 1,024
  EXPECT_EQ(topology.tier_spanning(2048), 3);    // 3,072 is not a multiple: some groups straddle two pods
  EXPECT_EQ(topology.tier_spanning(100000), 3);  // nothing spans it: the outermost tier
}

}  // namespace
}  // namespace gigasim
