// Activation bytes per transformer layer against Korthikanti et al. 2022 ("Reducing Activation
// Recomputation in Large Transformer Models"), §4 and Table 2, for GPT-3 175B as the catalog holds it
// (s = 2048, h = 12288, a = 96, MLP 4h, GeLU, dropout kept), 16-bit activations, no flash attention:
//   no parallelism                 s·b·h·(34 + 5·a·s/h)
//   TP, no SP                      s·b·h·(10 + 24/t + 5·a·s/(h·t))
//   TP + SP                        s·b·h·(34 + 5·a·s/h)/t
//   TP + selective recompute       s·b·h·(10 + 24/t), and 34·s·b·h/t with SP
//   full recompute                 2·s·b·h, and 2·s·b·h/t with SP
// Here 5·a·s/h = 5·96·2048/12288 = 80 and s·h = 2048·12288 = 25,165,824.

#include <gtest/gtest.h>

#include "test_jobs.hpp"
#include "workload/activation_memory.hpp"

namespace gigasim {
namespace {

constexpr double kSeq = 2048;
constexpr double kHidden = 12288;
constexpr double kSh = kSeq * kHidden;   // 25,165,824
constexpr double kAttentionTerm = 80.0;  // 5·a·s/h
constexpr double kRelative = 1e-12;

Parallelism layout(int tp, bool sp, Recompute recompute, int micro_batch = 1) {
  Parallelism p;
  p.tp = tp;
  p.sp = sp;
  p.recompute = recompute;
  p.flash_attention = false;
  p.micro_batch = micro_batch;
  p.global_batch = micro_batch;
  p.seq_len = static_cast<int>(kSeq);
  return p;
}

void expect_bytes(Bytes actual, double expected) {
  EXPECT_NEAR(actual.value(), expected, kRelative * expected);
}

TEST(ActivationKorthikanti, CatalogGpt3IsTheirModelShape) {
  const ModelSpec gpt3 = test_jobs::model("gpt3-175b");
  EXPECT_EQ(gpt3.hidden, 12288);
  EXPECT_EQ(gpt3.heads, 96);
  EXPECT_EQ(gpt3.ffn, 4 * gpt3.hidden);
  EXPECT_EQ(gpt3.activation, Activation::gelu);
  EXPECT_TRUE(gpt3.dropout);
}

TEST(ActivationKorthikanti, NoParallelismIs34PlusAttentionScores) {
  // (34 + 80)·s·h = 114·25,165,824 = 2,868,903,936 bytes per sequence; linear in b.
  const ModelSpec gpt3 = test_jobs::model("gpt3-175b");
  expect_bytes(layer_activation_bytes(gpt3, layout(1, false, Recompute::none), 0), 2'868'903'936.0);
  expect_bytes(layer_activation_bytes(gpt3, layout(1, false, Recompute::none, 4), 5), 4.0 * 2'868'903'936.0);
}

TEST(ActivationKorthikanti, TensorParallelWithoutSequenceParallel) {
  // t = 8: (10 + 24/8 + 80/8)·s·h = 23·25,165,824 = 578,813,952 bytes.
  const ModelSpec gpt3 = test_jobs::model("gpt3-175b");
  expect_bytes(layer_activation_bytes(gpt3, layout(8, false, Recompute::none), 0), 578'813'952.0);
  // t = 4: (10 + 6 + 20)·s·h = 36·s·h.
  expect_bytes(layer_activation_bytes(gpt3, layout(4, false, Recompute::none), 0), 36.0 * kSh);
}

TEST(ActivationKorthikanti, SequenceParallelDividesEverythingByT) {
  // t = 8: 114·s·h/8 = 358,612,992 bytes.
  const ModelSpec gpt3 = test_jobs::model("gpt3-175b");
  expect_bytes(layer_activation_bytes(gpt3, layout(8, true, Recompute::none), 0), 358'612'992.0);
  expect_bytes(layer_activation_bytes(gpt3, layout(2, true, Recompute::none, 2), 0),
               2.0 * (34.0 + kAttentionTerm) * kSh / 2.0);
}

TEST(ActivationKorthikanti, SelectiveRecomputeDropsTheAttentionScores) {
  const ModelSpec gpt3 = test_jobs::model("gpt3-175b");
  // With SP: 34·s·h/8 = 106,954,752 bytes.
  expect_bytes(layer_activation_bytes(gpt3, layout(8, true, Recompute::selective), 0), 106'954'752.0);
  // Without SP: (10 + 24/8)·s·h = 13·s·h = 327,155,712 bytes.
  expect_bytes(layer_activation_bytes(gpt3, layout(8, false, Recompute::selective), 0), 327'155'712.0);
  // No TP: 34·s·h = 855,638,016 bytes.
  expect_bytes(layer_activation_bytes(gpt3, layout(1, false, Recompute::selective), 0), 855'638'016.0);
}

TEST(ActivationKorthikanti, FullRecomputeKeepsOnlyTheLayerInput) {
  const ModelSpec gpt3 = test_jobs::model("gpt3-175b");
  // 2·s·h = 50,331,648 bytes without SP (the input is replicated on every TP rank) ...
  expect_bytes(layer_activation_bytes(gpt3, layout(1, false, Recompute::full), 0), 50'331'648.0);
  expect_bytes(layer_activation_bytes(gpt3, layout(8, false, Recompute::full), 0), 50'331'648.0);
  // ... and 2·s·h/8 = 6,291,456 bytes with SP.
  expect_bytes(layer_activation_bytes(gpt3, layout(8, true, Recompute::full), 0), 6'291'456.0);
}

TEST(ActivationKorthikanti, WithoutRecomputeVariantIgnoresTheRecomputeMode) {
  // What one layer holds while its backward runs is the no-recompute figure, 114·s·h/8 under TP 8 + SP.
  const ModelSpec gpt3 = test_jobs::model("gpt3-175b");
  for (const Recompute mode : {Recompute::none, Recompute::selective, Recompute::full})
    expect_bytes(layer_activation_bytes_without_recompute(gpt3, layout(8, true, mode), 0), 358'612'992.0);
}

}  // namespace
}  // namespace gigasim
