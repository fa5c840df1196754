// Memory per GPU for examples/llama3-405b-16k-h100.yaml (Llama Team 2024 §3.3.2): Llama 3.1 405B on
// 16,384 H100, TP 8 × PP 16 × DP 128 with 4 interleaved chunks per stage, ZeRO-2 (FSDP sharding
// gradients and optimizer states), bf16, selective recompute, flash attention, SP, b = 1, s = 8192,
// 16 micro-batches per step.
// 126 layers on 16 stages: 7, 8 × 14, 7 (the first and last stage one layer fewer).
//
// One layer holds 3,187,703,808 parameters (attention 570,425,344 + SwiGLU MLP 2,617,245,696 + norms
// 32,768; worked out in parameter_count_test.cpp). A middle stage holds 8 layers split over TP 8:
//   weights    2 B × 8 × 3,187,703,808 / 8               = 6,375,407,616 B (5.94 GiB), not sharded
//   gradients  4 B (fp32, as Megatron-LM accumulates bf16 training) × 3,187,703,808 / 128 (DP)
//                                                         =    99,615,744 B
//   optimizer  12 B × 3,187,703,808 / 128 (DP)           =   298,847,232 B
// Interleaved 1F1B keeps min(2(pp − s − 1) + (v − 1)·pp + 1, m·v) chunks in flight on stage s
// (Megatron-LM's warm-up): min(79, 64) = 64 on stage 0 and min(77, 64) = 64 on stage 1, each chunk
// 1/4 of the stage's layers, so 16 micro-batches' worth of each layer. Stage 0 holds 7 layers + the
// embedding (7·3.19e9 + 2.10e9 < 8·3.19e9 parameters) and fewer activations than stage 1 (7 × 16 =
// 112 < 8 × 16 = 128 layer-micro-batches), so stage 1 is the most loaded.

#include <vector>

#include <gtest/gtest.h>

#include "test_jobs.hpp"
#include "workload/activation_memory.hpp"
#include "workload/memory.hpp"

