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

// The pipeline schedule: Megatron's 1F1B (Narayanan et al. 2021 §2.2), its interleaved form over vpp
// chunks per stage, or DeepSeek's DualPipe, which feeds micro-batches from both ends of the pipeline
// and overlaps one chunk's communication with another's compute (DeepSeek-V3 report §3.2.1).
enum class PipelineSchedule { one_f_one_b, interleaved, dualpipe };

std::string_view to_string(PipelineSchedule schedule);

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
  std::optional<PipelineSchedule> schedule;  // unset: interleaved when vpp > 1, else 1F1B
  // Expert all-to-alls of one micro-batch overlapped with another's compute (Megatron-Core's
  // overlap_moe_expert_parallel_comm; DualPipe does it by construction).
  bool ep_overlap = false;
  // Tensor-parallel all-gathers and reduce-scatters overlapped with the GEMMs they feed and follow
  // (Transformer Engine's userbuffers, Megatron-Core's tp_comm_overlap).
  bool tp_overlap = false;
  // Gradient reduction overlapped with the last micro-batch's backward, bucket by bucket, and the
  // updated weights' gather with the next forward (Megatron-Core's overlap_grad_reduce and
  // overlap_param_gather, PyTorch DDP and FSDP). False: they run after the backward, exposed, as
  // Megatron-LM's "local" DDP did in 2021 (all-reduce after the pipeline flush).
  bool dp_overlap = true;

  [[nodiscard]] int micro_batches_per_step() const { return global_batch / (dp * micro_batch); }
  [[nodiscard]] PipelineSchedule schedule_or_default() const {
    return schedule.value_or(vpp > 1 ? PipelineSchedule::interleaved : PipelineSchedule::one_f_one_b);
  }
};

struct Training {
  std::optional<double> tokens;  // tokens to train on; without it (or flops) there is no time to train
  // The work as model FLOPs instead of tokens (budgets are quoted so): the tokens follow from the
  // model's FLOPs per token (workload/step_flops.hpp, tokens_to_train).
  std::optional<double> flops;
  [[nodiscard]] bool has_work() const { return tokens.has_value() || flops.has_value(); }
  Framework framework = Framework::megatron;
  std::optional<AttentionKernel> attention_kernel;  // unset: the framework's default
  CudaGraphs cuda_graphs = CudaGraphs::none;
  // How many more routed tokens the busiest expert-parallel rank takes than the mean (0.13 = 13%):
  // every rank waits for it. DeepSeek-V3's training trace swings ±13% per rank under "absolutely
  // balanced" routing (deepseek-ai/profile-data train.json: 28.4k–36.9k rows against 32.8k); real
  // dropless routing is less even (Megatron-MoE-ModelZoo, Qwen3: forced balance 10–20% faster).
  double moe_load_imbalance = 0.13;
  // torchtitan only (Megatron-LM and NeMo run Transformer Engine's fused kernels): torch.compile fuses
  // each layer's elementwise ops; without it (torchtitan's default) PyTorch runs RoPE, the gated
  // activation and RMSNorm as separate eager kernels, the norm unless torchtitan's Triton
  // fused_rmsnorm is chosen (`fused_norm`).
  bool compile = false;
  bool fused_norm = false;
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
