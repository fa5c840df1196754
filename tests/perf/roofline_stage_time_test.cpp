// The op-level roofline of compute_time.hpp on a model small enough to list every op by hand:
// 3 layers on 3 stages (stage 1 holds one layer and neither the embedding nor the output layer),
// h = 64, 4 heads of 16 (MHA), MLP f = 256 with GeLU, V = 128, s = 32, b = 1, no parallelism, bf16.
// A made-up GPU: 1 TFLOP/s bf16 peak at 50% achievable (5e11 FLOP/s), 100 GB/s of HBM.
//
// Each op takes max(FLOPs·w / 5e11, bytes / 1e11), w = 1/2 for causal attention (masked tiles skipped,
// FlashAttention-2 §3.1.1). GEMM m×k by k×n, `count` times: 2·m·n·k·count FLOPs and
// 2 B·count·(m·k + k·n + m·n) bytes. With 32 tokens:
//   op            GEMM (m,n,k)×count   FLOPs       bytes    compute s     memory s      time s
//   norm          —                    0           8,192    0             8.192e-8      8.192e-8
//   qkv           (32,192,64)          786,432     40,960   1.572864e-6   4.096e-7      1.572864e-6
//   rotary        —                    0           16,384   0             1.6384e-7     1.6384e-7
//   QKᵀ           (32,32,16)×4         131,072     16,384   1.31072e-7    1.6384e-7     1.6384e-7
//   softmax       —                    0           16,384   0             1.6384e-7     1.6384e-7
//   attention·V   (32,16,32)×4         131,072     16,384   1.31072e-7    1.6384e-7     1.6384e-7
//   out proj      (32,64,64)           262,144     16,384   5.24288e-7    1.6384e-7     5.24288e-7
//   residual add  —                    0           12,288   0             1.2288e-7     1.2288e-7
//   norm          —                    0           8,192    0             8.192e-8      8.192e-8
//   mlp up        (32,256,64)          1,048,576   53,248   2.097152e-6   5.3248e-7     2.097152e-6
//   GeLU          —                    0           32,768   0             3.2768e-7     3.2768e-7
//   mlp down      (32,64,256)          1,048,576   53,248   2.097152e-6   5.3248e-7     2.097152e-6
//   residual add  —                    0           12,288   0             1.2288e-7     1.2288e-7
// Norm bytes: read and write 32×64 at 2 B (2·2·2048); GeLU: read 32×256 and write 32×256 at 2 B;
// rotary: read and write Q and K, 2·2·32·(4 + 4)·16; residual add: two 32×64 read, one written, 3·2·2048;
// softmax (unfused attention only): read and write the 32·32·4 scores at 2 B, 4·4,096.
// Forward sum: 7.684096e-6 s; backward 2× (both gradients of every matmul; elementwise ops likewise).

#include <gtest/gtest.h>

#include "perf/compute_time.hpp"

