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
  EXPECT_EQ(build.domains, 128);  // each 8-GPU server its own NVLink domain
  EXPECT_EQ(build.switch_trays, 0);
}

// GB200 compute trays (4 GPUs of 1.2 kW, one 400G NIC each) in 72-GPU NVLink domains of
// `racks_per_domain` racks with `switch_trays` switch trays of 400 W, on 64-port 2-tier switches.
ClusterSpec gb200_trays(int gpus, double tray_host_w, int racks_per_domain, int switch_trays) {
  ClusterSpec c = cluster(gpus, 64, 2);
  c.gpu.tdp = Watts(1200);
  c.node.gpus_per_node = 4;
  c.node.nvlink_domain_gpus = 72;
  c.node.racks_per_domain = racks_per_domain;
  c.node.nics = 4;
  c.node.host_power = Watts(tray_host_w);
  c.node.switch_trays_per_domain = switch_trays;
  c.node.switch_tray_power = Watts(400);
  return c;
}

TEST(BuildOut, AnNvl72RackIsOneNvlinkDomain) {
  // GB200 NVL72: 18 compute trays of 4 GPUs (1.2 kW each) and 1.67 kW of tray host, and 9 switch
  // trays of 400 W, one 72-GPU NVLink domain per rack, whatever the scenario's rack budget: 4,608
  // GPUs = 64 racks of 18 trays at 18 × (4 × 1.2 + 1.67) + 9 × 0.4 = 116.46 + 3.6 = 120.06 kW, with
  // 64 × 9 = 576 switch trays; 4,644 GPUs need a 65th rack, partly used.
  ClusterSpec c = gb200_trays(4608, 1670, 1, 9);
  EXPECT_TRUE(c.node.rack_scale());
  EXPECT_EQ(c.node.gpus_per_unit(), 72);
  const ClusterBuild build = build_out(c, tiers(2), Watts(32000));
  EXPECT_EQ(build.nodes, 1152);
  EXPECT_EQ(build.nodes_per_rack, 18);
  EXPECT_EQ(build.domains, 64);
  EXPECT_EQ(build.racks, 64);
  EXPECT_EQ(build.switch_trays, 576);
  EXPECT_NEAR(build.rack_power.value(), 120060.0, 1e-6);
  c.gpus = 4644;
  EXPECT_EQ(build_out(c, tiers(2), Watts(32000)).racks, 65);
}

TEST(BuildOut, AnNvl36x2DomainSpansTwoRacks) {
  // GB200 NVL36×2: each rack 9 compute trays of 4 GPUs (1.2 kW each, 2.13 kW of tray host) and 9
  // switch trays of 400 W; two racks make one 72-GPU domain. 144 GPUs = 2 domains = 4 racks of 9
  // trays, 36 switch trays, each rack 9 × (4.8 + 2.13) + 9 × 0.4 = 62.37 + 3.6 = 65.97 kW (the
  // published 66 kW). 100 GPUs still take two whole domains: 4 racks.
  ClusterSpec c = gb200_trays(144, 2130, 2, 18);
  const ClusterBuild build = build_out(c, tiers(2), Watts(32000));
  EXPECT_EQ(build.domains, 2);
  EXPECT_EQ(build.racks, 4);
  EXPECT_EQ(build.nodes_per_rack, 9);
  EXPECT_EQ(build.switch_trays, 36);
  EXPECT_NEAR(build.rack_power.value(), 65970.0, 1e-6);
  c.gpus = 100;
  EXPECT_EQ(build_out(c, tiers(2), Watts(32000)).racks, 4);
}

}  // namespace
}  // namespace gigasim
