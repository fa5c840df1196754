// default_stage_layers: how layers are dealt to pipeline stages when a job does not list them.
// Uneven splits take one layer from the ends of the pipeline first (last, first, second to last,
// …), because the last stage also holds the output layer and the first the embedding.

#include "spec/stage_layers.hpp"

#include <algorithm>
#include <numeric>
#include <vector>

#include <gtest/gtest.h>

#include "spec_test_support.hpp"

namespace gigasim {
namespace {

std::vector<int> repeated(int count, int value) {
  return std::vector<int>(static_cast<std::size_t>(count), value);
}

std::vector<int> concat(std::initializer_list<std::vector<int>> parts) {
  std::vector<int> all;
  for (const auto& part : parts) all.insert(all.end(), part.begin(), part.end());
  return all;
}

TEST(StageLayers, Llama3_405bOnSixteenStages) {
  // 126 layers / 16 stages: 8 each would be 128, two too many; the last and the first stage
  // give one up: 7, 8 × 14, 7 (Llama 3 paper §3.3.2).
  EXPECT_EQ(default_stage_layers(126, 16, 1), concat({{7}, repeated(14, 8), {7}}));
}

TEST(StageLayers, EvenSplit) {
  EXPECT_EQ(default_stage_layers(80, 4, 1), (std::vector<int>{20, 20, 20, 20}));
  EXPECT_EQ(default_stage_layers(96, 16, 1), repeated(16, 6));
}

TEST(StageLayers, OneStageHoldsEverything) {
  EXPECT_EQ(default_stage_layers(32, 1, 1), std::vector<int>{32});
}

TEST(StageLayers, OneLayerPerStage) {
  EXPECT_EQ(default_stage_layers(4, 4, 1), (std::vector<int>{1, 1, 1, 1}));
}

TEST(StageLayers, SurplusIsTakenFromTheEndsInward) {
  // ⌈7/4⌉ = 2, 8 − 7 = 1 too many: the last stage gives it up.
  EXPECT_EQ(default_stage_layers(7, 4, 1), (std::vector<int>{2, 2, 2, 1}));
  // ⌈10/4⌉ = 3, 12 − 10 = 2: last, then first.
  EXPECT_EQ(default_stage_layers(10, 4, 1), (std::vector<int>{2, 3, 3, 2}));
  // ⌈13/4⌉ = 4, 16 − 13 = 3: last, first, then second to last.
  EXPECT_EQ(default_stage_layers(13, 4, 1), (std::vector<int>{3, 4, 3, 3}));
  // ⌈9/8⌉ = 2, 16 − 9 = 7: stages 7, 0, 6, 1, 5, 2, 4 give one up, so only stage 3 keeps 2.
  EXPECT_EQ(default_stage_layers(9, 8, 1), (std::vector<int>{1, 1, 1, 2, 1, 1, 1, 1}));
}

TEST(StageLayers, InterleavedChunksAreDealtRoundRobin) {
  // 126 layers in 16·2 = 32 chunks: ⌈126/32⌉ = 4, 128 − 126 = 2, so chunks 31 and 0 hold 3.
  // Stage s holds chunks s and s + 16: stage 0 = 3 + 4, stage 15 = 4 + 3, the others 4 + 4.
  EXPECT_EQ(default_stage_layers(126, 16, 2), concat({{7}, repeated(14, 8), {7}}));
  // 61 layers (DeepSeek-V3) in 4·2 = 8 chunks: ⌈61/8⌉ = 8, 64 − 61 = 3: chunks 7, 0, 6 hold 7.
  // Stage 0 = chunks 0 + 4 = 7 + 8, stage 1 = 8 + 8, stage 2 = 8 + 7 (chunk 6), stage 3 = 8 + 7.
  EXPECT_EQ(default_stage_layers(61, 4, 2), (std::vector<int>{15, 16, 15, 15}));
  // 96 layers in 8·3 = 24 chunks of 4: each stage holds 3 chunks = 12 layers.
  EXPECT_EQ(default_stage_layers(96, 8, 3), repeated(8, 12));
}

TEST(StageLayers, EveryLayerIsPlacedAndStagesStayBalanced) {
  for (int layers = 1; layers <= 130; ++layers) {
    for (int stages = 1; stages <= 32; ++stages) {
      for (int virtual_stages = 1; virtual_stages <= 4; ++virtual_stages) {
        if (stages * virtual_stages > layers) continue;
        const std::vector<int> split = default_stage_layers(layers, stages, virtual_stages);
        ASSERT_EQ(split.size(), static_cast<std::size_t>(stages));
        ASSERT_EQ(std::accumulate(split.begin(), split.end(), 0), layers)
            << layers << " layers on " << stages << "×" << virtual_stages;
        // Chunks differ by at most one layer, so stages (vpp chunks each) by at most vpp.
        const auto [fewest, most] = std::minmax_element(split.begin(), split.end());
        ASSERT_GE(*fewest, virtual_stages) << "every chunk holds at least one layer";
        ASSERT_LE(*most - *fewest, virtual_stages) << layers << " layers on " << stages << "×" << virtual_stages;
      }
    }
  }
}

TEST(StageLayers, ParsedJobGetsTheDefaultSplit) {
  // The Llama 3 405B example layout: tp 8, pp 16 on 16,384 GPUs → dp 128.
  const Job job = testing::parse_ok(R"(model: llama3-405b
cluster: { gpu: h100-sxm, gpus: 16384 }
parallelism: { tp: 8, pp: 16, global_batch: 2048 }
)");
  EXPECT_EQ(job.parallelism.dp, 128);
  EXPECT_EQ(job.parallelism.stage_layers, concat({{7}, repeated(14, 8), {7}}));
}

}  // namespace
}  // namespace gigasim
