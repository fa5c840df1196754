#pragma once
// A decoder-only transformer as the workload layer needs it: shapes, activation, MoE layout.

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gigasim {

enum class Activation { gelu, swiglu, relu2 };

std::string_view to_string(Activation activation);

struct MoeSpec {
  int experts = 0;             // routed experts per MoE layer
  int top_k = 0;               // routed experts each token visits
  int expert_ffn = 0;          // intermediate size of one expert
  int shared_experts = 0;      // always-on experts (DeepSeek), each of expert_ffn
  int moe_every = 1;           // a MoE layer every N layers (1 = all)
  int first_dense_layers = 0;  // leading dense layers (DeepSeek-V3: 3)
  // Node-limited routing: each token's experts lie on at most this many nodes (0: no limit). With a
  // dispatcher that sends a token once per node and fans it out over NVLink there (DeepEP), this
  // bounds the inter-node traffic (DeepSeek-V3 report §2.1.2: 4 nodes).
  int max_nodes_per_token = 0;
};

// Multi-head latent attention (DeepSeek-V2/V3): queries and keys/values are each projected down to
// a small latent, normed, and projected back up per head; each head's query and key carry a part
// with rotary embedding and a part without (DeepSeek-V3 report §2.1.1, config.json).
struct MlaSpec {
  int q_lora_rank = 0;   // the query latent (0: queries projected directly, as DeepSeek-V2-Lite)
  int kv_lora_rank = 0;  // the key/value latent
  int qk_nope_head_dim = 0;
  int qk_rope_head_dim = 0;
  int v_head_dim = 0;
};

// Per token, the widths of attention's tensors: queries and keys (heads × their head dimension),
// values and the output projection's input.
struct AttentionWidths {
  double q = 0;
  double k = 0;
  double v = 0;
  double o = 0;
};

// Layers of one kind within a range: a representative 0-based index and how many there are.
struct LayerGroup {
  int layer = 0;
  int count = 0;
};

struct ModelSpec {
  std::string name;
  std::string description;
  int layers = 0;
  int hidden = 0;
  int heads = 0;
  int kv_heads = 0;
  int head_dim = 0;  // hidden / heads unless the model says otherwise
  int ffn = 0;       // MLP intermediate size (each of gate and up for swiglu)
  int vocab = 0;
  int seq_len = 0;
  Activation activation = Activation::gelu;
  bool tied_embeddings = false;
  bool dropout = false;           // GPT-3-era training kept dropout masks (Korthikanti et al. 2022 §4.1)
  bool rotary_embeddings = true;  // RoPE on Q and K (Llama, Mixtral, …); false for learned positions or ALiBi
  std::optional<MoeSpec> moe;
  std::optional<MlaSpec> mla;  // set: attention is MLA (head_dim is then qk_nope + qk_rope, kv_heads = heads)
  // Multi-token prediction modules trained with the model (DeepSeek-V3 report §2.2: D = 1). Each
  // predicts one token further: it norms the last hidden state and the next token's embedding,
  // projects the two (2h → h), runs one transformer block like the model's last layer, and scores
  // the vocabulary through the shared output head. They run after the last layer, on the last
  // pipeline stage, and the authors count their weights apart (671B + 14B for DeepSeek-V3).
  int mtp_layers = 0;
  std::optional<double> published_params_b;  // the authors' own total, to check our count against
  std::vector<std::string> sources;

  [[nodiscard]] AttentionWidths attention_widths() const;

  // Whether the 0-based layer holds a MoE block instead of a dense MLP.
  [[nodiscard]] bool is_moe_layer(int layer) const;

  // The layers [first, first + count) split into their dense and MoE groups (either may be empty).
  // All layers of a kind cost the same, so callers evaluate one of each and multiply.
  [[nodiscard]] std::array<LayerGroup, 2> layer_groups(int first, int count) const;
};

}  // namespace gigasim
