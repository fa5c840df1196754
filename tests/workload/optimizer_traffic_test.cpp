// Bytes one optimizer step moves per parameter, pass by pass, as each framework's step runs.
#include "workload/optimizer_traffic.hpp"

#include <gtest/gtest.h>

namespace gigasim {
namespace {

TEST(OptimizerTraffic, MegatronWithALossScaler) {
  // fp16 (Megatron-Core MixedPrecisionOptimizer.step): the 16-bit main gradient cast to fp32 (read
  // 2, write 4), unscaled while checked for inf/nan (read 4, write 4), read for the norm (4), Adam
  // (fp32 weight, momentum, variance, gradient in, three out: 28), the fp16 weight written from the
  // fp32 one (read 4, write 2): 6 + 8 + 4 + 28 + 6 = 52 B; and the 2 B gradient buffer zeroed.
  const OptimizerTrafficBytes fp16 = optimizer_traffic_bytes(Framework::megatron, Precision::fp16);
  EXPECT_DOUBLE_EQ(fp16.per_updated_parameter, 52.0);
  EXPECT_DOUBLE_EQ(fp16.per_held_gradient, 2.0);
}

TEST(OptimizerTraffic, MegatronInBf16HasNoCastNorUnscale) {
  // bf16 gradients accumulate in fp32 and need no loss scale: 4 + 28 + 6 = 38 B, and 4 B zeroed.
  // FP8 training keeps bf16 weights and fp32 main gradients: the same.
  for (const Precision precision : {Precision::bf16, Precision::fp8}) {
    const OptimizerTrafficBytes bytes = optimizer_traffic_bytes(Framework::megatron, precision);
    EXPECT_DOUBLE_EQ(bytes.per_updated_parameter, 38.0);
    EXPECT_DOUBLE_EQ(bytes.per_held_gradient, 4.0);
  }
}

TEST(OptimizerTraffic, TorchtitanScalesEveryGradientAndZeroesNone) {
  // PyTorch's clip_grad_norm_: the norm (read 4) and the clamped scale on every gradient (read 4,
  // write 4); AdamW on the fp32 shards that are the weights too (28): 40 B. Gradients are set to
  // None, not zeroed.
  const OptimizerTrafficBytes bytes = optimizer_traffic_bytes(Framework::torchtitan, Precision::bf16);
  EXPECT_DOUBLE_EQ(bytes.per_updated_parameter, 40.0);
  EXPECT_DOUBLE_EQ(bytes.per_held_gradient, 0.0);
}

}  // namespace
}  // namespace gigasim
