// torchtitan without torch.compile: the norms, RoPE and SwiGLU of a layer as PyTorch's separate eager
// kernels, bytes by hand from torchtitan's Llama code (per element of the tensor each works on).
#include "workload/eager_kernels.hpp"

#include <gtest/gtest.h>

#include "small_layer.hpp"
#include "spec/job.hpp"
#include "workload/layer_ops.hpp"

namespace gigasim {
namespace {

// test_layers' layer: 512 tokens of hidden 1,024; 8 query and 2 key heads of 128; a SwiGLU MLP of
// 4,096.
ModelSpec llama_like() {
  return test_layers::model();
}
using test_layers::one_gpu;

const Op& find(const OpList& ops, OpKind kind) {
  const Op* op = test_layers::find(ops, kind);
  if (op == nullptr) ADD_FAILURE() << "no " << to_string(kind);
  return op != nullptr ? *op : *ops.begin();
}

Training torchtitan(bool compile, bool fused_norm) {
  Training training;
  training.framework = Framework::torchtitan;
  training.compile = compile;
  training.fused_norm = fused_norm;
  return training;
}

TEST(EagerKernels, OnlyTorchtitanWithoutCompileRunsThem) {
  EXPECT_FALSE(eager_kernels(Training{}).any());  // Megatron-LM: Transformer Engine's fused kernels
  EXPECT_FALSE(eager_kernels(torchtitan(true, false)).any());
  const EagerKernels eager = eager_kernels(torchtitan(false, false));
  EXPECT_TRUE(eager.norm && eager.rope_and_activation);
  EXPECT_FALSE(eager_kernels(torchtitan(false, true)).norm);  // torchtitan's Triton fused_rmsnorm
}

TEST(EagerKernels, RmsNormInFp32IsEightKernelsAndNineTimesTheBytes) {
  // 512 × 1,024 = 524,288 elements. Eager forward: cast (2 + 4), pow (4 + 4), mean (4), x · rsqrt
  // (4 + 4), cast back (4 + 2), · weight (2 + 2) = 36 B per element = 18,874,368 B; backward 64 B
  // per element = 33,554,432 B.
  const OpList ops = with_eager_kernels(layer_ops(llama_like(), one_gpu(), 0), llama_like(), {true, true});
  const Op& norm = find(ops, OpKind::norm);
  EXPECT_DOUBLE_EQ(norm.forward_bytes.value(), 18874368.0);
  EXPECT_DOUBLE_EQ(norm.forward_bytes.value() * norm.backward_factor, 33554432.0);
  EXPECT_EQ(norm.launches, 8.0);
  EXPECT_EQ(norm.backward_launches, 12.0);
}

TEST(EagerKernels, RopeInFp32ComplexArithmetic) {
  // Q and K: 512 × (8 + 2) × 128 = 655,360 elements, each cast to fp32 (2 + 4), multiplied by the
  // complex frequencies (4 + 4) and cast back (4 + 2): 20 B = 13,107,200 B, the same backward.
  const OpList ops = with_eager_kernels(layer_ops(llama_like(), one_gpu(), 0), llama_like(), {false, true});
  const Op& rope = find(ops, OpKind::rotary_embedding);
  EXPECT_DOUBLE_EQ(rope.forward_bytes.value(), 13107200.0);
  EXPECT_DOUBLE_EQ(rope.backward_factor, 1.0);
  EXPECT_EQ(rope.launches, 6.0);
  // The norms stay fused when fused_norm is chosen: read and write 2 B per element.
  EXPECT_DOUBLE_EQ(find(ops, OpKind::norm).forward_bytes.value(), 4.0 * 524288.0);
}

TEST(EagerKernels, SwigluAsSiluThenMul) {
  // 512 × 4,096 = 2,097,152 outputs: silu (2 + 2) then the product (2 + 2 + 2) = 10 B each,
  // 20,971,520 B; backward 18 B each, 37,748,736 B.
  const OpList ops = with_eager_kernels(layer_ops(llama_like(), one_gpu(), 0), llama_like(), {false, true});
  const Op& activation = find(ops, OpKind::mlp_activation);
  EXPECT_DOUBLE_EQ(activation.forward_bytes.value(), 20971520.0);
  EXPECT_DOUBLE_EQ(activation.forward_bytes.value() * activation.backward_factor, 37748736.0);
  // A GeLU MLP is one kernel either way.
  ModelSpec gelu = llama_like();
  gelu.activation = Activation::gelu;
  const OpList plain = layer_ops(gelu, one_gpu(), 0);
  EXPECT_DOUBLE_EQ(find(with_eager_kernels(plain, gelu, {true, true}), OpKind::mlp_activation).forward_bytes.value(),
                   find(plain, OpKind::mlp_activation).forward_bytes.value());
}

}  // namespace
}  // namespace gigasim
