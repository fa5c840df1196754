// ModelSpec::layer_groups: a layer range split into its dense and MoE layers, each with a
// representative index, so costs are evaluated once per kind. Expected counts are by hand from
// the MoE layout rule: MoE layers sit at first_dense_layers + k·moe_every.
#include <gtest/gtest.h>

#include "spec/model_spec.hpp"

namespace gigasim {
namespace {

ModelSpec moe_model(int layers, int first_dense, int every) {
  ModelSpec model;
  model.layers = layers;
  model.moe = MoeSpec{.experts = 8, .top_k = 2, .expert_ffn = 64, .shared_experts = 0, .moe_every = every,
                      .first_dense_layers = first_dense};
  return model;
}

TEST(LayerGroups, DenseModelIsOneGroup) {
  ModelSpec model;
  model.layers = 126;
  const auto groups = model.layer_groups(8, 8);
  EXPECT_EQ(groups[0].count, 8);
  EXPECT_EQ(groups[0].layer, 8);
  EXPECT_EQ(groups[1].count, 0);
}

TEST(LayerGroups, DeepSeekLeadingDenseLayers) {
  // DeepSeek-V3: 3 leading dense layers, then MoE in every layer. Layers 0..3 hold 3 dense + 1 MoE
  // (layer 3); layers 4..7 are all MoE.
  const ModelSpec model = moe_model(61, 3, 1);
  auto groups = model.layer_groups(0, 4);
  EXPECT_EQ(groups[0].count, 3);
  EXPECT_EQ(groups[0].layer, 0);
  EXPECT_EQ(groups[1].count, 1);
  EXPECT_EQ(groups[1].layer, 3);
  groups = model.layer_groups(4, 4);
  EXPECT_EQ(groups[0].count, 0);
  EXPECT_EQ(groups[1].count, 4);
  EXPECT_EQ(groups[1].layer, 4);
}

TEST(LayerGroups, MoeEveryOtherLayer) {
  // MoE at 0, 2, 4, …: layers 3..9 (3,4,5,6,7,8,9) hold MoE 4, 6, 8 and dense 3, 5, 7, 9.
  const ModelSpec model = moe_model(32, 0, 2);
  const auto groups = model.layer_groups(3, 7);
  EXPECT_EQ(groups[0].count, 4);
  EXPECT_FALSE(model.is_moe_layer(groups[0].layer));
  EXPECT_EQ(groups[1].count, 3);
  EXPECT_EQ(groups[1].layer, 4);
  EXPECT_TRUE(model.is_moe_layer(groups[1].layer));
}

TEST(LayerGroups, RangeStartingOnAMoeLayerFindsTheNextDenseOne) {
  // MoE every 3rd layer from 1: 1, 4, 7, … Range 4..6 holds MoE 4 and dense 5, 6.
  const ModelSpec model = moe_model(12, 1, 3);
  const auto groups = model.layer_groups(4, 3);
  EXPECT_EQ(groups[0].count, 2);
  EXPECT_EQ(groups[0].layer, 5);
  EXPECT_EQ(groups[1].count, 1);
  EXPECT_EQ(groups[1].layer, 4);
}

TEST(LayerGroups, CountsAgreeWithIsMoeLayerEverywhere) {
  // Brute force over many layouts and ranges: the closed form must match counting layer by layer.
  for (int first_dense = 0; first_dense < 4; ++first_dense) {
    for (int every = 1; every < 5; ++every) {
      const ModelSpec model = moe_model(40, first_dense, every);
      for (int first = 0; first < 40; ++first) {
        for (int count = 1; first + count <= 40; ++count) {
          int moe = 0;
          for (int layer = first; layer < first + count; ++layer) moe += model.is_moe_layer(layer) ? 1 : 0;
          const auto groups = model.layer_groups(first, count);
          ASSERT_EQ(groups[1].count, moe) << first_dense << " " << every << " " << first << " " << count;
          ASSERT_EQ(groups[0].count, count - moe);
          if (groups[0].count > 0) {
            ASSERT_FALSE(model.is_moe_layer(groups[0].layer));
          }
          if (groups[1].count > 0) {
            ASSERT_TRUE(model.is_moe_layer(groups[1].layer));
          }
        }
      }
    }
  }
}

}  // namespace
}  // namespace gigasim
