// estimate_compute_only's answer is consistent with its own parts and with the INTERFACE.md §2
// definitions, on Llama 3.1 8B on 8 H100 (989 TFLOP/s dense bf16, 3.35 TB/s), FSDP (ZeRO-3, DP 8),
// selective recompute, global batch 16 sequences of 8192 tokens in micro-batches of 1 (two per GPU
// per step), 1e11 training tokens (the layout of examples/llama3-8b-8xh100.yaml, written out here so
// that edits to the example do not move these checks).

#include "perf/step_estimate.hpp"

#include <gtest/gtest.h>

#include "../workload/test_jobs.hpp"
#include "perf/compiled_step.hpp"
#include "perf/compute_time.hpp"
#include "workload/step_flops.hpp"

namespace gigasim {
namespace {

constexpr double kRelative = 1e-12;
constexpr double kH100Bf16Peak = 989e12;  // NVIDIA H100 SXM datasheet, dense
constexpr double kGpus = 8;
constexpr double kTokensPerStep = 16.0 * 8192.0;  // 131,072

std::optional<Job> llama3_8b() {
  return test_jobs::parse(
      "model: llama3-8b\ncluster: { gpu: h100-sxm, gpus: 8 }\n"
      "parallelism: { zero: 3, recompute: selective, micro_batch: 1, global_batch: 16, seq_len: 8192 }\n"
      "training: { tokens: 1.0e11 }\n");
}

TEST(StepEstimate, PartsAddUpToStepTime) {
  const auto job = llama3_8b();
  ASSERT_TRUE(job);
  const StepEstimate e = estimate_compute_only(*job);
  const StepBreakdown& b = e.breakdown;
  const double sum =
      (b.compute + b.tp_comm + b.cp_comm + b.ep_comm + b.pp_comm + b.pp_bubble + b.dp_comm + b.optimizer).value();
  EXPECT_NEAR(e.step_time.value(), sum, kRelative * sum);
  EXPECT_GT(e.step_time.value(), 0.0);
}

TEST(StepEstimate, CommunicationPartsAreExactlyZero) {
  const auto job = llama3_8b();
  ASSERT_TRUE(job);
  const StepBreakdown b = estimate_compute_only(*job).breakdown;
  EXPECT_EQ(b.tp_comm.value(), 0.0);
  EXPECT_EQ(b.cp_comm.value(), 0.0);
  EXPECT_EQ(b.ep_comm.value(), 0.0);
  EXPECT_EQ(b.pp_comm.value(), 0.0);
  EXPECT_EQ(b.dp_comm.value(), 0.0);
  EXPECT_EQ(b.pp_bubble.value(), 0.0);  // pp = 1
}

TEST(StepEstimate, ComputeIsTwoMicroBatchesOfTheWholeModel) {
  // pp = 1 and 16 / (8 · 1) = 2 micro-batches per step: compute is twice the single stage's
  // forward + backward + recompute.
  const auto job = llama3_8b();
  ASSERT_TRUE(job);
  ASSERT_EQ(job->parallelism.micro_batches_per_step(), 2);
  const double stage = stage_time(*job, 0, 0, 32).total().value();
  EXPECT_NEAR(estimate_compute_only(*job).breakdown.compute.value(), 2.0 * stage, kRelative * stage);
}

TEST(StepEstimate, ModelFlopsByHand) {
  // Per sequence (s = 8192, h = 4096, 32 heads / 8 KV heads of 128, SwiGLU f = 14336, V = 128256, 32 layers),
  // forward per layer: QKV 2·s·h·(4096 + 2048), output 2·s·h², MLP 3·2·s·h·f, attention 4·s²·h; plus the
  // logits 2·s·V·h. Forward + backward = 3 × forward = 474,422,087,516,160 FLOPs per sequence, × 16 =
  // 7,590,753,400,258,560 per step.
  const auto job = llama3_8b();
  ASSERT_TRUE(job);
  const StepEstimate e = estimate_compute_only(*job);
  EXPECT_NEAR(e.model_flops_per_step.value(), 7'590'753'400'258'560.0, kRelative * 7.59e15);
  EXPECT_DOUBLE_EQ(e.model_flops_per_step.value(), step_flops(*job).model.value());
  EXPECT_DOUBLE_EQ(e.hardware_flops_per_step.value(), step_flops(*job).hardware.value());
}

TEST(StepEstimate, UtilisationIsFlopsOverStepTimeGpusAndPeak) {
  const auto job = llama3_8b();
  ASSERT_TRUE(job);
  const StepEstimate e = estimate_compute_only(*job);
  const double denominator = e.step_time.value() * kGpus * kH100Bf16Peak;
  EXPECT_NEAR(e.mfu, e.model_flops_per_step.value() / denominator, kRelative);
  EXPECT_NEAR(e.hfu, e.hardware_flops_per_step.value() / denominator, kRelative);
  EXPECT_NEAR(e.model_flops_per_gpu.value(), e.mfu * kH100Bf16Peak, kRelative * kH100Bf16Peak);
  EXPECT_GT(e.mfu, 0.0);
  EXPECT_LT(e.mfu, 1.0);
  EXPECT_GE(e.hfu, e.mfu);  // selective recompute and flash attention add FLOPs
}

TEST(StepEstimate, TokensPerSecondAndTimeToTrain) {
  const auto job = llama3_8b();
  ASSERT_TRUE(job);
  const StepEstimate e = estimate_compute_only(*job);
  const double tokens_per_s = kTokensPerStep / e.step_time.value();
  EXPECT_NEAR(e.tokens_per_s, tokens_per_s, kRelative * tokens_per_s);
  ASSERT_TRUE(e.time_to_train_days);
  const double days = 1e11 / tokens_per_s / 86400.0;
  EXPECT_NEAR(*e.time_to_train_days, days, kRelative * days);
}

TEST(StepEstimate, NoTrainingTokensNoTimeToTrain) {
  const auto job = test_jobs::parse(
      "model: llama3-8b\ncluster: { gpu: h100-sxm, gpus: 8 }\n"
      "parallelism: { zero: 3, micro_batch: 2, global_batch: 16 }\n");
  ASSERT_TRUE(job);
  EXPECT_FALSE(estimate_compute_only(*job).time_to_train_days);
}

TEST(StepEstimate, OptimizerStepStreamsItsShardOfTheStates) {
  // ZeRO-3 over 8 ranks: each GPU updates 8,030,261,248 / 8 = 1,003,782,656 parameters. Megatron's
  // bf16 step streams 38 B for each (the norm's read of the fp32 gradient 4, Adam's fp32 master,
  // momentum, variance and gradient in and three out 28, the 16-bit weight written from the fp32
  // one 4 + 2) and zeroes its 4 B fp32 gradient shard, at the 0.80 of 3.35e12 B/s that memory-bound
  // kernels reach: 42 × 1,003,782,656 / 2.68e12 B/s = 1.5730e-2 s.
  const auto job = llama3_8b();
  ASSERT_TRUE(job);
  const double expected = 42.0 * 1'003'782'656.0 / (0.80 * 3.35e12);
  EXPECT_NEAR(estimate_compute_only(*job).breakdown.optimizer.value(), expected, kRelative * expected);
}

TEST(StepEstimate, WithoutDpOverlapTheWholeGradientSyncIsExposed) {
  // Llama 3 8B over 16 H100 (2 nodes), ZeRO-1: overlapped, the reduce-scatter hides under the last
  // backward but its last bucket; deferred (dp_overlap: false), the reduce-scatter and the weights'
  // all-gather both run exposed, whole: dp_comm is exactly their sum.
  const auto deferred = test_jobs::parse(
      "model: llama3-8b\ncluster: { gpu: h100-sxm, gpus: 16 }\n"
      "parallelism: { zero: 1, dp_overlap: false, micro_batch: 1, global_batch: 16, seq_len: 8192 }\n");
  ASSERT_TRUE(deferred);
  const CompiledStep step = compile_step(*deferred);
  EXPECT_NEAR(evaluate(step).breakdown.dp_comm.value(), (step.dp_gradient_sync + step.dp_param_gather).value(), 1e-12);
  // With zero 3 the gathers and reductions run inside every pass: refused, located at the field.
  const auto refused = parse_job(
      "model: llama3-8b\ncluster: { gpu: h100-sxm, gpus: 16 }\n"
      "parallelism: { zero: 3, dp_overlap: false, micro_batch: 1, global_batch: 16, seq_len: 8192 }\n",
      "test.yaml", test_jobs::builtin_catalog());
  ASSERT_FALSE(refused);
  ASSERT_EQ(refused.error().size(), 1U);
  EXPECT_EQ(refused.error()[0].field, "parallelism.dp_overlap");
}

TEST(StepEstimate, MfuUsesThePeakOfTheJobsPrecision) {
  // GPT-3 175B in fp16 on 1024 A100 (Narayanan et al. 2021 §5.1, as examples/gpt3-175b-1024xa100.yaml):
  // 312 TFLOP/s dense fp16 per GPU (A100 datasheet).
  const auto job = test_jobs::parse(
      "model: gpt3-175b\ncluster: { gpu: a100-80gb, gpus: 1024 }\n"
      "parallelism: { tp: 8, pp: 16, recompute: full, flash_attention: false, micro_batch: 1, global_batch: 1536,"
      " precision: fp16 }\n");
  ASSERT_TRUE(job);
  const StepEstimate e = estimate_compute_only(*job);
  const double expected = e.model_flops_per_step.value() / (e.step_time.value() * 1024.0 * 312e12);
  EXPECT_NEAR(e.mfu, expected, kRelative);
  const double tokens_per_s = 1536.0 * 2048.0 / e.step_time.value();
  EXPECT_NEAR(e.tokens_per_s, tokens_per_s, kRelative * tokens_per_s);
}

}  // namespace
}  // namespace gigasim
