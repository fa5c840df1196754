#include "workload/activation_memory.hpp"

#include "workload/layer_ops.hpp"

namespace gigasim {
namespace {

constexpr double k16Bit = 2.0;
constexpr double kMaskByte = 1.0;  // dropout masks are stored as one byte per element
constexpr double kFp32 = 4.0;

struct Widths {
  double tokens;  // b·s/cp on this GPU's CP rank
  double tp;
  double replicated;  // divisor of tensors replicated across TP ranks unless SP shards them
};

Widths widths(const Parallelism& layout) {
  const double tokens = double(layout.micro_batch) * layout.seq_len / layout.cp;
  return {tokens, double(layout.tp), layout.sp ? double(layout.tp) : 1.0};
}

// Bytes per token of an MLP's stored tensors of intermediate width f: the activation input and the
// down-projection input (GeLU: 2f + 2f, Korthikanti's 8sbh + 8sbh at f = 4h), plus the second branch
// of a gated unit.
double mlp_bytes_per_token(const ModelSpec& model, double intermediate) {
  const double tensors = model.activation == Activation::swiglu ? 3.0 : 2.0;
  return tensors * k16Bit * intermediate;
}

// Op-level selective checkpointing keeps the layer input, the fused attention output with its
// log-sum-exp, and the outputs of the matmuls it marks as saved (as computed, before any
// reduce-scatter).
Bytes op_selective_bytes(const ModelSpec& model, const Parallelism& layout, int layer) {
  const Widths w = widths(layout);
  double bytes = w.tokens * k16Bit * model.hidden / w.replicated;
  for (const Op& op : layer_ops(model, layout, layer)) {
    if (op.kind == OpKind::attention_values) {
      bytes += k16Bit * op.gemm.m * op.gemm.n * op.gemm.count + kFp32 * op.gemm.m * op.gemm.count;
    } else if (op.gemm.count > 0 && op.kind != OpKind::attention_scores) {
      bytes += op.op_selective_saved_share * k16Bit * op.gemm.m * op.gemm.n * op.gemm.count;
    }
  }
  return Bytes(bytes);
}

Bytes layer_bytes(const ModelSpec& model, const Parallelism& layout, int layer, Recompute recompute) {
  const Widths w = widths(layout);
  const double h = model.hidden;
  if (recompute == Recompute::full) return Bytes(k16Bit * h * w.tokens / w.replicated);  // the layer's input only
  if (recompute == Recompute::op_selective) return op_selective_bytes(model, layout, layer);

  // Tensors not split by TP without SP (Korthikanti's 10·sbh): both norm inputs (4h), the QKV and
  // MLP inputs (2h + 2h) and, with dropout, the two residual dropout masks (2h).
  double replicated = 2.0 * k16Bit * h + k16Bit * h + k16Bit * h;
  if (model.dropout) replicated += 2.0 * kMaskByte * h;

  // Tensors split over TP heads or MLP width (24·sbh for GPT): Q, K, V, the output-projection input, the MLP.
  const AttentionWidths widths = model.attention_widths();
  double split = k16Bit * (widths.q + widths.k + widths.v + widths.o);
  // MLA also keeps its latents for the up-projections' backward (not split by TP).
  if (model.mla) replicated += k16Bit * (model.mla->q_lora_rank + model.mla->kv_lora_rank);
  if (model.is_moe_layer(layer)) {
    const auto& moe = *model.moe;
    // Each token's top_k dispatched copies of its hidden state and their expert activations,
    // balanced over EP ranks (Megatron-Core MoE); shared experts run on every token.
    split += moe.top_k * (k16Bit * h + mlp_bytes_per_token(model, moe.expert_ffn));
    split += mlp_bytes_per_token(model, double(moe.shared_experts) * moe.expert_ffn);
    split += kFp32 * moe.experts;  // router probabilities
  } else {
    split += mlp_bytes_per_token(model, model.ffn);
  }

  // Core attention: flash attention keeps only the fp32 log-sum-exp per head; otherwise softmax output
  // (2·a·s), and with dropout its mask and output (a·s + 2·a·s): Korthikanti's 5·a·s²·b.
  const bool scores_stored = !layout.flash_attention && recompute == Recompute::none;
  if (scores_stored) {
    const double per_query = double(model.heads) * layout.seq_len;
    split += per_query * (model.dropout ? k16Bit + kMaskByte + k16Bit : k16Bit);
  } else if (layout.flash_attention) {
    split += kFp32 * model.heads;
  }
  return Bytes(w.tokens * (replicated / w.replicated + split / w.tp));
}

}  // namespace

Bytes layer_activation_bytes(const ModelSpec& model, const Parallelism& layout, int layer) {
  return layer_bytes(model, layout, layer, layout.recompute);
}

Bytes layer_activation_bytes_without_recompute(const ModelSpec& model, const Parallelism& layout, int layer) {
  return layer_bytes(model, layout, layer, Recompute::none);
}

Bytes output_activation_bytes(const ModelSpec& model, const Parallelism& layout, Framework framework) {
  const Widths w = widths(layout);
  const double norm_input = k16Bit * model.hidden / w.replicated;
  // Megatron saves the projection's input sequence-sharded and gathers it again in backward;
  // torchtitan's output layer saves the gathered, full-sequence input.
  const double projection_input = k16Bit * model.hidden / (framework == Framework::megatron ? w.replicated : 1.0);
  return Bytes(w.tokens * (norm_input + projection_input + kFp32 * model.vocab / w.tp));
}

Bytes output_transient_bytes(const ModelSpec& model, const Parallelism& layout, Framework framework) {
  const Widths w = widths(layout);
  const double logits = w.tokens * model.vocab / w.tp;
  if (framework == Framework::megatron) return Bytes(logits * k16Bit);  // the 16-bit logits beside the fp32 softmax
  // torchtitan: PyTorch's cross-entropy backward holds the fp32 gradients flowing in and out (8 B
  // beside the 4 stored); with TP, loss-parallel's fused backward also forms exp(logits) (12 B).
  return Bytes(logits * kFp32 * (layout.tp > 1 ? 3.0 : 2.0));
}

Bytes pipeline_retained_bytes(const ModelSpec& model, const Parallelism& layout, Framework framework, bool last_stage) {
  if (framework != Framework::torchtitan || layout.pp == 1) return Bytes(0.0);
  const Widths w = widths(layout);
  const double micro_batches = layout.micro_batches_per_step();
  // Each stage keeps every micro-batch's output and a receive buffer per micro-batch each way.
  constexpr double kBuffersPerMicroBatch = 3.0;
  double bytes = micro_batches * kBuffersPerMicroBatch * w.tokens * k16Bit * model.hidden / w.replicated;
  // The last stage keeps every other micro-batch's fp32 logits until the step ends.
  if (last_stage) bytes += (micro_batches - 1.0) * w.tokens * kFp32 * model.vocab / w.tp;
  return Bytes(bytes);
}

Bytes embedding_activation_bytes(const ModelSpec& model, const Parallelism& layout) {
  if (!model.dropout) return Bytes(0.0);
  const Widths w = widths(layout);
  return Bytes(w.tokens * kMaskByte * model.hidden / w.replicated);
}

}  // namespace gigasim
