#include "workload/memory.hpp"

#include <algorithm>

#include "workload/activation_memory.hpp"
#include "workload/parameter_count.hpp"

namespace gigasim {
namespace {

// Resident per process before any tensor: the CUDA context with its kernels (~0.5 GiB on Hopper
// with PyTorch's kernels loaded) and NCCL's channel buffers (~0.5 GiB for the few communicators of
// a 3-D layout). ASSUMPTION: round figures from PyTorch/NCCL documentation, to be calibrated.
constexpr double kRuntimeOverheadGib = 1.0;
constexpr int kZero3GatheredLayers = 2;  // FSDP keeps the current layer and prefetches the next

// Per GPU, after TP: the embedding, the final norm and the output projection (unless tied).
double root_parameters(const ModelSpec& model, const Parallelism& p) {
  const double vocab_matrix = double(model.vocab) * model.hidden / p.tp;
  return vocab_matrix * (model.tied_embeddings ? 1.0 : 2.0) + model.hidden;
}

MemoryBreakdown stage_memory(const Job& job, int stage, int first_layer) {
  const auto& model = job.model;
  const auto& p = job.parallelism;
  const StageParameters params = stage_parameters(job, stage, first_layer);
  const ShardRanks shards = zero_shard_ranks(p);
  const StateBytesPerParameter state_bytes = state_bytes_for(p.precision, job.training.framework, p.zero);
  MemoryBreakdown memory = model_state_bytes(params.dense, p.zero, shards.dense, state_bytes);
  const MemoryBreakdown experts = model_state_bytes(params.experts, p.zero, shards.experts, state_bytes);
  memory.weights += experts.weights;
  memory.grads += experts.grads;
  memory.optimizer += experts.optimizer;
  // DualPipe runs the pipeline from both ends: each rank also holds the mirror stage, "two copies of
  // the model parameters" (DeepSeek-V3 report §3.2.1), each with its gradients and optimizer shard.
  if (p.schedule_or_default() == PipelineSchedule::dualpipe) {
    memory.weights = memory.weights * 2.0;
    memory.grads = memory.grads * 2.0;
    memory.optimizer = memory.optimizer * 2.0;
  }

  const int layers = p.stage_layers[static_cast<std::size_t>(stage)];
  Bytes per_layer_sum;
  Bytes layer_backward;  // the largest over the stage's layers
  for (const LayerGroup group : model.layer_groups(first_layer, layers)) {
    if (group.count == 0) continue;
    const Bytes stored = layer_activation_bytes(model, p, group.layer);
    const Bytes whole = layer_activation_bytes_without_recompute(model, p, group.layer);
    per_layer_sum += stored * group.count;
    // While a layer's backward runs: the gradients of all its activations, and what recomputation
    // brings back beyond what was stored.
    layer_backward = std::max(layer_backward, whole + (whole - stored));
  }
  const bool last = stage == p.pp - 1;
  if (last && model.mtp_layers > 0) {
    // The multi-token-prediction blocks keep what the last layer keeps.
    const int block = model.layers - 1;
    const Bytes whole = layer_activation_bytes_without_recompute(model, p, block);
    const Bytes stored = layer_activation_bytes(model, p, block);
    per_layer_sum += stored * double(model.mtp_layers);
    layer_backward = std::max(layer_backward, whole + (whole - stored));
  }
  const double chunks = chunks_in_flight(p, stage);
  memory.activations = per_layer_sum * (chunks / p.vpp);
  if (stage == 0) memory.activations += embedding_activation_bytes(model, p) * std::min<double>(p.pp, chunks);
  const Framework framework = job.training.framework;
  // Each multi-token-prediction module scores the vocabulary again and keeps what the output layer keeps.
  if (last) memory.activations += output_activation_bytes(model, p, framework) * (1.0 + model.mtp_layers);
  memory.activations += pipeline_retained_bytes(model, p, framework, last);
  // On top of what is stored, the peak holds either the loss's logits (last stage) or one layer's backward.
  const Bytes loss = last ? output_transient_bytes(model, p, framework) : Bytes(0.0);
  memory.activations += std::max(layer_backward, loss);

  const double tokens = double(p.micro_batch) * p.seq_len / p.cp;
  constexpr double k16Bit = 2.0;
  if (p.sp) memory.buffers += Bytes(k16Bit * tokens * model.hidden);  // the all-gathered layer input
  if (p.zero == 3) memory.buffers += Bytes(k16Bit * kZero3GatheredLayers * params.largest_layer);
  // FSDP2 never reshards its root module (embedding, final norm, output projection) after forward
  // (torch/distributed/_composable/fsdp/_fsdp_state.py, `_lazy_init`): they stay gathered in 16 bits.
  if (p.zero == 3 && job.training.framework == Framework::torchtitan)
    memory.buffers += Bytes(k16Bit * root_parameters(model, p));
  memory.overhead = gib(kRuntimeOverheadGib);
  return memory;
}

}  // namespace

StageParameters stage_parameters(const Job& job, int stage, int first_layer) {
  const auto& model = job.model;
  const auto& p = job.parallelism;
  StageParameters params;
  const int layers = p.stage_layers[static_cast<std::size_t>(stage)];
  for (const LayerGroup group : model.layer_groups(first_layer, layers)) {
    if (group.count == 0) continue;
    const LayerParameters lp = layer_parameters(model, group.layer);
    const double dense = lp.non_expert() / p.tp;
    const double experts = lp.routed_experts / (double(p.tp) * p.ep);
    params.dense += dense * group.count;
    params.experts += experts * group.count;
    params.largest_layer = std::max(params.largest_layer, dense + experts);
  }
  const double vocab_matrix = double(model.vocab) * model.hidden / p.tp;
  const bool first = stage == 0;
  const bool last = stage == p.pp - 1;
  if (first) params.dense += vocab_matrix;
  // The output projection; with tied embeddings the last stage keeps its own copy unless it is
  // also the first (Megatron-LM shares the word embeddings across the two stages).
  if (last) params.dense += model.hidden;  // the final norm
  if (last && (!model.tied_embeddings || !first)) params.dense += vocab_matrix;
  if (last && model.mtp_layers > 0) {
    // Multi-token prediction: its blocks (experts split like the last layer's), projections and norms,
    // and the embedding it reads the next tokens from, which Megatron-Core's GPTModel also builds on
    // the stage that runs MTP (a copy when that is not the first stage).
    const LayerParameters block = layer_parameters(model, model.layers - 1);
    const double h = model.hidden;
    const double dense = (block.non_expert() + 2.0 * h * h) / p.tp + 2.0 * h;
    const double experts = block.routed_experts / (double(p.tp) * p.ep);
    params.dense += model.mtp_layers * dense + (first ? 0.0 : vocab_matrix);
    params.experts += model.mtp_layers * experts;
    params.largest_layer = std::max(params.largest_layer, dense + experts);
  }
  return params;
}

ShardRanks zero_shard_ranks(const Parallelism& layout) {
  const double dense = double(layout.dp) * layout.cp;
  return {dense, dense / layout.ep};
}

StateBytesPerParameter state_bytes_for(Precision precision, Framework framework, int zero_stage) {
  constexpr double kFp32 = 4.0;
  StateBytesPerParameter bytes;
  if (precision != Precision::fp16) bytes.grads = kFp32;
  // FSDP2 keeps the sharded parameters in fp32 and they are the master copy: 4 B of weights,
  // 8 B of Adam moments (torchtitan's mixed-precision FSDP).
  if (framework == Framework::torchtitan && zero_stage == 3) {
    bytes.weights = kFp32;
    bytes.optimizer = StateBytesPerParameter::kAdamFp32States - kFp32;
  }
  return bytes;
}

MemoryBreakdown model_state_bytes(double parameters, int zero_stage, double shard_ranks, StateBytesPerParameter bytes) {
  const double optimizer_shards = zero_stage >= 1 ? shard_ranks : 1.0;
  const double grad_shards = zero_stage >= 2 ? shard_ranks : 1.0;
  const double weight_shards = zero_stage >= 3 ? shard_ranks : 1.0;
  MemoryBreakdown memory;
  memory.weights = Bytes(parameters * bytes.weights / weight_shards);
  memory.grads = Bytes(parameters * bytes.grads / grad_shards);
  memory.optimizer = Bytes(parameters * bytes.optimizer / optimizer_shards);
  return memory;
}

double chunks_in_flight(const Parallelism& layout, int stage) {
  const double micro_batches = layout.micro_batches_per_step();
  const double pp = layout.pp;
  const double vpp = layout.vpp;
  if (layout.vpp == 1) return std::min(pp - stage, micro_batches);
  return std::min(2.0 * (pp - stage - 1) + (vpp - 1) * pp + 1, micro_batches * vpp);
}

MemoryEstimate memory_per_gpu(const Job& job) {
  MemoryEstimate estimate;
  estimate.capacity = job.cluster.gpu.hbm_capacity;
  int first_layer = 0;
  for (int stage = 0; stage < job.parallelism.pp; ++stage) {
    const MemoryBreakdown memory = stage_memory(job, stage, first_layer);
    if (stage == 0 || memory.total() > estimate.per_gpu.total()) {
      estimate.per_gpu = memory;
      estimate.stage = stage;
    }
    first_layer += job.parallelism.stage_layers[static_cast<std::size_t>(stage)];
  }
  return estimate;
}

}  // namespace gigasim