namespace gigasim {
namespace {

constexpr double kRelative = 1e-12;
constexpr double kLayerForward = 7.684096e-6;
// Flash attention: Q, K, V in and O out, 2 B × 32 × (2·4 + 2·4) × 16 = 16,384 B split over the two ops,
// 8,192 B each → 8.192e-8 s < 1.31072e-7 s, so both become compute-bound:
// and no softmax op: 7.684096e-6 − 1.6384e-7 − 2·(1.6384e-7 − 1.31072e-7) = 7.45472e-6.
constexpr double kLayerForwardFlash = 7.45472e-6;
constexpr double kScoresFlash = 1.31072e-7;

Job tiny_job(Recompute recompute, bool flash) {
  Job job;
  ModelSpec& m = job.model;
  m.name = "tiny";
  m.layers = 3;
  m.hidden = 64;
  m.heads = 4;
  m.kv_heads = 4;
  m.head_dim = 16;
  m.ffn = 256;
  m.vocab = 128;
  m.seq_len = 32;
  m.activation = Activation::gelu;
  GpuSpec& gpu = job.cluster.gpu;
  gpu.name = "roofline-gpu";
  gpu.dense_peak.bf16 = FlopsPerSecond(1e12);
  gpu.matmul_efficiency.bf16 = 0.5;
  gpu.hbm_bandwidth = BytesPerSecond(1e11);
  gpu.hbm_capacity = Bytes(1e12);
  job.cluster.gpus = 3;
  Parallelism& p = job.parallelism;
  p.pp = 3;
  p.recompute = recompute;
  p.flash_attention = flash;
  p.micro_batch = 1;
  p.global_batch = 1;
  p.seq_len = 32;
  p.stage_layers = {1, 1, 1};
  return job;
}

void expect_seconds(Seconds actual, double expected) {
  EXPECT_NEAR(actual.value(), expected, kRelative * expected);
}

TEST(RooflineStageTime, ForwardIsSumOfPerOpMaxima) {
  const StageTime t = stage_time(tiny_job(Recompute::none, false), 1, 1, 1);
  expect_seconds(t.forward, kLayerForward);
}

TEST(RooflineStageTime, BackwardIsTwiceForward) {
  const StageTime t = stage_time(tiny_job(Recompute::none, false), 1, 1, 1);
  expect_seconds(t.backward, 2.0 * kLayerForward);
  EXPECT_EQ(t.recompute.value(), 0.0);
  expect_seconds(t.total(), 3.0 * kLayerForward);
}

TEST(RooflineStageTime, FlashAttentionMovesAttentionToTheComputeSide) {
  // Without recompute a flash-attention backward still recomputes QKᵀ (Dao et al. 2022 §3.1).
  const StageTime t = stage_time(tiny_job(Recompute::none, true), 1, 1, 1);
  expect_seconds(t.forward, kLayerForwardFlash);
  expect_seconds(t.backward, 2.0 * kLayerForwardFlash);
  expect_seconds(t.recompute, kScoresFlash);
}

TEST(RooflineStageTime, RecomputeRedoesTheForwardWork) {
  // Selective: core attention again — QKᵀ, the softmax and attention·V (3 × 1.6384e-7 without flash).
  expect_seconds(stage_time(tiny_job(Recompute::selective, false), 1, 1, 1).recompute, 3.0 * 1.6384e-7);
  // Full: the whole layer's forward.
  expect_seconds(stage_time(tiny_job(Recompute::full, false), 1, 1, 1).recompute, kLayerForward);
  // Full with flash: the forward plus flash's own QKᵀ recomputation.
  expect_seconds(stage_time(tiny_job(Recompute::full, true), 1, 1, 1).recompute, kLayerForwardFlash + kScoresFlash);
}

TEST(RooflineStageTime, FirstStageAddsTheEmbeddingLookup) {
  // Embedding: read one row per token and write the hidden state, 2·2 B·32·64 = 8,192 B → 8.192e-8 s.
  const StageTime t = stage_time(tiny_job(Recompute::none, false), 0, 0, 1);
  expect_seconds(t.forward, kLayerForward + 8.192e-8);
  expect_seconds(t.backward, 2.0 * (kLayerForward + 8.192e-8));
}

TEST(RooflineStageTime, LastStageAddsTheOutputLayerWhichIsNeverRecomputed) {
  // Final norm 8,192 B → 8.192e-8 s; logits (32,128,64): 524,288 FLOPs → 1.048576e-6 s against
  // 2·(2048 + 8192 + 4096) = 28,672 B → 2.8672e-7 s; fp32 loss reads 2 B and writes 4 B per logit,
  // 6·32·128 = 24,576 B → 2.4576e-7 s. Output forward 1.376256e-6 s.
  constexpr double kOutputForward = 1.376256e-6;
  const StageTime t = stage_time(tiny_job(Recompute::full, false), 2, 2, 1);
  expect_seconds(t.forward, kLayerForward + kOutputForward);
  expect_seconds(t.backward, 2.0 * (kLayerForward + kOutputForward));
  expect_seconds(t.recompute, kLayerForward);
}

TEST(RooflineStageTime, TwoLayersTakeTwiceAsLong) {
  // Layers 1 and 2 on a middle stage (stage_time takes the range it is given).
  expect_seconds(stage_time(tiny_job(Recompute::none, false), 1, 1, 2).forward, 2.0 * kLayerForward);
}

}  // namespace
}  // namespace gigasim
