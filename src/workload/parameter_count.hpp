#pragma once
// Parameter counts of a decoder-only transformer, by part. Biases and learned position
// embeddings are left out (Megatron's 13h and s·h terms: under 0.2% for GPT-3 175B,
// Narayanan et al. 2021 §5.1 footnote formula 12lh²(1 + 13/12h + (V+s)/12lh)).

#include "spec/model_spec.hpp"

namespace gigasim {

struct LayerParameters {
  double attention = 0;       // Q, K, V and output projections
  double dense_mlp = 0;       // the MLP of a dense layer
  double routed_experts = 0;  // all routed experts of a MoE layer
  double shared_experts = 0;  // always-on experts of a MoE layer
  double router = 0;
  double norms = 0;  // the two pre-norm weight vectors

  [[nodiscard]] double total() const {
    return attention + dense_mlp + routed_experts + shared_experts + router + norms;
  }
  // Those not sharded by expert parallelism.
  [[nodiscard]] double non_expert() const { return attention + dense_mlp + shared_experts + router + norms; }
};

struct ModelParameters {
  double layers = 0;            // all transformer layers
  double routed_experts = 0;    // the routed-expert share of `layers`
  double embedding = 0;         // input token embedding
  double output = 0;            // output projection (0 when tied to the embedding) and the final norm
  double active_per_token = 0;  // what one token's forward pass touches (MoE: top_k experts only)
  // Multi-token prediction modules: their blocks, projections and norms (embedding and output head
  // shared). Left out of total(), as the authors count them (DeepSeek-V3: 671B + the MTP module).
  double mtp = 0;

  [[nodiscard]] double total() const { return layers + embedding + output; }
};

// Parameters of one transformer layer (0-based index: MoE layers differ from dense ones).
LayerParameters layer_parameters(const ModelSpec& model, int layer);

ModelParameters model_parameters(const ModelSpec& model);

// Weights of one multi-token-prediction module beyond its shared embedding and output head: a block
// like the last layer, the 2h → h projection, and the norms of the hidden state and the embedding.
double mtp_module_parameters(const ModelSpec& model);

// Weights of one MLP (dense or one expert) of the given intermediate size: 2·h·f, 3·h·f gated.
double mlp_parameters(const ModelSpec& model, double intermediate);

}  // namespace gigasim
