#pragma once
// One training job (INTERFACE.md §1): a model on a cluster under a parallel layout, resolved —
// every default filled in and dp derived.

#include <optional>
#include <string_view>
#include <vector>

#include "spec/hardware_spec.hpp"
#include "spec/model_spec.hpp"
#include "spec/precision.hpp"

namespace gigasim {

// Activation recomputation: none; selective = core attention only (Korthikanti et al. 2022 §5,
// Megatron-LM); op-selective = PyTorch's op-level selective checkpointing as torchtitan applies it
// (keep the attention output and every other matmul output of a layer, redo the rest); full =
// keep only each layer's input.
enum class Recompute { none, selective, op_selective, full };

std::string_view to_string(Recompute recompute);

struct ClusterSpec {
  GpuSpec gpu;
  int gpus = 0;
  NodeSpec node;
  FabricSpec fabric;
};

struct Parallelism {
  int tp = 1;
  bool sp = false;
  int pp = 1;
  int vpp = 1;
  int cp = 1;
  int ep = 1;
  int dp = 1;
  int zero = 1;
  Recompute recompute = Recompute::selective;
  bool flash_attention = true;  // attention scores never stored (Dao et al. 2022)
  int micro_batch = 1;
  int global_batch = 0;  // sequences per step
  int seq_len = 0;
  Precision precision = Precision::bf16;
  // Transformer layers held by each pipeline stage, first to last; sums to the model's layers.
  std::vector<int> stage_layers;

  [[nodiscard]] int micro_batches_per_step() const { return global_batch / (dp * micro_batch); }
};

struct Training {
  std::optional<double> tokens;  // tokens to train on; without it there is no time to train
  Framework framework = Framework::megatron;
  std::optional<AttentionKernel> attention_kernel;  // unset: the framework's default
  [[nodiscard]] AttentionKernel attention_kernel_or_default() const {
    return attention_kernel.value_or(default_attention_kernel(framework));
  }
};

// GPUs slower than the rest (`stragglers:`), which only the event simulator sees: a synchronous
// step waits for them (astra-sim issues #73 and #292 ask for exactly this).
struct Stragglers {
  double fraction = 0;      // of the job's GPUs, drawn at random with `seed`
  std::vector<int> gpus;    // and these GPUs (0-based rank numbers)
  double slowdown = 0;      // each one's compute takes this much longer (0.2 = 20%)
  double slowdown_max = 0;  // when above `slowdown`: each draws its own, uniformly in [slowdown, slowdown_max]
  int seed = 1;
  [[nodiscard]] bool any() const { return slowdown > 0 && (fraction > 0 || !gpus.empty()); }
};

struct Job {
  ModelSpec model;
  ClusterSpec cluster;
  Parallelism parallelism;
  Training training;
  Stragglers stragglers;
};

}  // namespace gigasim
