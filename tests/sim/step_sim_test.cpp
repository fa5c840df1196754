// The event-simulated step against the analytical estimate where both must agree (no contention,
// no stragglers: issue 5 asks for 3%), against numbers worked by hand where they must differ (two
// flows sharing a NIC; one slow GPU), and against itself (parts add up, full = symmetric, runs are
// reproducible).
#include "sim/step_sim.hpp"

#include <algorithm>
#include <string>

#include <gtest/gtest.h>

#include "../workload/test_jobs.hpp"
#include "cluster/topology.hpp"

namespace gigasim {
namespace {

// Llama 3 8B on one 8-GPU H100 node, data parallel with ZeRO-1: 16 sequences of 8,192 tokens,
// two micro-batches per GPU.
constexpr const char* kOneNode =
    "model: llama3-8b\ncluster: { gpu: h100-sxm, gpus: 8 }\n"
    "parallelism: { tp: 1, zero: 1, micro_batch: 1, global_batch: 16, seq_len: 8192 }\n";

// Llama 3 70B on 8 nodes of a non-blocking NDR fat tree: tp 8, pp 4, dp 2, 16 micro-batches.
constexpr const char* kEightNodes =
    "model: llama3-70b\ncluster: { gpu: h100-sxm, gpus: 64, fabric: ib-ndr-fat-tree }\n"
    "parallelism: { tp: 8, pp: 4, zero: 1, micro_batch: 1, global_batch: 32, seq_len: 8192 }\n";

double relative_gap(const SimulatedStep& s) {
  return s.step.step_time / s.analytical.step_time - 1.0;
}

TEST(StepSim, OneNodeAgreesWithTheEstimate) {
  const auto job = test_jobs::parse(kOneNode);
  ASSERT_TRUE(job);
  const SimulatedStep s = simulate_step(*job);
  EXPECT_NEAR(relative_gap(s), 0.0, 0.03);
  // pp = 1: no bubble and no messages, and compute is exactly the estimate's (same perf layer).
  EXPECT_EQ(s.step.breakdown.pp_bubble.value(), 0.0);
  EXPECT_NEAR(s.step.breakdown.compute / s.analytical.breakdown.compute, 1.0, 1e-9);
}

TEST(StepSim, PipelineOnANonBlockingFabricAgreesWithTheEstimate) {
  const auto job = test_jobs::parse(kEightNodes);
  ASSERT_TRUE(job);
  const SimulatedStep s = simulate_step(*job);
  EXPECT_NEAR(relative_gap(s), 0.0, 0.03);
  // The critical path runs through the whole 1F1B schedule: (m + p − 1) forwards and as many
  // backwards (fill, steady state on the last stage, drain) = 19 + 19 for m = 16, p = 4.
  int forwards = 0;
  int backwards = 0;
  for (const int a : s.critical_path) {
    forwards += s.activities[static_cast<std::size_t>(a)].kind == ActivityKind::forward ? 1 : 0;
    backwards += s.activities[static_cast<std::size_t>(a)].kind == ActivityKind::backward ? 1 : 0;
  }
  EXPECT_EQ(forwards, 19);
  EXPECT_EQ(backwards, 19);
}

TEST(StepSim, GradientsReducedAfterTheBackwardAgreeWithTheEstimate) {
  // dp_overlap: false (Megatron-LM's 2021 "local" DDP): the 70B job's gradients reduce only once
  // the backward is over and its weights gather before the first forward; both models expose all
  // of it, so the step grows by what the overlapped run hid, and the two still agree within 3%.
  std::string deferred(kEightNodes);
  deferred.replace(deferred.find("zero: 1"), std::string("zero: 1").size(), "zero: 1, dp_overlap: false");
  const auto overlapped_job = test_jobs::parse(kEightNodes);
  const auto deferred_job = test_jobs::parse(deferred);
  ASSERT_TRUE(overlapped_job && deferred_job);
  const SimulatedStep overlapped = simulate_step(*overlapped_job);
  const SimulatedStep s = simulate_step(*deferred_job);
  EXPECT_NEAR(relative_gap(s), 0.0, 0.03);
  EXPECT_GT(s.analytical.breakdown.dp_comm, overlapped.analytical.breakdown.dp_comm);
  EXPECT_GT(s.step.step_time, overlapped.step.step_time);
}

TEST(StepSim, PartsAddUpToTheStepTime) {
  const auto job = test_jobs::parse(kEightNodes);
  ASSERT_TRUE(job);
  const SimulatedStep s = simulate_step(*job);
  // Each part is summed from whole-tick intervals and seconds of work; they meet within a few ns
  // per activity of the critical lane.
  EXPECT_NEAR(s.step.breakdown.total().value(), s.step.step_time.value(), 1e-6);
  EXPECT_EQ(s.critical_path.empty(), false);
  EXPECT_EQ(s.activities[static_cast<std::size_t>(s.critical_path.back())].kind, ActivityKind::optimizer);
  EXPECT_EQ(s.activities[static_cast<std::size_t>(s.critical_path.back())].end, ticks_after(s.step.step_time));
}

TEST(StepSim, EveryReplicaSimulatedGivesTheSymmetricAnswer) {
  const auto job = test_jobs::parse(kEightNodes);
  ASSERT_TRUE(job);
  const SimulatedStep symmetric = simulate_step(*job);
  const SimulatedStep full = simulate_step(*job, {.full = true, .trace = false, .limit = {}, .progress = {}});
  EXPECT_EQ(symmetric.lanes.size(), 4U);  // one lane per stage
  EXPECT_EQ(full.lanes.size(), 8U);       // every replica's stages
  EXPECT_GT(full.flows, symmetric.flows);
  EXPECT_NEAR(full.step.step_time / symmetric.step.step_time, 1.0, 1e-3);
}

TEST(StepSim, TheSameJobGivesTheSameStepBitForBit) {
  auto job = test_jobs::parse(kEightNodes);
  ASSERT_TRUE(job);
  job->stragglers = {0.05, {}, 0.1, 0.3, 7};
  const SimulatedStep a = simulate_step(*job);
  const SimulatedStep b = simulate_step(*job);
  EXPECT_EQ(a.step.step_time.value(), b.step.step_time.value());
  EXPECT_EQ(a.activities.size(), b.activities.size());
  EXPECT_EQ(a.straggler_gpus, 3);  // round(0.05 · 64)
}

TEST(StepSim, OneGpuTwentyPercentSlowHoldsBackTheSynchronousStep) {
  // One of 8 data-parallel GPUs computes 20% slower; every other waits for its gradients. Its
  // passes and optimizer take 1.2× as long, the rest (the gradient tail) does not change: the step
  // becomes 1.2·(compute + optimizer) + the rest, close to 20% longer for a compute-bound step.
  auto job = test_jobs::parse(kOneNode);
  ASSERT_TRUE(job);
  const SimulatedStep even = simulate_step(*job);
  job->stragglers.gpus = {5};
  job->stragglers.slowdown = 0.2;
  const SimulatedStep slowed = simulate_step(*job);
  EXPECT_EQ(slowed.replica_classes, 2);
  const StepBreakdown& b = even.step.breakdown;
  const double expected = 1.2 * (b.compute + b.optimizer).value() + (b.total() - b.compute - b.optimizer).value();
  EXPECT_NEAR(slowed.step.step_time.value() / expected, 1.0, 0.01);
  EXPECT_NEAR(slowed.step.step_time / even.step.step_time, 1.2, 0.01);
}

TEST(StepSim, AMessageSharingItsNicWithAGradientRingGetsHalfTheLink) {
  // Llama 3 8B, tp 8 · pp 2 · dp 2 on 4 nodes. When stage 1 ends its last backward it sends the
  // activation gradient to stage 0 (GPU 16 → GPU 0) just as its last gradient bucket starts its
  // reduce-scatter ring (GPU 16 → GPU 24), on the same NIC. Max-min: 47 GB/s (400 Gb/s × 0.94 bus
  // efficiency) split in two. The message, 8,192 tokens × 4,096 hidden × 2 B / tp 8 = 8,388,608 B
  // (sequence parallel), takes 8,388,608 / 23.5e9 = 357 µs, twice what the analytical model
  // charges a message alone on the link, plus the leaf's latency either way.
  const auto job = test_jobs::parse(
      "model: llama3-8b\ncluster: { gpu: h100-sxm, gpus: 32, fabric: ib-ndr-fat-tree }\n"
      "parallelism: { tp: 8, pp: 2, zero: 1, micro_batch: 1, global_batch: 16, seq_len: 8192 }\n");
  ASSERT_TRUE(job);
  const SimulatedStep s = simulate_step(*job);
  const int last = job->parallelism.micro_batches_per_step() - 1;
  const auto message = std::find_if(s.activities.begin(), s.activities.end(), [&](const Activity& a) {
    return a.kind == ActivityKind::pp_send && a.stage == 1 && a.micro_batch == last;
  });
  ASSERT_NE(message, s.activities.end());
  const Seconds latency = build_topology(job->cluster).tiers[1].latency;
  const double expected = 8388608.0 / (50e9 * 0.94 / 2.0) + latency.value();
  EXPECT_NEAR(seconds_of(message->end - message->start).value(), expected, 2e-9);
  // An earlier message, with no ring beside it, gets the whole link.
  const auto alone = std::find_if(s.activities.begin(), s.activities.end(), [&](const Activity& a) {
    return a.kind == ActivityKind::pp_send && a.stage == 1 && a.micro_batch == 0;
  });
  ASSERT_NE(alone, s.activities.end());
  EXPECT_NEAR(seconds_of(alone->end - alone->start).value(), 8388608.0 / (50e9 * 0.94) + latency.value(), 2e-9);
}

TEST(StepSim, FullyShardedDataParallelOnOneNodeAgreesWithTheEstimate) {
  // Llama 3.1 8B on 8 H100 with ZeRO-3 (FSDP), as examples/llama3-8b-8xh100.yaml: every pass waits
  // for its layers' weights, gathered while the pass before runs, and reduce-scatters each layer's
  // gradients as its backward ends; only the first layer's gather and the last one's reduction are
  // exposed, as the estimate's per-pass overlap assumes.
  const auto job = test_jobs::parse(
      "model: llama3-8b\ncluster: { gpu: h100-sxm, gpus: 8 }\n"
      "parallelism: { zero: 3, recompute: op-selective, micro_batch: 1, global_batch: 16, seq_len: 8192 }\n"
      "training: { framework: torchtitan }\n");
  ASSERT_TRUE(job);
  const SimulatedStep s = simulate_step(*job);
  EXPECT_NEAR(relative_gap(s), 0.0, 0.03);
  // 2 micro-batches × (forward + backward) × 32 layers gathered, 2 × 32 layers reduced.
  const auto count = [&](ActivityKind kind) {
    return std::count_if(s.activities.begin(), s.activities.end(), [&](const Activity& a) { return a.kind == kind; });
  };
  EXPECT_EQ(count(ActivityKind::dp_gather), 4 * 32);
  EXPECT_EQ(count(ActivityKind::dp_reduce), 2 * 32);
}

TEST(StepSim, EveryShardingStageWithStragglersAndVirtualStagesRunsToTheEndAlikeInFullMode) {
  // Each ZeRO stage, 1F1B and interleaved, with 5% stragglers: every lane finishes (the simulator
  // asserts it) and symmetric classes give the step every replica simulated gives.
  for (const int zero : {0, 1, 2, 3})
    for (const int vpp : {1, 2}) {
      auto job = test_jobs::parse(
          "model: llama3-70b\ncluster: { gpu: h100-sxm, gpus: 64, fabric: ib-ndr-fat-tree }\n"
          "parallelism: { tp: 8, pp: 2, vpp: " +
          std::to_string(vpp) + ", zero: " + std::to_string(zero) +
          ", micro_batch: 1, global_batch: 16, seq_len: 4096 }\n");
      ASSERT_TRUE(job);
      job->stragglers = {0.05, {}, 0.1, 0.4, 3};
      const SimulatedStep symmetric = simulate_step(*job);
      const SimulatedStep full = simulate_step(*job, {.full = true, .trace = false, .limit = {}, .progress = {}});
      EXPECT_GT(symmetric.replica_classes, 1) << "zero " << zero << " vpp " << vpp;
      EXPECT_NEAR(full.step.step_time / symmetric.step.step_time, 1.0, 1e-3) << "zero " << zero << " vpp " << vpp;
    }
}

}  // namespace
}  // namespace gigasim
