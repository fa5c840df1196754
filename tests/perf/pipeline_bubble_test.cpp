// The 1F1B pipeline bubble of estimate_compute_only (Narayanan et al. 2021 §2.2): with p stages, m
// micro-batches and v model chunks per stage, the slowest stage's per-micro-batch time T sets the pace;
// the step computes m·T and idles (p − 1)·T/v, so the bubble is (p − 1)/(m·v) of the compute and
// (p − 1)/(m·v + p − 1) of compute + bubble.
// Stage 0 also runs the embedding and the last stage the output layer, so no real job has exactly equal
// stages; the fractions hold for the slowest stage's T, which for equal stages is every stage's time.

#include <algorithm>
#include <string>

#include <gtest/gtest.h>

#include "../workload/test_jobs.hpp"
#include "perf/compute_time.hpp"
#include "perf/step_estimate.hpp"

namespace gigasim {
namespace {

constexpr double kRelative = 1e-12;

// GPT-3 175B on 4 stages of 24 layers, 8 micro-batches of one sequence.
std::string gpt3_pipeline(int vpp) {
  return "model: gpt3-175b\ncluster: { gpu: a100-80gb, gpus: 4 }\n"
         "parallelism: { pp: 4, vpp: " +
         std::to_string(vpp) + ", micro_batch: 1, global_batch: 8 }\n";
}

Seconds slowest_stage(const Job& job) {
  Seconds slowest;
  int first = 0;
  for (int stage = 0; stage < job.parallelism.pp; ++stage) {
    const int layers = job.parallelism.stage_layers[static_cast<std::size_t>(stage)];
    slowest = std::max(slowest, stage_time(job, stage, first, layers).total());
    first += layers;
  }
  return slowest;
}

TEST(PipelineBubble, OneFOneBBubbleIsPMinusOneStageTimes) {
  const auto job = test_jobs::parse(gpt3_pipeline(1));
  ASSERT_TRUE(job);
  ASSERT_EQ(job->parallelism.micro_batches_per_step(), 8);
  const StepEstimate e = estimate_compute_only(*job);
  const double stage = slowest_stage(*job).value();
  EXPECT_NEAR(e.breakdown.compute.value(), 8.0 * stage, kRelative * 8.0 * stage);
  EXPECT_NEAR(e.breakdown.pp_bubble.value(), 3.0 * stage, kRelative * 3.0 * stage);
}

TEST(PipelineBubble, OneFOneBBubbleFraction) {
  // p = 4, m = 8, v = 1: 3/(8 + 3) = 3/11 of compute + bubble, 3/8 of compute.
  const auto job = test_jobs::parse(gpt3_pipeline(1));
  ASSERT_TRUE(job);
  const StepBreakdown b = estimate_compute_only(*job).breakdown;
  EXPECT_NEAR(b.pp_bubble / (b.compute + b.pp_bubble), 3.0 / 11.0, kRelative);
  EXPECT_NEAR(b.pp_bubble / b.compute, 3.0 / 8.0, kRelative);
}

TEST(PipelineBubble, InterleavingDividesTheBubbleByV) {
  // v = 2: 3/(8·2 + 3) = 3/19 of compute + bubble; the bubble is (p − 1)/v = 1.5 stage times.
  const auto job = test_jobs::parse(gpt3_pipeline(2));
  ASSERT_TRUE(job);
  const StepBreakdown b = estimate_compute_only(*job).breakdown;
  EXPECT_NEAR(b.pp_bubble / (b.compute + b.pp_bubble), 3.0 / 19.0, kRelative);
  const double stage = slowest_stage(*job).value();
  EXPECT_NEAR(b.pp_bubble.value(), 1.5 * stage, kRelative * stage);
}

TEST(PipelineBubble, NoPipelineNoBubble) {
  const auto job = test_jobs::parse(
      "model: megatron-gpt-1.7b\ncluster: { gpu: a100-80gb, gpus: 1 }\nparallelism: { global_batch: 4 }\n");
  ASSERT_TRUE(job);
  EXPECT_EQ(estimate_compute_only(*job).breakdown.pp_bubble.value(), 0.0);
}

}  // namespace
}  // namespace gigasim
