#include <cmath>

#include <gtest/gtest.h>

#include "reliability/run_setup.hpp"

namespace gigasim {
namespace {

// One interruption an hour (M = 3600 s), a 60 s checkpoint (δ), a 300 s restart (R), 100 h of
// work, checkpoints at Young's interval √(2δM) = √432000 = 657.3 s.
RunSetup hourly_failures() {
  RunSetup setup;
  setup.interruptions.unexpected_per_hour = 1;
  setup.checkpoint.interval = Seconds(657.267);
  setup.inputs.work = Seconds(100 * 3600.0);
  setup.inputs.interval = setup.checkpoint.interval;
  setup.inputs.checkpoint = Seconds(60);
  setup.inputs.restart = Seconds(300);
  setup.inputs.interruptions = setup.interruptions;
  return setup;
}

TEST(GoodputByInterval, SpansAFifthToFiveTimesTheChosenIntervalOnALogScale) {
  const auto curve = goodput_by_interval_min(hourly_failures());
  ASSERT_EQ(curve.size(), 41U);
  EXPECT_NEAR(curve.front().first, 657.267 * 0.2 / 60, 1e-9);  // 2.19 min
  EXPECT_NEAR(curve[20].first, 657.267 / 60, 1e-9);            // the chosen one, in the middle
  EXPECT_NEAR(curve.back().first, 657.267 * 5 / 60, 1e-9);     // 54.8 min
  EXPECT_NEAR(curve[1].first / curve[0].first, std::pow(25.0, 1.0 / 40), 1e-12);
}

TEST(GoodputByInterval, PeaksNearYoungsIntervalWithDalysGoodputThere) {
  const auto curve = goodput_by_interval_min(hourly_failures());
  // Daly 2006: T = M e^(R/M) (e^((τ+δ)/M) − 1) W/τ = 3600 × e^(1/12) × (e^(717.3/3600) − 1) ×
  // 360000/657.3 = 3600 × 1.08690 × 0.22042 × 547.72 = 472,400 s, so goodput = 360000/472400 = 0.762.
  EXPECT_NEAR(curve[20].second, 0.762, 0.001);
  EXPECT_DOUBLE_EQ(curve[20].second, expected_run(hourly_failures()).goodput);
  // Young's interval is within a hair of the optimum: no point of the curve beats it by 0.1%.
  for (const auto& [minutes, goodput] : curve) EXPECT_LE(goodput, curve[20].second + 0.001) << minutes << " min";
  // Checkpointing 5× too often or too rarely costs real goodput.
  EXPECT_LT(curve.front().second, curve[20].second - 0.05);
  EXPECT_LT(curve.back().second, curve[20].second - 0.05);
}

}  // namespace
}  // namespace gigasim
