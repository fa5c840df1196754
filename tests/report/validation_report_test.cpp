// The arithmetic of `gigasim validate`: signed errors, MAPE by metric and by source, the share of
// rows off by more than the threshold, and which estimate figure each key reads.
#include "report/validation_report.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "report/validation_json.hpp"
#include "report/validation_table.hpp"

namespace gigasim {
namespace {

using ::testing::HasSubstr;

Comparison row(const char* id, const char* metric, const char* source, std::optional<double> predicted,
               double published) {
  return Comparison{.id = id,
                    .job = "job.yaml",
                    .metric = metric,
                    .source = source,
                    .unit = "s",
                    .key = CompareKey::step_time_s,
                    .predicted = predicted,
                    .published = published,
                    .features = {}};
}

// Four rows, worked by hand:
//   a: m1, S1, 110 vs 100 → +10%      b: m1, S2, 60 vs 80 → −25%
//   c: m2, S1, 150 vs 100 → +50%      d: m2, S2, no prediction
std::vector<Comparison> four_rows() {
  return {row("a", "m1", "S1", 110.0, 100.0), row("b", "m1", "S2", 60.0, 80.0), row("c", "m2", "S1", 150.0, 100.0),
          row("d", "m2", "S2", std::nullopt, 100.0)};
}

TEST(ValidationReport, ErrorIsSignedAndRelativeToThePublishedFigure) {
  EXPECT_DOUBLE_EQ(relative_error(110.0, 100.0), 0.10);
  EXPECT_DOUBLE_EQ(relative_error(60.0, 80.0), -0.25);
  EXPECT_FALSE(relative_error(row("d", "m", "S", std::nullopt, 100.0)).has_value());
}

TEST(ValidationReport, MapeByMetricBySourceAndOverall) {
  const ValidationSummary summary = summarize(four_rows());
  ASSERT_EQ(summary.by_metric.size(), 2U);
  // m1: (0.10 + 0.25) / 2 = 0.175, none above 35%.
  EXPECT_EQ(summary.by_metric[0].name, "m1");
  EXPECT_EQ(summary.by_metric[0].rows, 2);
  EXPECT_NEAR(summary.by_metric[0].mape, 0.175, 1e-12);
  EXPECT_EQ(summary.by_metric[0].over_threshold, 0);
  // m2: only c has a prediction: 0.50, above 35%; d is counted apart.
  EXPECT_EQ(summary.by_metric[1].rows, 1);
  EXPECT_EQ(summary.by_metric[1].unpredicted, 1);
  EXPECT_NEAR(summary.by_metric[1].mape, 0.50, 1e-12);
  EXPECT_EQ(summary.by_metric[1].over_threshold, 1);
  // S1: (0.10 + 0.50) / 2 = 0.30; S2: 0.25.
  ASSERT_EQ(summary.by_source.size(), 2U);
  EXPECT_EQ(summary.by_source[0].name, "S1");
  EXPECT_NEAR(summary.by_source[0].mape, 0.30, 1e-12);
  EXPECT_NEAR(summary.by_source[1].mape, 0.25, 1e-12);
  // All: (0.10 + 0.25 + 0.50) / 3 = 0.2833…, one of three above 35%.
  EXPECT_EQ(summary.overall.rows, 3);
  EXPECT_EQ(summary.overall.unpredicted, 1);
  EXPECT_NEAR(summary.overall.mape, 0.85 / 3.0, 1e-12);
  EXPECT_EQ(summary.overall.over_threshold, 1);
}

TEST(ValidationReport, SpeedErrorReadsEveryKeyAsASpeed) {
  // A step time 10% long is a speed 1/1.1 − 1 = −9.09% (predicted slow); a throughput 10% high is
  // +10% (predicted fast).
  EXPECT_NEAR(speed_error(CompareKey::step_time_s, 0.10), -0.0909090909, 1e-9);
  EXPECT_DOUBLE_EQ(speed_error(CompareKey::tokens_per_s_per_gpu, 0.10), 0.10);
  EXPECT_DOUBLE_EQ(speed_error(CompareKey::mfu, -0.20), -0.20);
}

TEST(ValidationReport, BiasIsTheMedianSignedSpeedError) {
  // Speeds of the four rows (all step times): a 110 vs 100 → 1/1.1 − 1 = −0.0909;
  // b 60 vs 80 → 80/60 − 1 = +0.3333; c 150 vs 100 → −0.3333; d none.
  // Median −0.0909, mean (−0.0909 + 0.3333 − 0.3333)/3 = −0.0303, one of three predicted fast.
  const ValidationSummary summary = summarize(four_rows());
  EXPECT_NEAR(summary.overall.median_speed_error, -1.0 / 11.0, 1e-12);
  EXPECT_NEAR(summary.overall.mean_speed_error, -1.0 / 33.0, 1e-12);
  EXPECT_EQ(summary.overall.faster, 1);
  // S2 holds b alone: +1/3, predicted fast; the median of an even count is the mean of the middle two
  // (m1: a and b → (−1/11 + 1/3)/2).
  EXPECT_NEAR(summary.by_source[1].median_speed_error, 1.0 / 3.0, 1e-12);
  EXPECT_NEAR(summary.by_metric[0].median_speed_error, (-1.0 / 11.0 + 1.0 / 3.0) / 2.0, 1e-12);
}

TEST(ValidationReport, FeaturesNameWhatTheJobIs) {
  Job job;
  job.model.moe = MoeSpec{};
  job.cluster.gpus = 1024;
  job.cluster.gpu.architecture = "hopper";
  job.parallelism.precision = Precision::fp8;
  job.parallelism.tp = 2;
  job.parallelism.pp = 4;
  job.parallelism.cp = 2;
  job.parallelism.zero = 3;
  EXPECT_THAT(job_features(job), ::testing::ElementsAre("moe", "fp8", "tensor parallel", "pipeline", "context parallel",
                                                        "ZeRO-3", "1,000+ GPUs", "hopper"));
  Job small;
  small.cluster.gpus = 999;
  small.cluster.gpu.architecture = "ampere";
  EXPECT_THAT(job_features(small), ::testing::ElementsAre("dense", "16-bit", "ampere"));
}

TEST(ValidationReport, RowsCountInEachOfTheirFeatureGroupsInAFixedOrder) {
  std::vector<Comparison> rows = four_rows();
  rows[0].features = {"moe", "fp8"};  // a: speed −1/11
  rows[1].features = {"dense"};       // b: +1/3
  rows[2].features = {"moe"};         // c: −1/3
  const ValidationSummary summary = summarize(rows);
  ASSERT_EQ(summary.by_feature.size(), 3U);
  EXPECT_EQ(summary.by_feature[0].name, "dense");  // job_features' order, not the rows'
  EXPECT_EQ(summary.by_feature[1].name, "moe");
  EXPECT_EQ(summary.by_feature[1].rows, 2);
  EXPECT_NEAR(summary.by_feature[1].mape, (0.10 + 0.50) / 2.0, 1e-12);
  EXPECT_EQ(summary.by_feature[2].name, "fp8");
  EXPECT_EQ(summary.by_feature[2].rows, 1);
}

TEST(ValidationReport, OffMeansStrictlyAboveTheThreshold) {
  // 135 vs 100 is exactly 35% off: not counted; 136 is.
  const auto summary = summarize({row("x", "m", "S", 135.0, 100.0), row("y", "m", "S", 136.0, 100.0)}, 0.35);
  EXPECT_EQ(summary.overall.over_threshold, 1);
  EXPECT_DOUBLE_EQ(summary.threshold, 0.35);
}

TEST(ValidationReport, KeysReadTheEstimateInTheirOwnUnits) {
  Job job;
  job.cluster.gpus = 8;
  StepEstimate estimate;
  estimate.step_time = Seconds(2.5);
  estimate.tokens_per_s = 80000.0;
  estimate.model_flops_per_gpu = FlopsPerSecond(4.0e14);
  estimate.hardware_flops_per_gpu = FlopsPerSecond(5.0e14);
  estimate.mfu = 0.40;
  estimate.hfu = 0.50;
  EXPECT_DOUBLE_EQ(predicted_value(CompareKey::step_time_s, job, estimate), 2.5);
  EXPECT_DOUBLE_EQ(predicted_value(CompareKey::tokens_per_s, job, estimate), 80000.0);
  EXPECT_DOUBLE_EQ(predicted_value(CompareKey::tokens_per_s_per_gpu, job, estimate), 10000.0);  // 80,000 / 8
  EXPECT_DOUBLE_EQ(predicted_value(CompareKey::model_tflops_per_gpu, job, estimate), 400.0);
  EXPECT_DOUBLE_EQ(predicted_value(CompareKey::hardware_tflops_per_gpu, job, estimate), 500.0);
  EXPECT_DOUBLE_EQ(predicted_value(CompareKey::mfu, job, estimate), 0.40);
  EXPECT_DOUBLE_EQ(predicted_value(CompareKey::hfu, job, estimate), 0.50);
}

TEST(ValidationReport, PublishedUnitsMustFitTheKey) {
  EXPECT_DOUBLE_EQ(*key_units_per_published_unit(CompareKey::mfu, "%"), 0.01);  // 44% is 0.44
  EXPECT_DOUBLE_EQ(*key_units_per_published_unit(CompareKey::step_time_s, "s"), 1.0);
  EXPECT_DOUBLE_EQ(*key_units_per_published_unit(CompareKey::tokens_per_s_per_gpu, "tokens/s/GPU"), 1.0);
  EXPECT_FALSE(key_units_per_published_unit(CompareKey::mfu, "TFLOP/s/GPU").has_value());
  EXPECT_FALSE(key_units_per_published_unit(CompareKey::tokens_per_s, "tokens/s/GPU").has_value());
}

TEST(ValidationReport, EveryKeyNameRoundTrips) {
  const std::vector<std::string> names = compare_key_names();
  EXPECT_EQ(names.size(),
            8U);  // step time, tokens/s (total, per GPU), model (full, causal) and hardware TFLOP/s, MFU, HFU
  for (const std::string& name : names) {
    const auto key = compare_key_from_string(name);
    ASSERT_TRUE(key.has_value()) << name;
    EXPECT_EQ(to_string(*key), name);
  }
  EXPECT_FALSE(compare_key_from_string("MFU").has_value());
}

TEST(ValidationReport, TableEndsWithTheOverallLine) {
  const auto rows = four_rows();
  const std::string table = validation_table(rows, summarize(rows));
  EXPECT_THAT(table, HasSubstr("+10.0%"));
  EXPECT_THAT(table, HasSubstr("-25.0%"));
  EXPECT_THAT(table, HasSubstr("4 rows: MAPE 28.3%; 1 of 3 off by more than 35% (33%); 1 without a prediction; "
                               "speed bias -9.1% (median), 33% predicted fast"));
}

TEST(ValidationReport, JsonHasNullWhereThereIsNoPrediction) {
  const auto rows = four_rows();
  const nlohmann::json out = validation_json(rows, summarize(rows));
  ASSERT_EQ(out["rows"].size(), 4U);
  EXPECT_DOUBLE_EQ(out["rows"][1]["error"].get<double>(), -0.25);
  EXPECT_TRUE(out["rows"][3]["predicted"].is_null());
  EXPECT_TRUE(out["rows"][3]["error"].is_null());
  EXPECT_NEAR(out["overall"]["mape"].get<double>(), 0.85 / 3.0, 1e-12);
  EXPECT_NEAR(out["overall"]["share_over_threshold"].get<double>(), 1.0 / 3.0, 1e-12);
  EXPECT_EQ(out["by_source"][1]["source"], "S2");
  EXPECT_NEAR(out["overall"]["median_speed_error"].get<double>(), -1.0 / 11.0, 1e-12);
  EXPECT_NEAR(out["rows"][1]["speed_error"].get<double>(), 1.0 / 3.0, 1e-12);
  EXPECT_TRUE(out["rows"][3]["speed_error"].is_null());
}

}  // namespace
}  // namespace gigasim
