// GPU power at known utilisations, each stage of the power chain worked by hand, and energy.
#include "facility/power.hpp"

#include <gtest/gtest.h>

#include "facility/energy.hpp"
#include "facility/power_chain.hpp"

namespace gigasim {
namespace {

ClusterSpec h100(int gpus) {
  ClusterSpec c;
  c.gpus = gpus;
  c.gpu.tdp = Watts(700);
  c.node.gpus_per_node = 8;
  c.node.host_power = Watts(4600);
  c.fabric.switch_radix = 64;
  return c;
}

StepBreakdown step(double busy_s, double waiting_s) {
  StepBreakdown b;
  b.compute = Seconds(busy_s);
  b.dp_comm = Seconds(waiting_s);
  return b;
}

TEST(Power, AGpuDrawsItsShareOfTheNodeByWhatItDoes) {
  // Busy all the step: 8.48/10.2 = 0.8314 of 700 W = 582.0 W. Waiting all of it: 350 W. 80% busy:
  // 0.8 · 0.8314 + 0.2 · 0.5 = 0.7651 → 535.6 W, and with the host's 575 W a GPU: 975.6 W.
  ClusterBuild build;
  build.nodes = 1;
  const PowerInputs inputs;
  EXPECT_NEAR(power_profile(h100(8), build, step(1, 0), inputs).gpu_average_w, 582.0, 0.1);
  EXPECT_NEAR(power_profile(h100(8), build, step(0, 1), inputs).gpu_average_w, 350.0, 1e-9);
  const PowerProfile p = power_profile(h100(8), build, step(0.8, 0.2), inputs);
  EXPECT_NEAR(p.gpu_average_w, 535.6, 0.1);
  EXPECT_NEAR(p.per_accelerator_average_w, 1275.0 * 0.76510, 0.1);
  // Between compute and waiting phases the node's draw swings by (0.8314 − 0.5) · 10.2 kW = 3.38 kW.
  EXPECT_NEAR(p.swing_mw * 1e6, 3380.0, 1.0);
}

TEST(Power, NvlinkSwitchTraysDrawFixedPowerOnTheRackShelves) {
  // Two NVL72 domains (36 trays of 4 × 1.2 kW GPUs and 1.67 kW host, 18 switch trays of 400 W):
  // the switch trays draw 18 × 400 W = 7.2 kW whatever the phase, counted in IT; the rack power
  // supplies carry them with the trays: gpus 36 × 4.8 kW × 0.8314 busy share (8.48/10.2) = 143.66 kW,
  // hosts 36 × 1.67 × 0.8314 = 49.98 kW, + 7.2 kW = 200.84 kW in.
  ClusterSpec c;
  c.gpus = 144;
  c.gpu.tdp = Watts(1200);
  c.node.gpus_per_node = 4;
  c.node.nvlink_domain_gpus = 72;
  c.node.host_power = Watts(1670);
  c.node.switch_trays_per_domain = 9;
  c.node.switch_tray_power = Watts(400);
  c.fabric.switch_radix = 64;
  ClusterBuild build;
  build.nodes = 36;
  build.switch_trays = 18;
  const PowerProfile busy = power_profile(c, build, step(1, 0), {});
  const PowerProfile idle = power_profile(c, build, step(0, 1), {});
  ASSERT_EQ(busy.components.back().component, "nvswitch_trays");
  EXPECT_NEAR(busy.components.back().peak_mw, 0.0072, 1e-12);
  EXPECT_NEAR(idle.components.back().average_mw, 0.0072, 1e-12);
  const PowerChain chain = power_chain(busy, {});
  EXPECT_NEAR(chain.stages[4].power_in_mw * 1e3, 143.66 + 49.98 + 7.2, 0.05);
}

TEST(PowerChain, EachStageByHand) {
  // 100 MW of IT (servers only, GPUs 55 MW) at PUE 1.2 → 120 MW from the grid.
  // PDU in 100/0.985 = 101.523; UPS in 101.523/0.96 = 105.753; the transformers pass 120 · 0.99 · 0.99
  // = 117.612, of which 11.859 cooling; MV in 117.612/0.99 = 118.800; grid 118.800/0.99 = 120.000.
  // Substation: 120/0.95/80 MVA = 1.58 → 2, N+1 = 3; unit: 118.8/0.95/3 MVA = 41.7 → 42, 2N = 84.
  // GPUs: 55 MW × 0.96 PSU × 0.975 IBC × 0.90 VRM = 46.33 MW at the core rail.
  PowerProfile power;
  power.components = {{"gpus", 55, 0}, {"hosts", 45, 0}};
  power.it_peak_mw = 100;
  power.facility_peak_mw = 120;
  const PowerChain chain = power_chain(power, {});
  ASSERT_EQ(chain.stages.size(), 7U);
  EXPECT_NEAR(chain.grid_mw, 120.0, 1e-9);
  EXPECT_NEAR(chain.stages[0].power_in_mw, 120.0, 1e-9);
  EXPECT_NEAR(chain.stages[1].power_in_mw, 118.800, 1e-3);
  EXPECT_NEAR(chain.stages[2].power_in_mw, 105.753, 1e-3);
  EXPECT_NEAR(chain.stages[3].power_in_mw, 101.523, 1e-3);
  EXPECT_NEAR(chain.cooling_and_other_mw, 11.859, 1e-3);
  EXPECT_EQ(chain.stages[0].transformers, 3);
  EXPECT_EQ(chain.stages[1].transformers, 84);
  EXPECT_NEAR(chain.gpu_rail_mw, 55 * 0.96 * 0.975 * 0.90, 1e-9);
  EXPECT_NEAR(chain.stages[0].loss_mw, 1.2, 1e-9);  // 1% of the feed
}

TEST(Energy, TrainingRunInMegawattHoursHouseholdsAndCo2) {
  // 10,000 accelerators at 330 W (GPT-3's measured figure), PUE 1.1, 14.8 days: 3.63 MW × 355.2 h
  // = 1,289.4 MWh = 120.3 household-years (10.715 MWh each) = 553.1 t at 429 g/kWh.
  PowerProfile power;
  power.facility_average_mw = 10000 * 330e-6 * 1.1;
  const TrainingEnergy e = training_energy(power, 14.8, 429.0);
  EXPECT_NEAR(e.mwh, 1289.4, 0.1);
  EXPECT_NEAR(e.household_years, 120.34, 0.01);
  EXPECT_NEAR(*e.tco2, 553.1, 0.1);
}

}  // namespace
}  // namespace gigasim
