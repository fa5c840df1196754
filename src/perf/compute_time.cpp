#include "perf/compute_time.hpp"

#include <algorithm>

#include "perf/kernel_rate_lookup.hpp"
#include "workload/eager_kernels.hpp"
#include "workload/layer_ops.hpp"

namespace gigasim {
namespace {

// Causal attention kernels skip the fully masked tiles above the diagonal: about half the work
// (Dao 2023, FlashAttention-2 §3.1.1).
constexpr double kCausalWorkFraction = 0.5;

// What the ops of a job run on: the GPU, the precision of its linear layers, the attention kernel,
// and the shapes attention kernels see.
struct Context {
  const GpuSpec* gpu = nullptr;
  Precision precision = Precision::bf16;
  Precision sixteen = Precision::bf16;  // core attention stays in 16 bits under FP8 (Transformer Engine)
  AttentionKernel kernel = AttentionKernel::fused;
  bool flash_attention = true;
  double attention_chunk = 0;  // tokens per attention kernel: the sequence, or its 1/cp chunk under CP
  double head_dim = 0;
  double sustained = 1;
  Seconds host_op_time;
  CudaGraphs graphs = CudaGraphs::none;
  double expert_load = 1;  // the busiest rank's routed tokens over the mean
};

Context context_for(const Job& job) {
  const GpuSpec& gpu = job.cluster.gpu;
  const Parallelism& p = job.parallelism;
  Context context;
  context.gpu = &gpu;
  context.precision = p.precision;
  context.sixteen = gpu.peak(Precision::bf16) ? Precision::bf16 : Precision::fp16;
  context.kernel = job.training.attention_kernel_or_default();
  context.flash_attention = p.flash_attention;
  context.attention_chunk = double(p.seq_len) / p.cp;
  context.head_dim = job.model.head_dim;
  context.sustained = gpu.sustained_clock_ratio;
  context.host_op_time = job.cluster.node.host_op_time;
  context.graphs = job.training.cuda_graphs;
  context.expert_load = 1.0 + job.training.moe_load_imbalance;
  return context;
}

bool is_attention(const Op& op) {
  return op.kind == OpKind::attention_scores || op.kind == OpKind::attention_values;
}

// One op's time for one micro-batch, forward and backward. A FlashAttention backward recomputes the
// scores inside its own kernel (Dao et al. 2022 §3.1), at the backward kernel's rate: `flash_redo`.
struct OpTime {
  Seconds forward;
  Seconds backward;
  Seconds flash_redo;
};

// Rate of a GEMM (rows × cols, inner dimension `inner`) of the op, at sustained clocks.
FlopsPerSecond sustained_gemm_rate(const Context& c, Precision precision, double rows, double cols, double inner,
                                   double concurrent) {
  return gemm_rate(*c.gpu, precision, rows, cols, inner, concurrent) * c.sustained;
}

// Fused attention (FlashAttention and its successors): the measured rate for the kernel, head
// dimension and chunk length, forward and backward; else the GPU's single efficiency for the kernel.
OpTime fused_attention_time(const Op& op, const Context& c, FlopsPerSecond fallback) {
  const Flops work = op.forward_flops * (op.causal ? kCausalWorkFraction : 1.0);
  const auto forward_rate = tabled_attention_rate(*c.gpu, c.kernel, c.head_dim, c.attention_chunk, false);
  const auto backward_rate = tabled_attention_rate(*c.gpu, c.kernel, c.head_dim, c.attention_chunk, true);
  const FlopsPerSecond forward = forward_rate ? *forward_rate * c.sustained : fallback;
  const FlopsPerSecond backward = backward_rate ? *backward_rate * c.sustained : fallback;
  return {work / forward, work * op.backward_factor / backward,
          op.kind == OpKind::attention_scores ? work / backward : Seconds(0.0)};
}

OpTime op_time(const Op& op, const Context& c) {
  const GpuSpec& gpu = *c.gpu;
  const Seconds floor = gpu.min_kernel_time * op.launches;
  const Seconds traffic = op.forward_bytes / gpu.achievable_hbm_bandwidth();
  if (op.gemm.count <= 0) {
    const Seconds forward = std::max(traffic, floor);
    return {forward, std::max(traffic * op.backward_factor, gpu.min_kernel_time * op.backward_launches), Seconds(0.0)};
  }
  const GemmShape& g = op.gemm;
  const bool attention = is_attention(op);
  const std::optional<double> efficiency = gpu.attention_efficiency(c.kernel);
  const bool tabled = gpu.kernel_rates && gpu.kernel_rates->attention(c.kernel) != nullptr;
  if (attention && c.flash_attention && (efficiency || tabled)) {
    const FlopsPerSecond fallback = *gpu.peak(c.sixteen) * (c.sustained * efficiency.value_or(1.0));
    OpTime time = fused_attention_time(op, c, fallback);
    time.forward = std::max({time.forward, traffic, floor});
    time.backward = std::max({time.backward, traffic * op.backward_factor, gpu.min_kernel_time * op.backward_launches});
    return time;
  }
  // A GEMM and its two backward GEMMs, each at the rate of its own shape: dX = dY·Wᵀ (m × k over n)
  // and dW = Xᵀ·dY (k × n over m).
  const Precision precision = attention ? c.sixteen : c.precision;
  const double work = op.causal && attention ? kCausalWorkFraction : 1.0;
  const Flops one = Flops(2.0 * g.m * g.n * g.k * g.count) * work;
  const double together = op.concurrent_gemms > 0 ? op.concurrent_gemms : g.count;
  const Seconds forward_math = one / sustained_gemm_rate(c, precision, g.m, g.n, g.k, together);
  const Seconds backward_math = one / sustained_gemm_rate(c, precision, g.m, g.k, g.n, together) +
                                one / sustained_gemm_rate(c, precision, g.k, g.n, g.m, together);
  const Seconds forward = std::max({forward_math, traffic, floor});
  const Seconds backward = std::max({backward_math * (op.backward_factor / 2.0), traffic * op.backward_factor,
                                     gpu.min_kernel_time * op.backward_launches});
  return {forward, backward, Seconds(0.0)};
}

// Whether the job's CUDA graphs hold the op.
bool captured_by_graphs(const Op& op, CudaGraphs graphs) {
  switch (graphs) {
    case CudaGraphs::none: return false;
    case CudaGraphs::router: return op.block == OpBlock::router;
    case CudaGraphs::attention: return op.block == OpBlock::router || op.block == OpBlock::attention;
    case CudaGraphs::full: return true;
  }
  return false;
}

// The host's time to issue one pass of the op (forward, or backward when `backward`), nothing when
// CUDA graphs capture it.
Seconds host_time(const Op& op, const Context& c, bool backward) {
  const bool captured = captured_by_graphs(op, c.graphs);
  if (captured || op.launches <= 0) return Seconds(0.0);
  const double operations = backward ? op.host_ops * op.backward_launches / op.launches : op.host_ops;
  return c.host_op_time * operations;
}

// One layer's kernel time and the host's time to issue them, per pass. A MoE layer's forward copies
// the tokens per expert to the host before it can size the expert GEMMs (Megatron-Core's dropless
// dispatchers; NVIDIA/Megatron-LM issue #1598): the host cannot run ahead of that point, so the
// forward is two segments, each as long as the slower of kernels and host.
struct LayerWork {
  StageTime gpu;
  StageTime host;
  Seconds gpu_after_sync;   // forward kernels after the tokens-per-expert copy
  Seconds host_after_sync;  // and the host's time for them
};

void add_ops(const OpList& ops, const Context& context, const Parallelism* recompute_layout, LayerWork& work) {
  for (const Op& op : ops) {
    OpTime one = op_time(op, context);
    if (op.block == OpBlock::experts) {
      // The busiest expert-parallel rank sets the pace of the expert work. ASSUMPTION: its GEMMs take
      // that much longer at the same rate.
      one.forward = one.forward * context.expert_load;
      one.backward = one.backward * context.expert_load;
    }
    const Seconds host_forward = host_time(op, context, false);
    work.gpu.forward += one.forward;
    work.gpu.backward += one.backward;
    work.host.forward += host_forward;
    work.host.backward += host_time(op, context, true);
    if (op.block == OpBlock::experts) {
      work.gpu_after_sync += one.forward;
      work.host_after_sync += host_forward;
    }
    if (recompute_layout == nullptr) continue;
    // recomputed_forward_passes counts the flash backward's own pass over the scores among the rest;
    // that pass is inside the backward kernel, launched once with it.
    const bool flash_pass = recompute_layout->flash_attention && op.kind == OpKind::attention_scores;
    const Seconds inside_backward = one.flash_redo > Seconds(0.0) ? one.flash_redo : one.forward;
    const double passes = recomputed_forward_passes(op, *recompute_layout);
    const double relaunched = flash_pass ? passes - 1.0 : passes;
    work.gpu.recompute += flash_pass ? inside_backward + one.forward * relaunched : one.forward * passes;
    work.host.recompute += host_forward * relaunched;
  }
}

// Each pass takes the longer of its kernels and the host's launches of them.
StageTime host_bound(const LayerWork& work) {
  StageTime time;
  const Seconds gpu_before = work.gpu.forward - work.gpu_after_sync;
  const Seconds host_before = work.host.forward - work.host_after_sync;
  time.forward = std::max(gpu_before, host_before) + std::max(work.gpu_after_sync, work.host_after_sync);
  time.backward = std::max(work.gpu.backward, work.host.backward);
  time.recompute = std::max(work.gpu.recompute, work.host.recompute);
  time.host_bound = time.total() - work.gpu.total();
  return time;
}

void accumulate(StageTime& into, const StageTime& part, double count) {
  into.forward += part.forward * count;
  into.backward += part.backward * count;
  into.recompute += part.recompute * count;
  into.host_bound += part.host_bound * count;
}

}  // namespace

Seconds core_attention_time(const Job& job, int layer) {
  return LayerTimeCache(job).of(layer).core_attention;
}

Seconds linear_gemm_time(const Job& job, int layer) {
  return LayerTimeCache(job).of(layer).linear_gemms;
}

const LayerTimes& LayerTimeCache::of(int layer) {
  std::optional<LayerTimes>& entry = by_kind_[job_.model.is_moe_layer(layer) ? 1 : 0];
  if (entry) return *entry;
  const Context context = context_for(job_);
  LayerWork work;
  const OpList ops =
      with_eager_kernels(layer_ops(job_.model, job_.parallelism, layer), job_.model, eager_kernels(job_.training));
  add_ops(ops, context, &job_.parallelism, work);
  LayerTimes times;
  times.pass = host_bound(work);
  for (const Op& op : ops) {
    if (op.gemm.count <= 0) continue;
    const OpTime one = op_time(op, context);
    if (is_attention(op))
      times.core_attention += one.forward + one.backward;
    else if (op.block != OpBlock::experts)
      times.linear_gemms += one.forward + one.backward;
  }
  entry = times;
  return *entry;
}

StageTime stage_time(const Job& job, int stage, int first_layer, int layers) {
  LayerTimeCache cache(job);
  return stage_time(job, stage, first_layer, layers, cache);
}

StageTime stage_time(const Job& job, int stage, int first_layer, int layers, LayerTimeCache& layers_of_kind) {
  const auto& p = job.parallelism;
  StageTime time;
  for (const LayerGroup group : job.model.layer_groups(first_layer, layers)) {
    if (group.count == 0) continue;
    accumulate(time, layers_of_kind.of(group.layer).pass, group.count);
  }
  // The embedding and output layer are never checkpointed.
  const Context context = context_for(job);
  LayerWork edges;
  if (stage == 0) add_ops(embedding_ops(job.model, p), context, nullptr, edges);
  if (stage == p.pp - 1)
    add_ops(
        with_eager_kernels(output_ops(job.model, p, job.training.framework), job.model, eager_kernels(job.training)),
        context, nullptr, edges);
  accumulate(time, host_bound(edges), 1.0);
  // Multi-token prediction runs after the last layer, on the last stage: a block like that layer,
  // then its own head ops.
  if (stage == p.pp - 1 && job.model.mtp_layers > 0) {
    accumulate(time, layers_of_kind.of(job.model.layers - 1).pass, job.model.mtp_layers);
    LayerWork head;
    add_ops(mtp_head_ops(job.model, p, job.training.framework), context, nullptr, head);
    accumulate(time, host_bound(head), job.model.mtp_layers);
  }
  return time;
}

}  // namespace gigasim
