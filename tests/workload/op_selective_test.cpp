// Op-level selective checkpointing as torchtitan applies it to Llama: the layer's separate matmuls
// run wq, wk, wv, wo, w1, w3, w2 and every other one is kept (wq, wv, w1, w2); the fused attention
// output and its log-sum-exp are kept too. Llama 3 8B: h = 4096, 32 heads and 8 KV heads of 128,
// ffn 14336.
#include <gtest/gtest.h>

#include "spec/job.hpp"
#include "workload/activation_memory.hpp"
#include "workload/step_flops.hpp"

namespace gigasim {
namespace {

ModelSpec llama3_8b() {
  ModelSpec model;
  model.name = "llama3-8b";
  model.layers = 32;
  model.hidden = 4096;
  model.heads = 32;
  model.kv_heads = 8;
  model.head_dim = 128;
  model.ffn = 14336;
  model.vocab = 128256;
  model.seq_len = 8192;
  model.activation = Activation::swiglu;
  return model;
}

Parallelism one_gpu(Recompute recompute) {
  Parallelism p;
  p.seq_len = 8192;
  p.global_batch = 1;
  p.recompute = recompute;
  return p;
}

TEST(OpSelective, KeepsEveryOtherLinearOutput) {
  // Per token: layer input 2·4096 = 8,192 B; wq 2·4096 = 8,192; wv 2·1024 = 2,048; w1 2·14336 =
  // 28,672; w2 2·4096 = 8,192; attention output 8,192; log-sum-exp 4·32 = 128. Sum 63,616 B.
  const double expected = 8192.0 * 63616.0;
  EXPECT_DOUBLE_EQ(layer_activation_bytes(llama3_8b(), one_gpu(Recompute::op_selective), 0).value(), expected);
}

TEST(OpSelective, RecomputesTheOtherLinearsForward) {
  // Per token, forward FLOPs of wk (2·4096·1024 = 8,388,608), wo (2·4096·4096 = 33,554,432) and w3
  // (2·4096·14336 = 117,440,512), plus the scores QKᵀ that flash attention's backward redoes
  // (2·8192·128·32 = 67,108,864): 226,492,416 per token.
  const double expected = 8192.0 * 226492416.0;
  EXPECT_DOUBLE_EQ(recomputed_forward_flops(llama3_8b(), one_gpu(Recompute::op_selective), 0).value(), expected);
}

}  // namespace
}  // namespace gigasim
