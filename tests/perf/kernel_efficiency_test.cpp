// The GPU's kernel-level figures in the roofline: fused attention at its own efficiency, GEMM
// tile/wave quantization by SM count, and the shortest time any kernel takes. Numbers by hand.
#include <gtest/gtest.h>

#include "perf/compute_time.hpp"
#include "workload/layer_ops.hpp"

namespace gigasim {
namespace {

// One layer of width 1,024 (8 heads of 128), 1,024 tokens, on a GPU of 100 TFLOP/s bf16.
Job attention_job(bool flash, double min_kernel_s) {
  Job job;
  auto& model = job.model;
  model.layers = 1;
  model.hidden = 1024;
  model.heads = 8;
  model.kv_heads = 8;
  model.head_dim = 128;
  model.ffn = 4096;
  model.vocab = 1024;
  model.seq_len = 1024;
  auto& gpu = job.cluster.gpu;
  gpu.dense_peak.bf16 = tflops(100);
  gpu.matmul_efficiency.bf16 = 0.8;
  gpu.attention_efficiency_fused = 0.5;
  gpu.hbm_bandwidth = BytesPerSecond(1e15);  // fast enough that no op here is memory-bound
  gpu.min_kernel_time = Seconds(min_kernel_s);
  job.cluster.gpus = 1;
  auto& p = job.parallelism;
  p.seq_len = 1024;
  p.global_batch = 1;
  p.flash_attention = flash;
  p.stage_layers = {1};
  return job;
}

TEST(KernelEfficiency, FusedAttentionRunsAtTheAttentionEfficiency) {
  // QKᵀ and attention·V: 2 · 1,024 · 1,024 · 128 · 8 = 2,147,483,648 FLOPs each; causal halves the
  // work to 1,073,741,824. At 0.5 × 100 TFLOP/s: 21.47483648 µs each forward, ×3 with backward.
  const double expected = 2.0 * 3.0 * 1073741824.0 / 50e12;
  EXPECT_NEAR(core_attention_time(attention_job(true, 0.0), 0).value(), expected, 1e-15);
}

TEST(KernelEfficiency, UnfusedAttentionRunsAtTheMatmulEfficiency) {
  // Without flash attention the two batched GEMMs run at the matmul rate 0.8 × 100 TFLOP/s (their
  // 1,024 × 1,024 and 1,024 × 128 outputs are whole tiles, and no SM count is given).
  const double expected = 2.0 * 3.0 * 1073741824.0 / 80e12;
  EXPECT_NEAR(core_attention_time(attention_job(false, 0.0), 0).value(), expected, 1e-15);
}

TEST(KernelEfficiency, TheJobsAttentionKernelSetsTheRate) {
  // FlashAttention-1 at 0.25 of the peak in place of the fused kernel's 0.5: the same 2 ops × 3
  // passes of 1,073,741,824 FLOPs at 25 TFLOP/s.
  Job job = attention_job(true, 0.0);
  job.cluster.gpu.attention_efficiency_flash1 = 0.25;
  job.training.attention_kernel = AttentionKernel::flash1;
  EXPECT_NEAR(core_attention_time(job, 0).value(), 2.0 * 3.0 * 1073741824.0 / 25e12, 1e-15);
}

TEST(KernelEfficiency, NoKernelIsFasterThanTheMinimum) {
  // With a 100 µs floor: the fused attention forward is one kernel (100 µs, its 21.47 µs of QKᵀ under
  // the floor) and its backward three (300 µs); the attention·V product rides in the same kernels,
  // adding only its own work, 21.47 µs forward and 42.95 µs backward.
  const double product = 1073741824.0 / 50e12;  // one product's forward at 0.5 × 100 TFLOP/s
  const double expected = 100e-6 + 3.0 * 100e-6 + product + 2.0 * product;
  EXPECT_NEAR(core_attention_time(attention_job(true, 100e-6), 0).value(), expected, 1e-12);
}

TEST(KernelEfficiency, WaveQuantizationSlowsSmallGemms) {
  // The QKV GEMM: 1,024 tokens × (8 + 2·8) · 128 = 3,072 columns, K = 1,024: 8 × 24 = 192 tiles.
  // On 132 SMs that is 2 waves for 1.45 waves of work: efficiency 192 / 264 = 0.7272…, so the
  // stage's forward time grows when the SM count is given.
  Job job = attention_job(true, 0.0);
  const Seconds ideal = stage_time(job, 0, 0, 1).forward;
  job.cluster.gpu.streaming_multiprocessors = 132;
  const Seconds quantized = stage_time(job, 0, 0, 1).forward;
  EXPECT_GT(quantized.value(), ideal.value());
  // QKV alone: 2 · 1,024 · 3,072 · 1,024 FLOPs at 80 TFLOP/s = 80.53 µs ideal, / 0.72727 = 110.73 µs.
  const double qkv_flops = 2.0 * 1024.0 * 3072.0 * 1024.0;
  EXPECT_GE(quantized.value() - ideal.value(), qkv_flops / 80e12 * (264.0 / 192.0 - 1.0) - 1e-12);
}

TEST(KernelEfficiency, EachLocalExpertIsItsOwnKernel) {
  // 64 experts over ep 4: 16 local experts, whose up and down GEMMs Transformer Engine launches one
  // per expert. Under a 1 s floor each op's forward takes as many seconds as it launches kernels:
  // the expert GEMMs 16 each, the router's fused kernels 31, permute and unpermute 4, the attention·V
  // product none (it shares the fused attention kernel), every other op 1. The one stage also runs
  // the embedding and output ops, 1 s each. Routing is taken as even here (no busiest-rank excess).
  Job job = attention_job(true, 1.0);
  job.model.moe = MoeSpec{64, 2, 512, 0, 1, 0};
  job.cluster.gpus = 4;
  job.parallelism.ep = 4;
  job.training.moe_load_imbalance = 0.0;
  const OpList ops = layer_ops(job.model, job.parallelism, 0);
  double launches = 0;
  for (const Op& op : ops) {
    double expected = 1.0;
    if (op.kind == OpKind::expert_up || op.kind == OpKind::expert_down) expected = 16.0;
    if (op.kind == OpKind::moe_routing) expected = 31.0;
    if (op.kind == OpKind::moe_permute) expected = 4.0;
    if (op.kind == OpKind::attention_values) expected = 0.0;
    EXPECT_EQ(op.launches, expected) << to_string(op.kind);
    launches += expected;
  }
  const double edges =
      double(embedding_ops(job.model, job.parallelism).size() + output_ops(job.model, job.parallelism).size());
  // The values product's own work (2,147,483,648 FLOPs halved, at 50 TFLOP/s) is not under a floor.
  const double values_work = 1073741824.0 / 50e12;
  EXPECT_NEAR(stage_time(job, 0, 0, 1).forward.value(), launches + edges + values_work, 1e-9);
  // With ep 64 each GPU holds one expert: the two expert GEMMs are one kernel each, and nothing else
  // changes under the floor, so the layer is 2 · (16 − 1) = 30 s faster.
  Job one_expert = job;
  one_expert.cluster.gpus = 64;
  one_expert.parallelism.ep = 64;
  EXPECT_NEAR(stage_time(job, 0, 0, 1).forward.value() - stage_time(one_expert, 0, 0, 1).forward.value(), 30.0, 1e-9);
}

}  // namespace
}  // namespace gigasim
