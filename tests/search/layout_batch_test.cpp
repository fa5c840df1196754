// Batch estimates (gigasim.estimate_many): each row must be exactly the estimate of the job file
// with that row's values, parsed and estimated on its own; rows that break a rule carry the
// parser's message; columns that are wrong in themselves are refused before any row runs.
#include "search/layout_batch.hpp"

#include <cmath>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "perf/step_estimate.hpp"
#include "spec/job_parse.hpp"
#include "support/builtin_catalog.hpp"

namespace gigasim {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

Job job(const std::string& text) {
  auto parsed = parse_job(text, "job.yaml", test_support::builtin_catalog());
  if (!parsed) {
    for (const Diagnostic& problem : parsed.error()) ADD_FAILURE() << format_diagnostic(problem);
    return {};
  }
  return std::move(parsed).value();
}

constexpr const char* kBase =
    "model: llama3-8b\ncluster: { gpu: h100-sxm, gpus: 16 }\nparallelism: { tp: 2, global_batch: 64 }\n";

TEST(LayoutBatch, EachRowIsTheJobFileWithThatRowsValues) {
  const std::vector<FieldColumn> columns = {{"gpus", {16, 32, 64}}, {"tp", {2, 4, 8}}, {"pp", {1, 2, 1}}};
  ASSERT_TRUE(check_columns(columns).empty());
  const BatchEstimates out = estimate_batch(job(kBase), columns, 2);
  // dp = gpus / (tp·pp): 16/2 = 8, 32/8 = 4, 64/8 = 8.
  EXPECT_THAT(out.dp, ElementsAre(8, 4, 8));
  const char* files[] = {
      "model: llama3-8b\ncluster: { gpu: h100-sxm, gpus: 16 }\nparallelism: { tp: 2, global_batch: 64 }\n",
      "model: llama3-8b\ncluster: { gpu: h100-sxm, gpus: 32 }\nparallelism: { tp: 4, pp: 2, global_batch: 64 }\n",
      "model: llama3-8b\ncluster: { gpu: h100-sxm, gpus: 64 }\nparallelism: { tp: 8, global_batch: 64 }\n"};
  for (std::size_t row = 0; row < 3; ++row) {
    const StepEstimate alone = estimate_step(job(files[row]));
    EXPECT_TRUE(out.problem[row].empty()) << out.problem[row];
    EXPECT_EQ(out.step_time_s[row], alone.step_time.value()) << row;
    EXPECT_EQ(out.tokens_per_s[row], alone.tokens_per_s) << row;
    EXPECT_EQ(out.mfu[row], alone.mfu) << row;
    EXPECT_EQ(out.breakdown_s[0][row], alone.breakdown.compute.value()) << row;
    EXPECT_EQ(out.fits[row], alone.memory.fits() ? 1 : 0) << row;
    EXPECT_TRUE(std::isnan(out.time_to_train_days[row]));  // the base job has no training.tokens
  }
}

TEST(LayoutBatch, TokensGiveTheTimeToTrain) {
  const BatchEstimates out = estimate_batch(job(kBase), {{"tokens", {1e12, 2e12}}}, 1);
  // days = tokens / tokens_per_s / 86,400 s, and twice the tokens take twice as long.
  EXPECT_DOUBLE_EQ(out.time_to_train_days[0], 1e12 / out.tokens_per_s[0] / 86400.0);
  EXPECT_DOUBLE_EQ(out.time_to_train_days[1], 2.0 * out.time_to_train_days[0]);
}

TEST(LayoutBatch, ARowThatDoesNotFitHasNoDaysAndSaysWhy) {
  // Llama 3 8B at 131,072 tokens per sequence, micro-batch 2, on tp 2 without recompute holds far
  // more than 80 GB: it keeps its step time (what it would take) but trains nothing, so no days,
  // and its problem says how much it needs. The 8,192-token row fits and has days.
  const BatchEstimates out =
      estimate_batch(job(kBase), {{"seq_len", {8192, 131072}}, {"micro_batch", {1, 2}}, {"tokens", {1e12, 1e12}}}, 1);
  EXPECT_EQ(out.fits[0], 1);
  EXPECT_FALSE(std::isnan(out.time_to_train_days[0]));
  EXPECT_TRUE(out.problem[0].empty());
  EXPECT_EQ(out.fits[1], 0);
  EXPECT_TRUE(std::isnan(out.time_to_train_days[1]));
  EXPECT_FALSE(std::isnan(out.step_time_s[1]));
  EXPECT_THAT(out.problem[1], HasSubstr("memory: needs "));
  EXPECT_THAT(out.problem[1], HasSubstr("GiB per GPU of 79.6"));
}

TEST(LayoutBatch, DpGivenWithoutGpusSetsTheGpuCount) {
  const BatchEstimates out = estimate_batch(job(kBase), {{"dp", {4}}, {"tp", {4}}}, 1);
  // dp 4 × tp 4 = 16 GPUs: the same job as tp 4 on the base's 16 GPUs.
  const StepEstimate alone = estimate_step(
      job("model: llama3-8b\ncluster: { gpu: h100-sxm, gpus: 16 }\nparallelism: { tp: 4, global_batch: 64 }\n"));
  EXPECT_EQ(out.step_time_s[0], alone.step_time.value());
}

TEST(LayoutBatch, RowsThatBreakARuleKeepTheParsersMessage) {
  // Row 0: tp 16 cannot split Llama 3 8B's 8 KV heads. Row 1: 16 GPUs at pp 3 leave no whole dp.
  // Row 2 is fine.
  const BatchEstimates out = estimate_batch(job(kBase), {{"tp", {16, 2, 2}}, {"pp", {1, 3, 1}}}, 1);
  EXPECT_THAT(out.problem[0], HasSubstr("parallelism.tp: "));
  EXPECT_THAT(out.problem[1], HasSubstr("cluster.gpus: "));
  EXPECT_TRUE(out.problem[2].empty());
  EXPECT_TRUE(std::isnan(out.step_time_s[0]));
  EXPECT_EQ(out.dp[1], 0);
  EXPECT_EQ(out.fits[1], 0);
  EXPECT_GT(out.step_time_s[2], 0.0);
}

TEST(LayoutBatch, AnyThreadCountGivesTheSameColumns) {
  std::vector<double> gpus;
  for (int row = 0; row < 1000; ++row) gpus.push_back(16.0 * (1 << (row % 4)));  // 16 to 128, all valid
  const BatchEstimates one = estimate_batch(job(kBase), {{"gpus", gpus}}, 1);
  const BatchEstimates three = estimate_batch(job(kBase), {{"gpus", gpus}}, 3);
  EXPECT_EQ(one.step_time_s, three.step_time_s);
  EXPECT_EQ(one.dp, three.dp);
}

TEST(LayoutBatch, ModesAreVariedByName) {
  FieldColumn recompute{"recompute", {}, {"none", "full"}};
  const BatchEstimates out = estimate_batch(job(kBase), {recompute}, 1);
  const StepEstimate full =
      estimate_step(job("model: llama3-8b\ncluster: { gpu: h100-sxm, gpus: 16 }\nparallelism: { tp: 2, global_batch: "
                        "64, recompute: full }\n"));
  EXPECT_EQ(out.step_time_s[1], full.step_time.value());
  // Full recomputation keeps only each layer's input: less memory, more time than none.
  EXPECT_LT(out.memory_per_gpu_gib[1], out.memory_per_gpu_gib[0]);
  EXPECT_GT(out.step_time_s[1], out.step_time_s[0]);
}

TEST(LayoutBatch, WrongColumnsAreRefusedOneLineEach) {
  EXPECT_THAT(check_columns({{"tp", {2, 0}}}), ElementsAre("tp[1]: 0 is out of range; use a value between 1 and 1024"));
  EXPECT_THAT(check_columns({{"gpus", {8.5}}}), ElementsAre("gpus[0]: 8.5 is not a whole number; use an integer"));
  EXPECT_THAT(check_columns({{"gpus", {8, 16}}, {"tp", {1}}}),
              ElementsAre("tp: has 1 values but gpus has 2; give every column the same length"));
  const auto unknown = check_columns({{"flops", {1}}});
  ASSERT_EQ(unknown.size(), 1U);
  EXPECT_THAT(unknown[0], HasSubstr("flops: is not a field a batch can vary; use one of gpus, dp, tp"));
  EXPECT_THAT(check_columns({{"tp", {std::nan("")}}}), ElementsAre(HasSubstr("tp[0]: nan is out of range")));
  EXPECT_THAT(check_columns({{"recompute", {}, {"full", "some"}}}),
              ElementsAre("recompute[1]: 'some' is not a recompute mode; use none | selective | op-selective | full"));
  EXPECT_THAT(check_columns({{"recompute", {1}}}), ElementsAre(HasSubstr("recompute: takes names, not numbers")));
  EXPECT_THAT(check_columns({{"tp", {}, {"eight"}}}), ElementsAre("tp: takes numbers, not names"));
}

}  // namespace
}  // namespace gigasim
