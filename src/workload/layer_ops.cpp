#include "workload/layer_ops.hpp"

#include <algorithm>
#include <array>

namespace gigasim {
namespace {

constexpr double kActivationBytes = 2.0;  // bf16/fp16 activations between ops
constexpr double kFp32Bytes = 4.0;
constexpr double kMatmulBackward = 2.0;  // dX = dY·Wᵀ and dW = Xᵀ·dY, each as costly as Y = X·W
constexpr double kFlopsPerMultiplyAdd = 2.0;
constexpr double kResidualTensors = 3.0;  // two read, one written
// Dropout on the scores: read the probabilities (2 B), write the kept ones (2 B) and the mask (1 B).
constexpr double kDropoutBytesPerScore = 5.0;

// Bytes of a GEMM's operands: inputs at the matmul precision (fp8 = 1 byte), output in 16 bits.
double gemm_bytes(const GemmShape& g, Precision precision) {
  const double input_bytes = precision == Precision::fp8 ? 1.0 : kActivationBytes;
  return g.count * (input_bytes * (g.m * g.k + g.k * g.n) + kActivationBytes * g.m * g.n);
}

Op matmul(OpKind kind, GemmShape g, Precision precision) {
  Op op;
  op.kind = kind;
  op.gemm = g;
  op.forward_flops = Flops(kFlopsPerMultiplyAdd * g.m * g.n * g.k * g.count);
  op.forward_bytes = Bytes(gemm_bytes(g, precision));
  op.backward_factor = kMatmulBackward;
  op.backward_launches = kMatmulBackward;  // the input's gradient and the weight's, a GEMM each
  return op;
}

Op elementwise(OpKind kind, double bytes) {
  Op op;
  op.kind = kind;
  op.forward_bytes = Bytes(bytes);
  op.backward_factor = kMatmulBackward;
  return op;
}

// A FlashAttention backward is three kernels: the output-gradient dot product, the main kernel and
// the dQ conversion (the DeepSeek-V3 training trace's attention backward; FlashAttention-2 alike).
constexpr double kFlashBackwardKernels = 3.0;
// Megatron-Core's fused router (softmax or sigmoid, top-k, scores, auxiliary loss) is 31 kernels,
// down from 72 unfused (Megatron-LM docs/discussions/deepseek-v3-gb200-optimization: TE PR 1883).
constexpr double kRouterKernels = 31.0;
// The router's kernels pass over the tokens × experts scores in fp32: read and write, three passes
// (softmax, top-k, normalisation). ASSUMPTION [ours]; the kernels' count dominates at training
// shapes (the DeepSeek-V3 trace: 178 µs for 4,096 × 256 scores, 31 kernels × 5 µs).
constexpr double kRouterBytesPerScore = 3.0 * 2.0 * kFp32Bytes;
// Permute and unpermute: an index build and the token copies each way (the DeepSeek-V3 trace's
// permute index build, expand and reduce kernels).
constexpr double kPermuteKernels = 4.0;
// Transformer Engine's GroupedLinear launches one cuBLAS GEMM per local expert, round-robin over 4
// CUDA streams (nvte_multi_stream_cublas_gemm), so at most 4 run at once; each expert's GEMM also
// costs the host two tensor allocations (TE issue #1499: "torch.empty() (2×num_gemms calls)").
constexpr double kGroupedGemmStreams = 4.0;
constexpr double kHostOpsPerExpertGemm = 3.0;

struct LocalShape {
  double tokens;  // tokens of one micro-batch on one CP rank: b·s/cp
  double keys;    // keys each query attends to: the whole sequence s
  double tp;
  double norm_tokens;  // tokens an elementwise op over the hidden state sees (÷tp with SP)
};

LocalShape local_shape(const Parallelism& layout) {
  const double tokens = double(layout.micro_batch) * layout.seq_len / layout.cp;
  return {tokens, double(layout.seq_len), double(layout.tp), layout.sp ? tokens / layout.tp : tokens};
}

void add_mlp(OpList& ops, const ModelSpec& model, const Parallelism& layout, const LocalShape& s, double tokens,
             double intermediate, double count, OpKind up, OpKind down) {
  const double width = intermediate / s.tp;
  const double up_width = model.activation == Activation::swiglu ? 2.0 * width : width;
  ops.add(matmul(up, {tokens / count, up_width, double(model.hidden), count}, layout.precision));
  // Activation (and gate product for SwiGLU): read the up output, write the down input.
  ops.add(elementwise(OpKind::mlp_activation, kActivationBytes * tokens * (up_width + width)));
  ops.add(matmul(down, {tokens / count, double(model.hidden), width, count}, layout.precision));
}

// The separate linear layers a fused op stands for, as widths relative to each other: PyTorch
// models (torchtitan's Llama) run Q, K and V, and a gated MLP's gate and up projection, as
// separate matmuls.
struct LinearParts {
  std::array<double, 3> widths{};
  int count = 0;
};

LinearParts linear_parts(const Op& op, const ModelSpec& model) {
  const bool gated = model.activation == Activation::swiglu;
  switch (op.kind) {
    case OpKind::qkv_projection: return {{double(model.heads), double(model.kv_heads), double(model.kv_heads)}, 3};
    case OpKind::mlp_up:
    case OpKind::expert_up:
    case OpKind::shared_expert_up: return gated ? LinearParts{{1.0, 1.0}, 2} : LinearParts{{1.0}, 1};
    default: return {{1.0}, 1};
  }
}

// torchtitan's op-level policy keeps the output of every other matmul of a layer, counting from the
// first (torchtitan/distributed/activation_checkpoint.py, `_save_list` with the mm counter): for a
// Llama layer wq, wv, w1 and w2 are kept, wk, wo and w3 recomputed.
OpList mark_op_selective_saves(OpList ops, const ModelSpec& model) {
  int matmuls = 0;
  for (Op& op : ops.mutable_ops()) {
    const bool attention = op.kind == OpKind::attention_scores || op.kind == OpKind::attention_values;
    if (op.gemm.count == 0 || attention) continue;
    const LinearParts parts = linear_parts(op, model);
    double saved = 0;
    double total = 0;
    for (int part = 0; part < parts.count; ++part) {
      const double width = parts.widths[static_cast<std::size_t>(part)];
      total += width;
      if (matmuls++ % 2 == 0) saved += width;
    }
    op.op_selective_saved_share = saved / total;
  }
  return ops;
}

// FP8 matmuls take FP8 operands: each GEMM input is quantized, and each output gradient before the
// backward GEMMs. Hopper's FP8 tensor cores take only the TN layout (cuBLASLt "cublasLtMatmul" FP8
// requirements), so every cast also writes a transposed copy: read 2 B, write 1 + 1 B per element
// (Transformer Engine's cast_transpose). Inputs that come straight from a norm are quantized by the
// norm kernel itself (Transformer Engine's LayerNormLinear; torch.compile likewise fuses), so they
// cost nothing extra. One op for the layer's casts; weights are cast once per step, not counted.
constexpr double kFp8Bytes = 1.0;
constexpr double kCastBytesPerElement = kActivationBytes + 2.0 * kFp8Bytes;

bool norm_fed(OpKind kind) {
  return kind == OpKind::qkv_projection || kind == OpKind::mlp_up || kind == OpKind::shared_expert_up ||
         kind == OpKind::mla_q_up || kind == OpKind::mla_kv_up;  // MLA's up-projections take the normed latents
}

// One cast kernel per quantized tensor; a grouped expert layer quantizes all its experts' inputs in
// one kernel (Transformer Engine's fused multi-cast-transpose).
void add_fp8_casts(OpList& ops) {
  double forward = 0;
  double backward = 0;
  double forward_kernels = 0;
  double backward_kernels = 0;
  for (const Op& op : ops) {
    const bool linear = op.gemm.count > 0 && op.kind != OpKind::attention_scores &&
                        op.kind != OpKind::attention_values && op.kind != OpKind::moe_router;
    if (!linear) continue;
    const GemmShape& g = op.gemm;
    if (!norm_fed(op.kind)) {
      forward += kCastBytesPerElement * g.m * g.k * g.count;
      ++forward_kernels;
    }
    backward += kCastBytesPerElement * g.m * g.n * g.count;
    ++backward_kernels;
  }
  Op cast = elementwise(OpKind::fp8_cast, forward);
  cast.backward_factor = forward > 0 ? backward / forward : 0.0;
  cast.launches = cast.host_ops = forward_kernels;
  cast.backward_launches = backward_kernels;
  ops.add(cast);
}

// Multi-head latent attention's projections (DeepSeek-V3 report §2.1.1): the input projected down to
// the query latent, and to the key/value latent with the key's shared rotary part, in one GEMM (each
// TP rank computes the latents whole: they are not split by heads); the latents normed; each projected
// up to this rank's heads. RoPE then rotates the queries' and the shared key's rotary parts.
void add_mla_projections(OpList& ops, const ModelSpec& model, const Parallelism& layout, const LocalShape& s) {
  const MlaSpec& mla = *model.mla;
  const double h = model.hidden;
  const double local_heads = model.heads / s.tp;
  const double down = mla.q_lora_rank + mla.kv_lora_rank + mla.qk_rope_head_dim;
  ops.add(matmul(OpKind::qkv_projection, {s.tokens, down, h, 1.0}, layout.precision));
  ops.add(elementwise(OpKind::norm, 2.0 * kActivationBytes * s.tokens * (mla.q_lora_rank + mla.kv_lora_rank)));
  const double q_in = mla.q_lora_rank > 0 ? mla.q_lora_rank : h;
  const double qk_dim = mla.qk_nope_head_dim + mla.qk_rope_head_dim;
  ops.add(matmul(OpKind::mla_q_up, {s.tokens, local_heads * qk_dim, q_in, 1.0}, layout.precision));
  ops.add(matmul(OpKind::mla_kv_up,
                 {s.tokens, local_heads * (mla.qk_nope_head_dim + mla.v_head_dim), double(mla.kv_lora_rank), 1.0},
                 layout.precision));
  if (model.rotary_embeddings)
    ops.add(elementwise(OpKind::rotary_embedding,
                        2.0 * kActivationBytes * s.tokens * (local_heads + 1.0) * mla.qk_rope_head_dim));
}

}  // namespace

double recomputed_forward_passes(const Op& op, const Parallelism& layout) {
  double passes = 0;
  switch (layout.recompute) {
    case Recompute::none: break;
    case Recompute::selective: passes += op.recomputed_by_selective ? 1 : 0; break;
    case Recompute::op_selective: passes += 1.0 - op.op_selective_saved_share; break;
    case Recompute::full: passes += 1; break;
  }
  if (layout.flash_attention && op.kind == OpKind::attention_scores) passes += 1;
  return passes;
}

std::string_view to_string(OpKind kind) {
  switch (kind) {
    case OpKind::norm: return "norm";
    case OpKind::residual_add: return "residual_add";
    case OpKind::rotary_embedding: return "rotary_embedding";
    case OpKind::attention_softmax: return "attention_softmax";
    case OpKind::moe_permute: return "moe_permute";
    case OpKind::fp8_cast: return "fp8_cast";
    case OpKind::qkv_projection: return "qkv_projection";
    case OpKind::mla_q_up: return "mla_q_up";
    case OpKind::mla_kv_up: return "mla_kv_up";
    case OpKind::attention_scores: return "attention_scores";
    case OpKind::attention_values: return "attention_values";
    case OpKind::output_projection: return "output_projection";
    case OpKind::mlp_up: return "mlp_up";
    case OpKind::mlp_activation: return "mlp_activation";
    case OpKind::mlp_down: return "mlp_down";
    case OpKind::moe_router: return "moe_router";
    case OpKind::moe_routing: return "moe_routing";
    case OpKind::expert_up: return "expert_up";
    case OpKind::expert_down: return "expert_down";
    case OpKind::shared_expert_up: return "shared_expert_up";
    case OpKind::shared_expert_down: return "shared_expert_down";
    case OpKind::embedding: return "embedding";
    case OpKind::logits: return "logits";
    case OpKind::loss: return "loss";
    case OpKind::mtp_projection: return "mtp_projection";
  }
  return "?";
}

OpList layer_ops(const ModelSpec& model, const Parallelism& layout, int layer) {
  const LocalShape s = local_shape(layout);
  const double h = model.hidden;
  const double d = model.head_dim;
  const double local_heads = model.heads / s.tp;
  const double local_kv_heads = model.kv_heads / s.tp;
  OpList ops;

  // Pre-attention norm: read the hidden state, write the normalised one.
  ops.add(elementwise(OpKind::norm, 2.0 * kActivationBytes * s.norm_tokens * h));
  const AttentionWidths widths = model.attention_widths();
  const double v_dim = model.mla ? double(model.mla->v_head_dim) : d;  // a value head's width
  if (model.mla) {
    add_mla_projections(ops, model, layout, s);
  } else {
    ops.add(
        matmul(OpKind::qkv_projection, {s.tokens, (local_heads + 2.0 * local_kv_heads) * d, h, 1.0}, layout.precision));
    // Rotary position embedding (Su et al. 2021) rotates Q and K in place: read and write both.
    if (model.rotary_embeddings)
      ops.add(elementwise(OpKind::rotary_embedding,
                          2.0 * kActivationBytes * s.tokens * (local_heads + local_kv_heads) * d));
  }
  // Core attention per head: QKᵀ (s_q × d by d × s_k), then softmax(QKᵀ)·V (s_q × s_k by s_k × d_v).
  // Causal masking is not discounted from FLOPs (INTERFACE.md §2), only flagged for timing.
  const double batch_heads = local_heads;
  Op scores = matmul(OpKind::attention_scores, {s.tokens, s.keys, d, batch_heads}, Precision::bf16);
  Op values = matmul(OpKind::attention_values, {s.tokens, v_dim, s.keys, batch_heads}, Precision::bf16);
  if (layout.flash_attention) {
    // Fused kernel (Dao et al. 2022): the s_q×s_k scores never reach HBM; Q, K, V in, O out. One
    // kernel forward holds both products, three backward.
    const double io = kActivationBytes * s.tokens * (widths.q + widths.k + widths.v + widths.o) / s.tp;
    scores.forward_bytes = Bytes(io / 2.0);
    values.forward_bytes = Bytes(io / 2.0);
    scores.backward_launches = kFlashBackwardKernels;
    values.launches = values.backward_launches = values.host_ops = 0.0;
  }
  scores.causal = values.causal = true;
  scores.recomputed_by_selective = values.recomputed_by_selective = true;
  scores.op_selective_saved_share = values.op_selective_saved_share = 1.0;  // the fused attention output is kept
  ops.add(scores);
  if (!layout.flash_attention) {
    // Unfused attention materialises the s_q × s_k scores: softmax reads and writes them, and with
    // dropout a mask and the dropped probabilities are written and read too (the tensors of
    // Korthikanti et al. 2022 §4.1: 2·a·s² softmax output, a·s² mask, 2·a·s² dropout output).
    const double scores_count = s.tokens * s.keys * batch_heads;
    const double bytes_per_score = 2.0 * kActivationBytes + (model.dropout ? kDropoutBytesPerScore : 0.0);
    Op softmax = elementwise(OpKind::attention_softmax, scores_count * bytes_per_score);
    softmax.recomputed_by_selective = true;
    ops.add(softmax);
  }
  ops.add(values);
  ops.add(matmul(OpKind::output_projection, {s.tokens, h, local_heads * v_dim, 1.0}, layout.precision));
  // x + attention(x): read two hidden states, write one; the same after the MLP.
  const Op residual = elementwise(OpKind::residual_add, kResidualTensors * kActivationBytes * s.norm_tokens * h);
  ops.add(residual);
  for (Op& op : ops.mutable_ops()) op.block = OpBlock::attention;
  ops.add(elementwise(OpKind::norm, 2.0 * kActivationBytes * s.norm_tokens * h));

  if (!model.is_moe_layer(layer)) {
    add_mlp(ops, model, layout, s, s.tokens, model.ffn, 1.0, OpKind::mlp_up, OpKind::mlp_down);
    ops.add(residual);
    if (layout.precision == Precision::fp8) add_fp8_casts(ops);
    return mark_op_selective_saves(ops, model);
  }
  const auto& moe = *model.moe;
  Op router = matmul(OpKind::moe_router, {s.tokens, double(moe.experts), h, 1.0}, layout.precision);
  router.block = OpBlock::router;
  ops.add(router);
  Op routing = elementwise(OpKind::moe_routing, kRouterBytesPerScore * s.tokens * moe.experts);
  routing.backward_factor = 1.0;
  routing.launches = routing.backward_launches = routing.host_ops = kRouterKernels;
  routing.block = OpBlock::router;
  ops.add(routing);
  // The token dispatcher copies each token to its top_k expert slots and back (Megatron-Core's
  // permute and unpermute): t·h read and t·k·h written going out, the reverse coming back.
  Op permute = elementwise(OpKind::moe_permute, 2.0 * kActivationBytes * s.tokens * h * (1.0 + moe.top_k));
  permute.launches = permute.backward_launches = permute.host_ops = kPermuteKernels;
  permute.block = OpBlock::router;
  ops.add(permute);
  // With balanced routing each EP rank receives top_k·tokens token-copies for its experts/ep experts.
  const double local_experts = double(moe.experts) / layout.ep;
  const std::size_t first_expert_op = ops.size();
  add_mlp(ops, model, layout, s, s.tokens * moe.top_k, moe.expert_ffn, local_experts, OpKind::expert_up,
          OpKind::expert_down);
  for (Op& op : ops.mutable_ops().subspan(first_expert_op)) {
    op.block = OpBlock::experts;
    if (op.gemm.count == 0) continue;
    op.launches = local_experts;
    op.backward_launches = kMatmulBackward * local_experts;
    op.host_ops = kHostOpsPerExpertGemm * local_experts;
    op.concurrent_gemms = std::min(local_experts, kGroupedGemmStreams);
  }
  if (moe.shared_experts > 0)
    add_mlp(ops, model, layout, s, s.tokens, double(moe.shared_experts) * moe.expert_ffn, 1.0, OpKind::shared_expert_up,
            OpKind::shared_expert_down);
  ops.add(residual);
  if (layout.precision == Precision::fp8) add_fp8_casts(ops);
  return mark_op_selective_saves(ops, model);
}

OpList embedding_ops(const ModelSpec& model, const Parallelism& layout) {
  const LocalShape s = local_shape(layout);
  OpList ops;
  // Gather one row per token and write the hidden state.
  ops.add(elementwise(OpKind::embedding, 2.0 * kActivationBytes * s.tokens * model.hidden));
  return ops;
}

// Cross-entropy over the vocabulary, bytes per logit. Megatron's fused kernel reads the 16-bit logits
// and writes the fp32 softmax kept for backward; backward reads and writes about twice that.
constexpr double kFusedLossForwardBytes = kActivationBytes + kFp32Bytes;
// PyTorch eager (torchtitan casts the logits with .float(); autocast does the same for MosaicML's
// F.cross_entropy) runs separate kernels: forward = cast (read 2, write 4) + log_softmax (read 4,
// write 4) = 14; backward = nll_loss's dense fp32 gradient (write 4) + log_softmax backward (read 4 + 4,
// write 4) + the cast back (read 4, write 2) = 22. ATen's kernels as listed in native_functions.yaml.
constexpr double kEagerLossForwardBytes = kActivationBytes + kFp32Bytes + 2.0 * kFp32Bytes;
constexpr double kEagerLossBackwardBytes = kFp32Bytes + 3.0 * kFp32Bytes + kFp32Bytes + kActivationBytes;

OpList output_ops(const ModelSpec& model, const Parallelism& layout, Framework framework) {
  const LocalShape s = local_shape(layout);
  OpList ops;
  ops.add(elementwise(OpKind::norm, 2.0 * kActivationBytes * s.norm_tokens * model.hidden));
  const double local_vocab = model.vocab / s.tp;
  ops.add(matmul(OpKind::logits, {s.tokens, local_vocab, double(model.hidden), 1.0}, layout.precision));
  const double logits = s.tokens * local_vocab;
  if (framework == Framework::torchtitan) {
    Op loss = elementwise(OpKind::loss, kEagerLossForwardBytes * logits);
    loss.backward_factor = kEagerLossBackwardBytes / kEagerLossForwardBytes;
    ops.add(loss);
  } else {
    ops.add(elementwise(OpKind::loss, kFusedLossForwardBytes * logits));
  }
  return ops;
}

OpList mtp_head_ops(const ModelSpec& model, const Parallelism& layout, Framework framework) {
  const LocalShape s = local_shape(layout);
  const double h = model.hidden;
  OpList ops;
  ops.add(elementwise(OpKind::embedding, 2.0 * kActivationBytes * s.tokens * h));
  ops.add(elementwise(OpKind::norm, 2.0 * 2.0 * kActivationBytes * s.norm_tokens * h));
  ops.add(matmul(OpKind::mtp_projection, {s.tokens, h / s.tp, 2.0 * h, 1.0}, layout.precision));
  for (const Op& op : output_ops(model, layout, framework)) ops.add(op);
  return ops;
}

Parallelism unsplit_layout(const Parallelism& layout) {
  // Built field by field, not copied: the stage list means nothing on one GPU, and copying it
  // would allocate in the search's inner loop.
  Parallelism whole;
  whole.zero = layout.zero;
  whole.recompute = layout.recompute;
  whole.flash_attention = layout.flash_attention;
  whole.micro_batch = 1;
  whole.global_batch = 1;
  whole.seq_len = layout.seq_len;
  whole.precision = layout.precision;
  return whole;
}

}  // namespace gigasim
