#pragma once
// Memory per GPU: model states by ZeRO stage (Rajbhandari et al. 2020, "ZeRO", §5: 2Ψ weights,
// 2Ψ gradients and KΨ = 12Ψ fp32 optimizer states for mixed-precision Adam), activations by
// recompute mode and micro-batches in flight, communication buffers and runtime overhead. The
// stage holding the most sets the figure.

#include <string>

#include "spec/job.hpp"
#include "util/units.hpp"

namespace gigasim {

struct MemoryBreakdown {
  Bytes weights;
  Bytes grads;
  Bytes optimizer;
  Bytes activations;
  Bytes buffers;   // ZeRO-3 gathered layers, sequence-parallel gather buffers
  Bytes overhead;  // CUDA context, library workspaces, NCCL channels

  [[nodiscard]] Bytes total() const { return weights + grads + optimizer + activations + buffers + overhead; }
};

struct MemoryEstimate {
  MemoryBreakdown per_gpu;  // of the most loaded pipeline stage
  int stage = 0;            // which stage that is (0-based)
  Bytes capacity;           // the GPU's HBM
  [[nodiscard]] bool fits() const { return per_gpu.total() <= capacity; }
  [[nodiscard]] Bytes overflow() const { return fits() ? Bytes(0.0) : per_gpu.total() - capacity; }
};

// Parameters one GPU of a pipeline stage holds, after TP (and EP for experts), before ZeRO.
struct StageParameters {
  double dense = 0;          // sharded by data parallelism over DP×CP
  double experts = 0;        // sharded over the expert data-parallel group (DP×CP/EP)
  double largest_layer = 0;  // of one layer, for ZeRO-3's gathered buffers
};

// Stage `stage` holds the job's stage_layers[stage] layers from `first_layer`, plus the embedding
// on the first stage and the final norm and output projection on the last.
StageParameters stage_parameters(const Job& job, int stage, int first_layer);

// Data-parallel ranks that share a stage's model states under ZeRO: Megatron's distributed
// optimizer shards the dense weights' over DP×CP and the experts' over the expert data-parallel
// group, DP×CP/EP (Megatron-Core parallel_state).
struct ShardRanks {
  double dense = 1;
  double experts = 1;
};
ShardRanks zero_shard_ranks(const Parallelism& layout);

// Bytes per parameter of mixed-precision Adam: 16-bit weights, fp32 master weights, momentum and
// variance (12 B, ZeRO §3.1), and gradients in 16 bits (ZeRO's fp16 accounting) or accumulated in
// fp32 as Megatron-LM does for bf16 (its distributed-optimizer table: 6 + 12/d bytes per parameter).
struct StateBytesPerParameter {
  static constexpr double kAdamFp32States = 12.0;  // master weight, momentum, variance: 3 × 4 B
  double weights = 2.0;
  double grads = 2.0;
  double optimizer = kAdamFp32States;
};

StateBytesPerParameter state_bytes_for(Precision precision, Framework framework, int zero_stage);

// Model-state bytes per GPU for `parameters` replicated over `shard_ranks` data-parallel ranks.
MemoryBreakdown model_state_bytes(double parameters, int zero_stage, double shard_ranks,
                                  StateBytesPerParameter bytes = {});

// Micro-batches whose activations stage `stage` holds at its peak, counted in model chunks
// (a chunk is stage_layers/vpp layers): 1F1B keeps pp − stage in flight (Narayanan et al. 2021
// §2.2.1); interleaving keeps 2·(pp − stage − 1) + (vpp − 1)·pp + 1 chunks (Megatron-LM's
// warm-up count), pp·(1 + (pp − 1)/(pp·vpp)) layers' worth on the first stage (Korthikanti §4.2.3).
double chunks_in_flight(const Parallelism& layout, int stage);

MemoryEstimate memory_per_gpu(const Job& job);

}  // namespace gigasim
