// Multi-token prediction (DeepSeek-V3 report §2.2): per module, a block like the model's last layer,
// a 2h → h projection, two norms, and another pass through the shared output head.
#include <gtest/gtest.h>

#include "test_jobs.hpp"
#include "workload/memory.hpp"
#include "workload/parameter_count.hpp"
#include "workload/step_flops.hpp"

namespace gigasim {
namespace {

// DeepSeek-V3's MTP module, by hand from config.json (layer 60 is a MoE layer):
//   MLA: q_down 7,168·1,536 = 11,010,048; q_up 1,536·(128·192) = 37,748,736; kv_down 7,168·576 =
//   4,128,768; kv_up 512·(128·128 + 128·128) = 16,777,216; out 16,384·7,168 = 117,440,512 → 187,105,280
//   norms 2·7,168 + 1,536 + 512 = 16,384
//   routed experts 256 · 3 · 7,168 · 2,048 = 11,274,289,152; shared 44,040,192; router 1,835,008
//   block 11,507,286,016; projection 2 · 7,168² = 102,760,448; its two norms 14,336 → 11,610,060,800.
// With the embedding and output head it shares (2 · 129,280 · 7,168 = 1,853,358,080) that is 13.46B,
// the "14B" DeepSeek publishes beside the 671B main model (DeepSeek-V3 README: 685B on Hugging Face).
TEST(MultiTokenPrediction, DeepSeekV3ModuleParameters) {
  const ModelSpec model = test_jobs::model("deepseek-v3");
  EXPECT_EQ(model.mtp_layers, 1);
  EXPECT_DOUBLE_EQ(mtp_module_parameters(model), 11610060800.0);
  const ModelParameters parameters = model_parameters(model);
  EXPECT_DOUBLE_EQ(parameters.mtp, 11610060800.0);
  EXPECT_NEAR(parameters.total() / 1e9, 671.0, 0.1);  // the main model's count is unchanged
}

// A small dense model with one MTP module; per sequence of 1,024 tokens, what the module adds, by hand:
//   matmul weights: its block's Q, K, V, O 4 · 1,024² = 4,194,304 and MLP 2 · 1,024 · 4,096 = 8,388,608;
//   the projection 2 · 1,024² = 2,097,152; the output head again 1,024 · 32,000 = 32,768,000 →
//   47,448,064 weights, 6 FLOPs each per token: 6 · 1,024 · 47,448,064 = 291,520,905,216.
//   its attention, QKᵀ and A·V, 4 · 1,024² · 1,024 forward, × 3 with backward = 12,884,901,888.
//   → 304,405,807,104 FLOPs per sequence.
constexpr const char* kWithMtp = R"(model:
  layers: 2
  hidden: 1024
  heads: 8
  ffn: 4096
  vocab: 32000
  seq_len: 1024
  mtp_layers: 1
cluster: { gpu: h100-sxm, gpus: 2 }
parallelism: { pp: 2, global_batch: 4 }
)";

std::string without_mtp() {
  std::string text = kWithMtp;
  text.replace(text.find("  mtp_layers: 1\n"), std::string("  mtp_layers: 1\n").size(), "");
  return text;
}

TEST(MultiTokenPrediction, AddsABlockAProjectionAndAHeadToTheModelFlops) {
  const auto with = test_jobs::parse(kWithMtp);
  const auto without = test_jobs::parse(without_mtp());
  ASSERT_TRUE(with && without);
  const double sequences = 4.0;
  EXPECT_DOUBLE_EQ((step_flops(*with).model - step_flops(*without).model).value(), sequences * 304405807104.0);
}

// The module's weights and activations sit on the last stage only.
TEST(MultiTokenPrediction, LivesOnTheLastStage) {
  const auto with = test_jobs::parse(kWithMtp);
  const auto without = test_jobs::parse(without_mtp());
  ASSERT_TRUE(with && without);
  EXPECT_DOUBLE_EQ(stage_parameters(*with, 0, 0).dense, stage_parameters(*without, 0, 0).dense);
  // Its block (matmuls 12,582,912 and pre-norms 2,048) + projection 2,097,152 + the module's own norms
  // 2,048, and the embedding copy 32,768,000 it reads the next tokens from = 47,452,160.
  EXPECT_DOUBLE_EQ(stage_parameters(*with, 1, 1).dense - stage_parameters(*without, 1, 1).dense, 47452160.0);
}

}  // namespace
}  // namespace gigasim
