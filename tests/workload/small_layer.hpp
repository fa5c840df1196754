#pragma once
// A small Llama-like layer for the op-level tests: 512 tokens of hidden 1,024, 8 query and 2 key
// heads of 128, a SwiGLU MLP of 4,096 (or 8 experts of 512, top 2), on one GPU.

#include "spec/job.hpp"
#include "workload/layer_ops.hpp"

namespace gigasim::test_layers {

inline ModelSpec model(bool rotary = true, bool moe = false) {
  ModelSpec m;
  m.layers = 2;
  m.hidden = 1024;
  m.heads = 8;
  m.kv_heads = 2;
  m.head_dim = 128;
  m.ffn = 4096;
  m.vocab = 1000;
  m.seq_len = 512;
  m.activation = Activation::swiglu;
  m.rotary_embeddings = rotary;
  if (moe) m.moe = MoeSpec{.experts = 8, .top_k = 2, .expert_ffn = 512};
  return m;
}

inline Parallelism one_gpu() {
  Parallelism p;
  p.seq_len = 512;
  p.global_batch = 1;
  return p;
}

// The first op of that kind, or null.
inline const Op* find(const OpList& ops, OpKind kind) {
  for (const Op& op : ops)
    if (op.kind == kind) return &op;
  return nullptr;
}

}  // namespace gigasim::test_layers
