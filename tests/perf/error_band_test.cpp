// The error band: the speed errors of the published runs most like the job, as a band on its step
// time, and the limits no validated run reached. Worked by hand on made-up residuals.
#include "perf/error_band.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace gigasim {
namespace {

Job dense_hopper_job(int gpus) {
  Job job;
  job.cluster.gpus = gpus;
  job.cluster.gpu.name = "h100-sxm";
  job.cluster.gpu.architecture = "hopper";
  job.parallelism.dp = gpus;
  job.parallelism.seq_len = 4096;
  return job;
}

ValidatedRun run(const char* architecture, bool moe, int gpus, double speed_error) {
  ValidatedRun r;
  r.architecture = architecture;
  r.moe = moe;
  r.framework = "megatron";
  r.gpus = gpus;
  r.dp = gpus;
  r.seq_len = 4096;
  r.speed_error = speed_error;
  return r;
}

TEST(ErrorBand, DistanceCountsWhatDiffers) {
  // Same architecture, precision, framework and layout kind, 10× the GPUs: 0.5. A MoE run on Ampere
  // at the same size: 2 + 1 = 3.
  const Job job = dense_hopper_job(1000);
  EXPECT_NEAR(job_distance(job, run("hopper", false, 100, 0.0)), 0.5, 1e-12);
  EXPECT_NEAR(job_distance(job, run("ampere", true, 1000, 0.0)), 3.0, 1e-12);
}

TEST(ErrorBand, TheNearestRunsSetTheBand) {
  // 24 Hopper dense runs at the job's size with speed errors 0.00, 0.01, … 0.23, and 10 far MoE runs
  // at +2.0 that must not count. The 10th percentile of 0.00 … 0.23 is 0.1 · 23 · 0.01 = 0.023, the
  // 90th 0.207, the median 0.115: a 10 s step runs 10.23 s to 12.07 s.
  std::vector<ValidatedRun> runs;
  for (int i = 0; i < 24; ++i) runs.push_back(run("hopper", false, 1000, 0.01 * i));
  for (int i = 0; i < 10; ++i) runs.push_back(run("ampere", true, 1000, 2.0));
  const ErrorBand band = error_band(dense_hopper_job(1000), Seconds(10.0), runs);
  EXPECT_EQ(band.runs, kErrorBandRuns);
  EXPECT_NEAR(band.speed_error_low, 0.023, 1e-12);
  EXPECT_NEAR(band.speed_error_high, 0.207, 1e-12);
  EXPECT_NEAR(band.speed_error_median, 0.115, 1e-12);
  EXPECT_NEAR(band.step_time_low.value(), 10.23, 1e-9);
  EXPECT_NEAR(band.step_time_high.value(), 12.07, 1e-9);
  EXPECT_TRUE(band.outside.empty());
}

TEST(ErrorBand, SaysWhatNoValidatedRunReached) {
  // dp 12,500 on 12,500 GPUs against runs of at most 1,536, and a GPU generation none ran on.
  const std::vector<ValidatedRun> runs{run("hopper", false, 1536, 0.1)};
  Job job = dense_hopper_job(12500);
  job.cluster.gpu.architecture = "blackwell";
  job.cluster.gpu.name = "b200";
  const ErrorBand band = error_band(job, Seconds(1.0), runs);
  EXPECT_THAT(band.outside,
              ::testing::ElementsAre("GPU b200 (blackwell): no published run on that architecture validates the model",
                                     "GPUs 12,500: the largest validated job size is 1,536",
                                     "dp 12,500: the largest validated data-parallel width is 1,536"));
}

}  // namespace
}  // namespace gigasim