namespace gigasim {
namespace {

constexpr char kExample[] = "examples/llama3-405b-16k-h100.yaml";
constexpr double kLayerParameters = 3'187'703'808.0;
constexpr double kMiddleStageLayers = 8;
constexpr double kTp = 8;
constexpr double kDp = 128;
constexpr double kRelative = 1e-12;

// Per layer and micro-batch, selective recompute with flash attention, TP 8 with SP, per token:
// replicated-then-SP-split tensors: two norm inputs 2·2h, QKV input 2h, MLP input 2h = 8h = 131,072 B;
// TP-split tensors: Q and O 2·(2·128·128), K and V 2·(2·8·128) → 69,632 B; SwiGLU gate, up and
// product 3·2·53248 = 319,488 B; flash attention's fp32 log-sum-exp 4·128 = 512 B → 389,632 B.
// (131,072 + 389,632)/8 = 65,088 B per token, × 8192 tokens = 533,200,896 B.
constexpr double kLayerActivationBytes = 533'200'896.0;

TEST(MemoryLlama3405b, ExampleParsesToTheLayoutAbove) {
  // The hand figures in this file assume this layout; if the example changes, they must be redone.
  const auto job = test_jobs::parse_file(kExample);
  ASSERT_TRUE(job);
  const auto& p = job->parallelism;
  EXPECT_EQ(p.tp, 8);
  EXPECT_EQ(p.pp, 16);
  EXPECT_EQ(p.vpp, 4);
  EXPECT_EQ(p.dp, 128);
  EXPECT_EQ(p.cp, 1);
  EXPECT_EQ(p.zero, 2);
  EXPECT_EQ(p.precision, Precision::bf16);
  EXPECT_EQ(p.recompute, Recompute::selective);
  EXPECT_TRUE(p.sp);
  EXPECT_TRUE(p.flash_attention);
  EXPECT_EQ(p.micro_batches_per_step(), 16);
  const std::vector<int> expected_layers = {7, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 7};
  EXPECT_EQ(p.stage_layers, expected_layers);
}

TEST(MemoryLlama3405b, MiddleStageIsTheMostLoaded) {
  const auto job = test_jobs::parse_file(kExample);
  ASSERT_TRUE(job);
  EXPECT_EQ(memory_per_gpu(*job).stage, 1);
}

TEST(MemoryLlama3405b, ModelStatesOfTheMiddleStage) {
  const auto job = test_jobs::parse_file(kExample);
  ASSERT_TRUE(job);
  const MemoryBreakdown m = memory_per_gpu(*job).per_gpu;
  const double weights = 2.0 * kMiddleStageLayers * kLayerParameters / kTp;
  EXPECT_NEAR(weights, 6'375'407'616.0, 0.5);
  EXPECT_NEAR(m.weights.value(), weights, kRelative * weights);
  const double grads = 4.0 * kMiddleStageLayers * kLayerParameters / kTp / kDp;
  EXPECT_NEAR(grads, 99'615'744.0, 0.5);
  EXPECT_NEAR(m.grads.value(), grads, kRelative * grads);
  const double optimizer = 12.0 * kMiddleStageLayers * kLayerParameters / kTp / kDp;
  EXPECT_NEAR(optimizer, 298'847'232.0, 0.5);
  EXPECT_NEAR(m.optimizer.value(), optimizer, kRelative * optimizer);
}

TEST(MemoryLlama3405b, LayerActivationsGeneraliseKorthikanti) {
  const auto job = test_jobs::parse_file(kExample);
  ASSERT_TRUE(job);
  EXPECT_NEAR(layer_activation_bytes(job->model, job->parallelism, 10).value(), kLayerActivationBytes,
              kRelative * kLayerActivationBytes);
}

TEST(MemoryLlama3405b, SequenceParallelGatherBuffer) {
  // The all-gathered layer input of one micro-batch: 2 B × 8192 × 16384 = 268,435,456 B (0.25 GiB).
  const auto job = test_jobs::parse_file(kExample);
  ASSERT_TRUE(job);
  EXPECT_DOUBLE_EQ(memory_per_gpu(*job).per_gpu.buffers.value(), 268'435'456.0);
}

TEST(MemoryLlama3405b, MiddleStageActivations) {
  // Stage 1 of 16 holds 64 chunks of 2 layers in flight: 16 micro-batches of its 8 layers. At the peak one layer's
  // backward also holds the gradients of its activations (about one layer's activations without
  // recompute) and what recompute regenerates (without − with recompute).
  const auto job = test_jobs::parse_file(kExample);
  ASSERT_TRUE(job);
  const auto& p = job->parallelism;
  const double without = layer_activation_bytes_without_recompute(job->model, p, 10).value();
  const double recomputed = without - layer_activation_bytes(job->model, p, 10).value();
  EXPECT_DOUBLE_EQ(without, kLayerActivationBytes);
  EXPECT_DOUBLE_EQ(recomputed, 0.0);
  const double expected = kMiddleStageLayers * 16.0 * kLayerActivationBytes + without + recomputed;
  EXPECT_NEAR(memory_per_gpu(*job).per_gpu.activations.value(), expected, kRelative * expected);
}

TEST(MemoryLlama3405b, FitsOnAnH100) {
  // Llama 3 405B was trained in this layout, so it must fit in 80 GB: by hand 6.38 + 0.10 + 0.30 GB of
  // model states + ~65 GB of activations + 0.27 GB of buffers + ~1 GB of runtime ≈ 73 GB, under the
  // 85.5 GB (81,559 MiB) nvidia-smi reports.
  const auto job = test_jobs::parse_file(kExample);
  ASSERT_TRUE(job);
  EXPECT_TRUE(memory_per_gpu(*job).fits());
}

}  // namespace
}  // namespace gigasim
