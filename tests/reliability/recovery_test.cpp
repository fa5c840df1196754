// Recovery strategies at scale, and the restart a target goodput needs: worked by hand from Daly's
// expected wall time T = M·e^(R/M)·(e^((τ+δ)/M) − 1)·W/τ (Daly 2006).
#include <cmath>

#include <gtest/gtest.h>

#include "reliability/checkpoint.hpp"
#include "reliability/run_setup.hpp"

namespace gigasim {
namespace {

// 405B parameters at 16 B each = 6.48 TB on 16,384 GPUs: 395.5 MB a GPU.
constexpr double kParameters = 405e9;
constexpr int kGpus = 16384;
const Seconds kMtti(3 * 3600.0);
const Seconds kStep(10.0);

TEST(Recovery, FromStorageReadsTheWholeCheckpointBack) {
  // Synchronous: 6.48 TB at 2 TB/s = 3.24 s to write and as long to read; restart +10 min.
  const CheckpointPlan plan = plan_checkpoints(kParameters, kGpus, kMtti, kStep, {});
  EXPECT_NEAR(plan.write.value(), 3.24, 1e-9);
  EXPECT_NEAR(plan.restart.value(), 3.24 + 600.0, 1e-9);
}

TEST(Recovery, FromHostMemoryCopiesAShardEachWay) {
  // 395.5 MB at 25 GB/s = 15.8 ms to copy out and as long back; restart + FlashRecovery's 150 s.
  CheckpointInputs inputs;
  inputs.recovery = Recovery::memory;
  const CheckpointPlan plan = plan_checkpoints(kParameters, kGpus, kMtti, kStep, inputs);
  const double shard_s = 405e9 * 16.0 / kGpus / 25e9;
  EXPECT_NEAR(plan.write.value(), shard_s, 1e-12);
  EXPECT_NEAR(plan.restart.value(), shard_s + 150.0, 1e-9);
}

TEST(Recovery, ElasticLosesTheStepInFlightAndStalls) {
  CheckpointInputs inputs;
  inputs.recovery = Recovery::elastic;
  const CheckpointPlan plan = plan_checkpoints(kParameters, kGpus, kMtti, kStep, inputs);
  EXPECT_EQ(plan.write.value(), 0.0);
  EXPECT_EQ(plan.interval.value(), 10.0);
  EXPECT_EQ(plan.restart.value(), 180.0);  // FT-HSDP's 3 min per failure
}

TEST(Recovery, TheRestartATargetGoodputNeeds) {
  // One unexpected interruption an hour (M = 3,600 s), a checkpoint every τ = 360 s that costs nothing
  // to write. Goodput = W/T = τ / (M·e^(R/M)·(e^(τ/M) − 1)); for 0.9:
  //   e^(R/M) = 360 / (0.9 · 3,600 · (e^0.1 − 1)) = 0.1 / (0.9 · 0.1051709) = 1.0564804
  //   R = 3,600 · ln 1.0564804 = 197.8 s.
  RunSetup setup;
  setup.interruptions.unexpected_per_hour = 1.0;
  setup.inputs.work = Seconds(100 * 3600.0);
  setup.inputs.interval = Seconds(360.0);
  setup.inputs.checkpoint = Seconds(0.0);
  setup.inputs.interruptions = setup.interruptions;
  const auto restart = restart_for_goodput(setup, 0.9);
  ASSERT_TRUE(restart);
  EXPECT_NEAR(restart->value(), 3600.0 * std::log(0.1 / (0.9 * (std::exp(0.1) - 1.0))), 1e-6);
  EXPECT_NEAR(restart->value(), 197.8, 0.1);
  // 0.96 is out of reach whatever the restart: the work lost between checkpoints alone costs
  // 1 − 0.1/(e^0.1 − 1) = 4.9%.
  EXPECT_FALSE(restart_for_goodput(setup, 0.96));
}

}  // namespace
}  // namespace gigasim
