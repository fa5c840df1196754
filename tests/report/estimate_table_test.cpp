// The human table: what a user reads first when a job does not fit, and the number formats.
#include "report/estimate_table.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "perf/step_estimate.hpp"
#include "spec/job_parse.hpp"
#include "util/number_format.hpp"

namespace gigasim {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

Job parse(const char* text) {
  const auto catalog = load_builtin_catalog();
  auto job = parse_job(text, "job.yaml", catalog.value());
  EXPECT_TRUE(job.ok());
  return std::move(job).value();
}

TEST(EstimateTable, OverflowNamesTheLargestPartAndWhatShrinksIt) {
  // Llama 3 8B, 16,384 tokens per micro-batch with Megatron's selective recompute: about
  // 34·s·b·h = 34 · 16,384 · 4,096 B = 2.28 GB per layer × 32 layers ≈ 68 GiB of activations alone,
  // more than 80 GB once states are added, and larger than any other part.
  const Job job = parse(R"(model: llama3-8b
cluster: { gpu: h100-sxm, gpus: 8 }
parallelism: { zero: 3, recompute: selective, micro_batch: 2, global_batch: 16 }
)");
  const std::string table = estimate_table(job, estimate_compute_only(job));
  EXPECT_THAT(table, HasSubstr("DOES NOT FIT"));
  EXPECT_THAT(table, HasSubstr("largest part: activations"));
  EXPECT_THAT(table, HasSubstr("recompute: full"));
}

TEST(EstimateTable, FittingJobGivesNoAdvice) {
  const Job job = parse(R"(model: llama3-8b
cluster: { gpu: h100-sxm, gpus: 8 }
parallelism: { zero: 3, recompute: full, micro_batch: 1, global_batch: 16 }
)");
  const std::string table = estimate_table(job, estimate_compute_only(job));
  EXPECT_THAT(table, HasSubstr("fits ("));
  EXPECT_THAT(table, Not(HasSubstr("largest part")));
}

TEST(NumberFormat, CommasSuffixesAndDurations) {
  EXPECT_EQ(with_commas(16384), "16,384");
  EXPECT_EQ(with_commas(100000), "100,000");
  EXPECT_EQ(with_commas(999), "999");
  EXPECT_EQ(with_commas(-1234567), "-1,234,567");
  EXPECT_EQ(with_suffix(1.68e7), "16.8M");
  EXPECT_EQ(with_suffix(1.94e21), "1.94Z");
  EXPECT_EQ(with_suffix(512), "512");
  EXPECT_EQ(duration_text(0.0123), "12.3 ms");
  EXPECT_EQ(duration_text(9.2), "9.20 s");
  EXPECT_EQ(duration_text(2.5e-4), "250.0 us");
  EXPECT_EQ(duration_text(5400), "1.5 h");
}

}  // namespace
}  // namespace gigasim
