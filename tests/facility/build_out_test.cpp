// Switch counts of k-ary fat trees (facts/datacenter.md §2.5, folded-Clos formulas) and racks by
// power budget.
#include "facility/build_out.hpp"

#include <gtest/gtest.h>

namespace gigasim {
namespace {

// H100 nodes (8 GPUs of 700 W, 4.6 kW host, 8 NICs) on k-port switches, `levels` fabric tiers.
ClusterSpec cluster(int gpus, int radix, int levels) {
  ClusterSpec c;
  c.gpus = gpus;
  c.gpu.tdp = Watts(700);
  c.node.gpus_per_node = 8;
  c.node.nics = 8;
  c.node.host_power = Watts(4600);
  c.fabric.switch_radix = radix;
  for (int i = 0; i < levels; ++i) c.fabric.tiers.push_back({"t" + std::to_string(i), 1.0, Seconds(0.0)});
  return c;
}

Topology tiers(int levels) {
  Topology t;
  t.tiers.resize(static_cast<std::size_t>(levels) + 1);
  for (std::size_t i = 0; i < t.tiers.size(); ++i) t.tiers[i].name = i == 0 ? "nvlink" : "t" + std::to_string(i);
  return t;
}

TEST(BuildOut, ThreeTierFatTreeOf64PortSwitches) {
  // k = 64: k³/4 = 65,536 GPUs on 5k²/4 = 5,120 switches: 2,048 leaves, 2,048 spines, 1,024 cores.
  const ClusterBuild build = build_out(cluster(65536, 64, 3), tiers(3), Watts(41000));
  ASSERT_EQ(build.tiers.size(), 3U);
  EXPECT_EQ(build.tiers[0].switches, 2048);
  EXPECT_EQ(build.tiers[1].switches, 2048);
  EXPECT_EQ(build.tiers[2].switches, 1024);
  EXPECT_EQ(build.switches(), 5120);
  // Every link a cable with two transceivers: 65,536 per tier.
  EXPECT_EQ(build.cables(), 3 * 65536);
  EXPECT_EQ(build.transceivers(), 6 * 65536);
}

TEST(BuildOut, TwoTierFatTreeMatchesThePublishedCount) {
  // k²/2 = 2,048 GPUs on 1.5k = 96 switches (the Aug 2024 spreadsheet of facts §2.5 says 96).
  EXPECT_EQ(build_out(cluster(2048, 64, 2), tiers(2), Watts(41000)).switches(), 96);
}

TEST(BuildOut, RacksHoldWhatTheirPowerBudgetAllows) {
  // A node at full power: 8 × 700 W + 4.6 kW = 10.2 kW; a 41 kW rack holds 4, so 1,024 GPUs
  // (128 nodes) need 32 racks; 1,024 NICs.
  const ClusterBuild build = build_out(cluster(1024, 64, 2), tiers(2), Watts(41000));
  EXPECT_EQ(build.nodes, 128);
  EXPECT_EQ(build.nodes_per_rack, 4);
  EXPECT_EQ(build.racks, 32);
  EXPECT_EQ(build.nics, 1024);
}

TEST(BuildOut, AnNvl72RackIsOneNvlinkDomain) {
  // GB200 NVL72: 18 compute trays of 4 GPUs (1.2 kW each) and 1.87 kW of tray host share, one
  // 72-GPU NVLink domain per rack, whatever the scenario's rack budget: 4,608 GPUs = 64 racks of
  // 18 trays at 18 × (4 × 1.2 + 1.87) kW = 120.1 kW; 4,644 GPUs need a 65th, partly used.
  ClusterSpec c = cluster(4608, 64, 2);
  c.gpu.tdp = Watts(1200);
  c.node.gpus_per_node = 4;
  c.node.nvlink_domain_gpus = 72;
  c.node.nics = 4;
  c.node.host_power = Watts(1870);
  EXPECT_TRUE(c.node.rack_scale());
  EXPECT_EQ(c.node.gpus_per_unit(), 72);
  const ClusterBuild build = build_out(c, tiers(2), Watts(32000));
  EXPECT_EQ(build.nodes, 1152);
  EXPECT_EQ(build.nodes_per_rack, 18);
  EXPECT_EQ(build.racks, 4608 / 72);
  EXPECT_NEAR(build.rack_power.value(), 18 * (4 * 1200.0 + 1870.0), 1e-9);
  c.gpus = 4644;
  EXPECT_EQ(build_out(c, tiers(2), Watts(32000)).racks, 65);
}

}  // namespace
}  // namespace gigasim
