// Model FLOPs with causal attention counted at half: the convention behind NeMo's reported model
// TFLOP/s. Llama 3.1 70B, one 8,192-token sequence, by hand:
//   matmul weights per layer: Q and O 2 · 8,192 · 8,192 = 134,217,728; K and V 2 · 8,192 · 1,024 =
//   16,777,216; MLP 3 · 8,192 · 28,672 = 704,643,072 → 855,638,016; × 80 layers = 68,451,041,280;
//   plus the output projection 128,256 · 8,192 = 1,050,673,152 → 69,501,714,432 weights in matmuls,
//   6 FLOPs each per token (forward 2, backward 4) = 417,010,286,592.
//   attention QKᵀ and A·V: 4 · 8,192 · 8,192 = 268,435,456 per layer per token forward, × 3 with
//   backward × 80 layers = 64,424,509,440 full, 32,212,254,720 causal.
// NeMo's Llama 3 70B row (nemo-003: 2,064 TFLOP/s at 4,596 tokens/s per GPU) implies 449.09 GFLOP
// per token, the causal figure 449,222,541,312 to its rounding.
#include <gtest/gtest.h>

#include "test_jobs.hpp"
#include "workload/step_flops.hpp"

namespace gigasim {
namespace {

TEST(StepFlopsCausal, Llama3_70bMatchesNemosConvention) {
  const auto job = test_jobs::parse(R"(model: llama3-70b
cluster: { gpu: h100-sxm, gpus: 8 }
parallelism: { tp: 8, global_batch: 1, seq_len: 8192 }
)");
  ASSERT_TRUE(job);
  const StepFlops flops = step_flops(*job);
  constexpr double kTokens = 8192.0;
  EXPECT_DOUBLE_EQ(flops.model.value(), kTokens * (417010286592.0 + 64424509440.0));
  EXPECT_DOUBLE_EQ(flops.model_causal.value(), kTokens * (417010286592.0 + 32212254720.0));
  EXPECT_NEAR(flops.model_causal.value() / kTokens, 2064e12 / 4596.0, 0.001 * 449e9);
}

// A budget in FLOPs sets the tokens through the model's FLOPs per token: 481,434,796,032 for Llama 3.1
// 70B at 8,192 tokens (above, full attention), so 1e24 FLOP train 1e24 / 481,434,796,032 =
// 2.0771e12 tokens.
TEST(StepFlopsCausal, AFlopBudgetSetsTheTokens) {
  const auto job = test_jobs::parse(R"(model: llama3-70b
cluster: { gpu: h100-sxm, gpus: 8 }
parallelism: { tp: 8, global_batch: 4, seq_len: 8192 }
training: { flops: 1.0e24 }
)");
  ASSERT_TRUE(job);
  const auto tokens = tokens_to_train(*job, step_flops(*job));
  ASSERT_TRUE(tokens);
  EXPECT_NEAR(*tokens, 1.0e24 / 481434796032.0, 1.0);
  EXPECT_NEAR(*tokens / 1e12, 2.0771, 1e-4);
}

}  // namespace
}  // namespace gigasim
