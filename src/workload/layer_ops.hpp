#pragma once
// The operations of one transformer layer (and of the embedding and output layer) as one GPU runs
// them for one micro-batch: GEMM shapes, forward FLOPs and bytes moved. Fixed-capacity lists, so
// building them allocates nothing (the step model calls this in its hot loop).

#include <array>
#include <cassert>
#include <cstdint>
#include <span>
#include <string_view>

#include "spec/job.hpp"
#include "util/units.hpp"

namespace gigasim {

enum class OpKind : std::uint8_t {
  norm,
  residual_add,
  rotary_embedding,
  attention_softmax,
  moe_permute,
  fp8_cast,
  qkv_projection,  // MLA: the down-projections to the latents
  mla_q_up,
  mla_kv_up,
  attention_scores,
  attention_values,
  output_projection,
  mlp_up,
  mlp_activation,
  mlp_down,
  moe_router,
  moe_routing,
  expert_up,
  expert_down,
  shared_expert_up,
  shared_expert_down,
  embedding,
  logits,
  loss,
  mtp_projection,  // a multi-token-prediction module's 2h → h projection
};

std::string_view to_string(OpKind kind);

// Where an op sits in its layer, for what CUDA graphs capture: the attention block (its norm, QKV,
// core attention, projection and residual), a MoE layer's router and token preprocessing, the
// experts, or the rest (dense MLP, embedding, output layer).
enum class OpBlock : std::uint8_t { attention, router, experts, other };

// m×k by k×n, `count` times (heads of attention, local experts).
struct GemmShape {
  double m = 0;
  double n = 0;
  double k = 0;
  double count = 0;
};

struct Op {
  OpKind kind = OpKind::norm;
  GemmShape gemm;                // all zero for elementwise ops
  Flops forward_flops;           // this GPU's forward FLOPs; backward is `backward_factor` times this
  Bytes forward_bytes;           // bytes read and written by the forward pass, for the roofline
  double backward_factor = 0;    // 2 for matmuls: gradients of the input and of the weight
  double launches = 1;           // kernels the forward launches, each paying at least the GPU's min_kernel_time
  double backward_launches = 1;  // kernels the backward launches (a GEMM's two gradients: 2)
  // Framework operations the host issues for the forward (each a PyTorch or Transformer Engine call
  // that launches a kernel or allocates); the backward issues backward_launches / launches times as
  // many. The host's time per operation is the node's host_op_time.
  double host_ops = 1;
  // Of `gemm.count` same-shaped GEMMs, how many run at once: all of them in one batched kernel
  // (0 = count), or as many as there are streams when each is its own launch.
  double concurrent_gemms = 0;
  // The block a CUDA graph scope captures the op with (Megatron-Core's attn, moe_router/preprocess).
  // The experts' ops run between a MoE layer's dispatch and combine: they wait on the device-to-host
  // copy of the tokens per expert, which no partial CUDA graph can capture.
  OpBlock block = OpBlock::other;
  bool causal = false;                   // causal attention: fused kernels skip the masked half of the work
  bool recomputed_by_selective = false;  // Korthikanti et al. 2022 §5: selective recompute redoes core attention
  double op_selective_saved_share = 0;   // share of the output op-level checkpointing keeps
};

// Forward passes of `op` redone in the backward pass under the layout's recompute mode, plus the
// scores QKᵀ that a flash-attention backward recomputes (Dao et al. 2022 §3.1). Transformer-layer
// ops only: the output layer is never checkpointed.
double recomputed_forward_passes(const Op& op, const Parallelism& layout);

class OpList {
 public:
  static constexpr std::size_t kCapacity = 24;
  void add(const Op& op) {
    assert(size_ < kCapacity);
    ops_[size_++] = op;
  }
  [[nodiscard]] const Op* begin() const { return ops_.data(); }
  [[nodiscard]] const Op* end() const { return ops_.data() + size_; }
  [[nodiscard]] std::size_t size() const { return size_; }
  [[nodiscard]] std::span<Op> mutable_ops() { return {ops_.data(), size_}; }

 private:
  std::array<Op, kCapacity> ops_{};
  std::size_t size_ = 0;
};

// Ops of transformer layer `layer` (0-based) for one micro-batch on one GPU of the job's layout:
// attention split over tp heads and cp sequence chunks, experts over ep, MLP width over tp.
OpList layer_ops(const ModelSpec& model, const Parallelism& layout, int layer);

// Ops of the first stage's embedding lookup, and of the last stage's output layer and loss.
OpList embedding_ops(const ModelSpec& model, const Parallelism& layout);
OpList output_ops(const ModelSpec& model, const Parallelism& layout, Framework framework = Framework::megatron);

// Ops of one multi-token-prediction module besides its transformer block (which costs as the model's
// last layer): the norms of the hidden state and of the next tokens' embeddings, the projection of
// the two, and the shared output head with its loss (DeepSeek-V3 report §2.2, Eq. 21–23).
OpList mtp_head_ops(const ModelSpec& model, const Parallelism& layout, Framework framework = Framework::megatron);

// The job's layout with no parallelism and one sequence per micro-batch: what the whole model
// computes per sequence, for model FLOPs.
Parallelism unsplit_layout(const Parallelism& layout);

}  // namespace gigasim
