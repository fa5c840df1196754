// Collectives that run beside compute: hidden when they fit the window, but compute slows by 18.9%
// while both run (Lee et al. 2025, arXiv:2507.03114); whatever outlasts the window is exposed.
// evaluate() on hand-made compiled steps, numbers by hand.
#include <gtest/gtest.h>

#include "perf/compiled_step.hpp"

namespace gigasim {
namespace {

CompiledStep zero3_step(double gather_s, double reduce_s) {
  CompiledStep step;
  step.forward = Seconds(1.0);
  step.backward = Seconds(2.0);
  step.dp_param_gather = Seconds(gather_s);  // forward and backward gathers together
  step.dp_gradient_sync = Seconds(reduce_s);
  step.zero3 = true;
  step.peak = FlopsPerSecond(1e15);
  return step;
}

TEST(OverlapCost, HiddenCollectivesStillSlowCompute) {
  // Forward: a 0.5 s gather beside 1 s of compute costs 0.189 · 0.5 = 0.0945 s. Backward: the other
  // 0.5 s gather and a 0.5 s reduce-scatter beside 2 s cost 0.189 · 1.0 = 0.189 s. Sum 0.2835 s.
  const StepEstimate estimate = evaluate(zero3_step(1.0, 0.5));
  EXPECT_NEAR(estimate.breakdown.dp_comm.value(), 0.2835, 1e-12);
  EXPECT_NEAR(estimate.step_time.value(), 3.0 + 0.2835, 1e-12);
}

TEST(OverlapCost, WhatOutlastsTheWindowIsExposed) {
  // Forward: a 2 s gather beside 1 s: 1 s is exposed (more than 0.189 · 1 s of slowed compute).
  // Backward: 2 s gather + 0 s reduce beside 2 s of compute: only the slowdown, 0.189 · 2 = 0.378 s.
  const StepEstimate estimate = evaluate(zero3_step(4.0, 0.0));
  EXPECT_NEAR(estimate.breakdown.dp_comm.value(), 1.0 + 0.378, 1e-12);
}

TEST(OverlapCost, GradientSyncOfDataParallelism) {
  // ZeRO-1, 4 buckets: a 1 s reduce-scatter beside 2 s of backward costs max(1/4, 0.189) = 0.25 s;
  // a 0.1 s gather beside 1 s of forward costs max(0.1/4, 0.0189) = 0.025 s.
  CompiledStep step = zero3_step(0.1, 1.0);
  step.zero3 = false;
  step.dp_buckets = 4;
  EXPECT_NEAR(evaluate(step).breakdown.dp_comm.value(), 0.25 + 0.025, 1e-12);
}

}  // namespace
}  // namespace gigasim
