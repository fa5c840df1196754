#include "workload/parameter_count.hpp"

namespace gigasim {

double mlp_parameters(const ModelSpec& model, double intermediate) {
  // Gated units (SwiGLU, Shazeer 2020) have gate, up and down matrices; the others up and down.
  const double matrices = model.activation == Activation::swiglu ? 3.0 : 2.0;
  return matrices * model.hidden * intermediate;
}

LayerParameters layer_parameters(const ModelSpec& model, int layer) {
  const double h = model.hidden;
  const AttentionWidths w = model.attention_widths();
  LayerParameters p;
  if (model.mla) {
    // Down-projections to the latents (the key's rotary part comes straight from the input), their
    // norms, the up-projections per head, and the output projection (DeepSeek-V3 config.json shapes).
    const MlaSpec& mla = *model.mla;
    const double q_in = mla.q_lora_rank > 0 ? mla.q_lora_rank : h;
    const double q_down = mla.q_lora_rank > 0 ? h * mla.q_lora_rank : 0.0;
    p.attention = q_down + q_in * w.q + h * (mla.kv_lora_rank + mla.qk_rope_head_dim) +
                  double(mla.kv_lora_rank) * (double(model.heads) * mla.qk_nope_head_dim + w.v) + w.o * h;
    p.norms = 2.0 * h + mla.q_lora_rank + mla.kv_lora_rank;
  } else {
    p.attention = h * w.q + h * w.k + h * w.v + w.o * h;
    p.norms = 2.0 * h;
  }
  if (model.is_moe_layer(layer)) {
    const auto& moe = *model.moe;
    p.routed_experts = moe.experts * mlp_parameters(model, moe.expert_ffn);
    p.shared_experts = moe.shared_experts * mlp_parameters(model, moe.expert_ffn);
    p.router = h * moe.experts;
  } else {
    p.dense_mlp = mlp_parameters(model, model.ffn);
  }
  return p;
}

double mtp_module_parameters(const ModelSpec& model) {
  const double h = model.hidden;
  return layer_parameters(model, model.layers - 1).total() + 2.0 * h * h + 2.0 * h;
}

ModelParameters model_parameters(const ModelSpec& model) {
  ModelParameters total;
  for (const LayerGroup group : model.layer_groups(0, model.layers)) {
    if (group.count == 0) continue;
    const LayerParameters p = layer_parameters(model, group.layer);
    total.layers += p.total() * group.count;
    total.routed_experts += p.routed_experts * group.count;
    total.active_per_token += p.non_expert() * group.count;
    if (p.routed_experts > 0)
      total.active_per_token += p.routed_experts * model.moe->top_k / model.moe->experts * group.count;
  }
  const double vocab_matrix = double(model.vocab) * model.hidden;
  total.embedding = vocab_matrix;
  total.output = (model.tied_embeddings ? 0.0 : vocab_matrix) + model.hidden;
  total.active_per_token += total.embedding + total.output;
  total.mtp = model.mtp_layers * mtp_module_parameters(model);
  return total;
}

}  // namespace gigasim
