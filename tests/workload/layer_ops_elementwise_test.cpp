// The memory-bound ops of a layer, bytes by hand from tensor sizes (2 B per element).
#include <gtest/gtest.h>

#include "small_layer.hpp"
#include "workload/layer_ops.hpp"

namespace gigasim {
namespace {

using test_layers::find;
using test_layers::model;
using test_layers::one_gpu;

TEST(LayerElementwise, RotaryReadsAndWritesQueriesAndKeys) {
  // 512 tokens × (8 + 2 heads) × 128 × 2 B, read and written: 2 · 2 · 512 · 10 · 128 = 2,621,440 B.
  const OpList ops = layer_ops(model(true, false), one_gpu(), 0);
  const Op* rotary = find(ops, OpKind::rotary_embedding);
  ASSERT_NE(rotary, nullptr);
  EXPECT_DOUBLE_EQ(rotary->forward_bytes.value(), 2621440.0);
  EXPECT_EQ(find(layer_ops(model(false, false), one_gpu(), 0), OpKind::rotary_embedding), nullptr);
}

TEST(LayerElementwise, TwoResidualAddsPerLayer) {
  // Each reads two 512 × 1,024 hidden states and writes one: 3 · 2 · 512 · 1,024 = 3,145,728 B.
  int residuals = 0;
  for (const Op& op : layer_ops(model(true, false), one_gpu(), 0)) {
    if (op.kind != OpKind::residual_add) continue;
    ++residuals;
    EXPECT_DOUBLE_EQ(op.forward_bytes.value(), 3145728.0);
  }
  EXPECT_EQ(residuals, 2);
}

TEST(LayerElementwise, MoeDispatchCopiesTokensToTheirExpertsAndBack) {
  // Out: read 512 × 1,024, write 2 copies; back: the reverse. 2 · 2 B · 512 · 1,024 · (1 + 2) = 6,291,456 B.
  const OpList ops = layer_ops(model(true, true), one_gpu(), 0);  // alive while `permute` points into it
  const Op* permute = find(ops, OpKind::moe_permute);
  ASSERT_NE(permute, nullptr);
  EXPECT_DOUBLE_EQ(permute->forward_bytes.value(), 6291456.0);
}

TEST(LayerElementwise, UnfusedAttentionMovesTheScores) {
  // 512 × 512 scores × 8 heads = 2,097,152. Softmax reads and writes them at 2 B (4 B each); with
  // dropout also the probabilities read, the kept ones written and a 1 B mask (5 B more).
  Parallelism p = one_gpu();
  p.flash_attention = false;
  ModelSpec m = model(true, false);
  const OpList ops = layer_ops(m, p, 0);
  const Op* softmax = find(ops, OpKind::attention_softmax);
  ASSERT_NE(softmax, nullptr);
  EXPECT_DOUBLE_EQ(softmax->forward_bytes.value(), 2097152.0 * 4.0);
  m.dropout = true;
  EXPECT_DOUBLE_EQ(find(layer_ops(m, p, 0), OpKind::attention_softmax)->forward_bytes.value(), 2097152.0 * 9.0);
  EXPECT_EQ(find(layer_ops(m, one_gpu(), 0), OpKind::attention_softmax), nullptr);  // flash: never materialised
}

TEST(LayerElementwise, EagerPyTorchLossMovesTwiceTheBytesOfTheFusedOne) {
  // 512 tokens × 1,000 logits = 512,000. Fused (Megatron): 6 B forward, twice that backward.
  // PyTorch eager: cast + log_softmax 14 B forward; gradient, log_softmax backward, cast back 22 B.
  const OpList megatron = output_ops(model(true, false), one_gpu(), Framework::megatron);
  const OpList torchtitan = output_ops(model(true, false), one_gpu(), Framework::torchtitan);
  const Op* fused = find(megatron, OpKind::loss);
  const Op* eager = find(torchtitan, OpKind::loss);
  ASSERT_NE(fused, nullptr);
  ASSERT_NE(eager, nullptr);
  EXPECT_DOUBLE_EQ(fused->forward_bytes.value(), 6.0 * 512000.0);
  EXPECT_DOUBLE_EQ(fused->forward_bytes.value() * fused->backward_factor, 12.0 * 512000.0);
  EXPECT_DOUBLE_EQ(eager->forward_bytes.value(), 14.0 * 512000.0);
  EXPECT_DOUBLE_EQ(eager->forward_bytes.value() * eager->backward_factor, 22.0 * 512000.0);
}

TEST(LayerElementwise, Fp8CastsEveryGemmInputNotFedByANormAndEveryOutputGradient) {
  // Dense SwiGLU layer, 512 tokens, 4 B per cast element (read 2, write FP8 and its transpose).
  // Forward inputs not fed by a norm: attention output 1,024 wide, SwiGLU output 4,096 wide:
  // 4 · 512 · 5,120 = 10,485,760 B. Backward, output gradients: QKV (8 + 2·2)·128 = 1,536, output
  // projection 1,024, gate+up 8,192, down 1,024: 4 · 512 · 11,776 = 24,117,248 B.
  Parallelism fp8 = one_gpu();
  fp8.precision = Precision::fp8;
  const OpList ops = layer_ops(model(false, false), fp8, 0);
  const Op* cast = find(ops, OpKind::fp8_cast);
  ASSERT_NE(cast, nullptr);
  EXPECT_DOUBLE_EQ(cast->forward_bytes.value(), 10485760.0);
  EXPECT_DOUBLE_EQ(cast->forward_bytes.value() * cast->backward_factor, 24117248.0);
  EXPECT_EQ(find(layer_ops(model(false, false), one_gpu(), 0), OpKind::fp8_cast), nullptr);
}

}  // namespace
}  // namespace gigasim
