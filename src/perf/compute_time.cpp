#include "perf/compute_time.hpp"

#include <algorithm>

#include "perf/gemm_efficiency.hpp"
#include "workload/layer_ops.hpp"

namespace gigasim {
namespace {

// Causal attention kernels skip the fully masked tiles above the diagonal: about half the work
// (Dao 2023, FlashAttention-2 §3.1.1).
constexpr double kCausalWorkFraction = 0.5;

struct Rates {
  FlopsPerSecond matmul;         // linear layers, at the job's precision, best shapes
  FlopsPerSecond attention;      // core attention stays in 16 bits under FP8 training (Transformer Engine)
  bool fused_attention = false;  // flash-style kernels: their own efficiency, no GEMM tiling
  BytesPerSecond memory;
  int streaming_multiprocessors = 0;
  Seconds min_kernel_time;
};

Rates rates_for(const GpuSpec& gpu, const Parallelism& layout, AttentionKernel kernel) {
  const Precision attention = gpu.peak(Precision::bf16) ? Precision::bf16 : Precision::fp16;
  Rates rates;
  const double sustained = gpu.sustained_clock_ratio;
  rates.matmul = *gpu.peak(layout.precision) * (gpu.achievable_matmul_fraction(layout.precision) * sustained);
  const std::optional<double> fused = gpu.attention_efficiency(kernel);
  rates.fused_attention = layout.flash_attention && fused.has_value();
  rates.attention =
      *gpu.peak(attention) * (sustained * (rates.fused_attention ? *fused : gpu.achievable_matmul_fraction(attention)));
  rates.memory = gpu.hbm_bandwidth;
  rates.streaming_multiprocessors = gpu.streaming_multiprocessors;
  rates.min_kernel_time = gpu.min_kernel_time;
  return rates;
}

Seconds op_time(const Op& op, const Rates& rates) {
  const bool attention = op.kind == OpKind::attention_scores || op.kind == OpKind::attention_values;
  const double work = op.causal ? kCausalWorkFraction : 1.0;
  const bool tiled = op.gemm.count > 0 && !(attention && rates.fused_attention);
  const double shape =
      tiled ? gemm_shape_efficiency(op.gemm.m, op.gemm.n, op.gemm.count, rates.streaming_multiprocessors) : 1.0;
  const Seconds math = op.forward_flops * work / ((attention ? rates.attention : rates.matmul) * shape);
  const Seconds traffic = op.forward_bytes / rates.memory;
  return std::max({math, traffic, rates.min_kernel_time * op.launches});
}

void add_ops(const OpList& ops, const Rates& rates, const Parallelism* recompute_layout, StageTime& time) {
  for (const Op& op : ops) {
    const Seconds forward = op_time(op, rates);
    time.forward += forward;
    time.backward += forward * op.backward_factor;
    if (recompute_layout != nullptr) time.recompute += forward * recomputed_forward_passes(op, *recompute_layout);
  }
}

}  // namespace

Seconds core_attention_time(const Job& job, int layer) {
  const Rates rates = rates_for(job.cluster.gpu, job.parallelism, job.training.attention_kernel_or_default());
  Seconds total;
  for (const Op& op : layer_ops(job.model, job.parallelism, layer))
    if (op.kind == OpKind::attention_scores || op.kind == OpKind::attention_values)
      total += op_time(op, rates) * (1.0 + op.backward_factor);
  return total;
}

StageTime stage_time(const Job& job, int stage, int first_layer, int layers) {
  const auto& p = job.parallelism;
  const Rates rates = rates_for(job.cluster.gpu, p, job.training.attention_kernel_or_default());
  StageTime time;
  for (const LayerGroup group : job.model.layer_groups(first_layer, layers)) {
    if (group.count == 0) continue;
    StageTime one_layer;
    add_ops(layer_ops(job.model, p, group.layer), rates, &p, one_layer);
    time.forward += one_layer.forward * group.count;
    time.backward += one_layer.backward * group.count;
    time.recompute += one_layer.recompute * group.count;
  }
  // The embedding and output layer are never checkpointed.
  if (stage == 0) add_ops(embedding_ops(job.model, p), rates, nullptr, time);
  if (stage == p.pp - 1) add_ops(output_ops(job.model, p, job.training.framework), rates, nullptr, time);
  return time;
}

}  // namespace gigasim
