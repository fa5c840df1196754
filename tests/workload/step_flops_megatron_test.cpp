// Model and hardware FLOPs per step against Narayanan et al. 2021 ("Efficient Large-Scale Language
// Model Training on GPU Clusters Using Megatron-LM", §5.1, Eq. 3), for GPT-3 175B as the catalog
// holds it: l = 96, h = 12288, s = 2048, V = 51200 (the padded vocabulary Megatron trains with).
//
// Eq. 3 counts, per layer and sequence, the forward GEMMs QKV 6sh², QKᵀ 2s²h, attention·V 2s²h,
// output projection 2sh², MLP 16sh² (= 24sh² + 4s²h), and the logits 2sVh once; backward is twice
// forward, so model FLOPs = 3·forward = 72·B·s·l·h²·(1 + s/(6h) + V/(12·h·l)). Full recomputation
// adds one more forward of every layer (not of the logits): 96·B·s·l·h²·(1 + s/(6h) + V/(16·h·l)).

#include <string>

#include <gtest/gtest.h>

#include "test_jobs.hpp"
#include "workload/step_flops.hpp"

namespace gigasim {
namespace {

constexpr double kLayers = 96;
constexpr double kHidden = 12288;
constexpr double kSeq = 2048;
constexpr double kVocab = 51200;
constexpr double kRelative = 1e-9;

// Eq. 3 without recomputation.
double megatron_model_flops(double batch) {
  const double l = kLayers, h = kHidden, s = kSeq, v = kVocab;
  return 72.0 * batch * s * l * h * h * (1.0 + s / (6.0 * h) + v / (12.0 * h * l));
}

// Eq. 3 with full activation recomputation.
double megatron_recompute_flops(double batch) {
  const double l = kLayers, h = kHidden, s = kSeq, v = kVocab;
  return 96.0 * batch * s * l * h * h * (1.0 + s / (6.0 * h) + v / (16.0 * h * l));
}

// GPT-3 175B on 8 GPUs (TP 8): the layout does not change per-step FLOPs, only who runs them.
std::string gpt3_job(int global_batch, const char* recompute, bool flash) {
  return std::string("model: gpt3-175b\ncluster: { gpu: a100-80gb, gpus: 8 }\n") +
         "parallelism: { tp: 8, global_batch: " + std::to_string(global_batch) + ", recompute: " + recompute +
         ", flash_attention: " + (flash ? "true" : "false") + " }\n";
}

TEST(StepFlopsMegatron, ModelFlopsMatchEquation3) {
  // Narayanan's GPT-3 projection uses B = 1536 (§5.1): 72·1536·2048·96·12288² ≈ 3.283e18 times
  // (1 + 1/36 + 51200/14155776) ≈ 1.03139 gives ≈ 3.386e18 FLOPs per step.
  const auto job = test_jobs::parse(gpt3_job(1536, "none", false));
  ASSERT_TRUE(job);
  const double expected = megatron_model_flops(1536);
  EXPECT_NEAR(step_flops(*job).model.value(), expected, kRelative * expected);
  EXPECT_NEAR(expected, 3.386e18, 0.001e18);  // the hand figure above, to catch a slip in the helper
}

TEST(StepFlopsMegatron, ModelFlopsScaleWithBatch) {
  for (const int batch : {8, 64, 512}) {
    const auto job = test_jobs::parse(gpt3_job(batch, "none", false));
    ASSERT_TRUE(job);
    const double expected = megatron_model_flops(batch);
    EXPECT_NEAR(step_flops(*job).model.value(), expected, kRelative * expected) << "B = " << batch;
  }
}

TEST(StepFlopsMegatron, ModelFlopsIgnoreFlashAttentionAndRecompute) {
  // Model FLOPs are the model's as written (INTERFACE.md §2): how the kernels or the recompute
  // policy run them does not change them.
  const double expected = megatron_model_flops(64);
  for (const char* recompute : {"none", "selective", "full"}) {
    for (const bool flash : {false, true}) {
      const auto job = test_jobs::parse(gpt3_job(64, recompute, flash));
      ASSERT_TRUE(job);
      EXPECT_NEAR(step_flops(*job).model.value(), expected, kRelative * expected)
          << "recompute " << recompute << ", flash " << flash;
    }
  }
}

TEST(StepFlopsMegatron, HardwareFlopsWithFullRecomputeMatchEquation3WithRecompute) {
  const auto job = test_jobs::parse(gpt3_job(1536, "full", false));
  ASSERT_TRUE(job);
  const double expected = megatron_recompute_flops(1536);
  EXPECT_NEAR(step_flops(*job).hardware.value(), expected, kRelative * expected);
}

TEST(StepFlopsMegatron, HardwareFlopsEqualModelFlopsWithoutRecomputeOrFlash) {
  const auto job = test_jobs::parse(gpt3_job(64, "none", false));
  ASSERT_TRUE(job);
  const StepFlops flops = step_flops(*job);
  EXPECT_DOUBLE_EQ(flops.hardware.value(), flops.model.value());
}

TEST(StepFlopsMegatron, SelectiveRecomputeAddsCoreAttentionForward) {
  // Selective recompute (Korthikanti et al. 2022 §5) redoes QKᵀ and attention·V: 4·B·s²·h·l more
  // forward FLOPs, i.e. hardware − model = 4·64·2048²·12288·96 ≈ 1.267e15 at B = 64.
  const auto job = test_jobs::parse(gpt3_job(64, "selective", false));
  ASSERT_TRUE(job);
  const StepFlops flops = step_flops(*job);
  const double expected = 4.0 * 64 * kSeq * kSeq * kHidden * kLayers;
  EXPECT_NEAR((flops.hardware - flops.model).value(), expected, kRelative * expected);
}

}  // namespace
}  // namespace gigasim
