// The search against an independent enumeration: every combination of a small space written out as
// its own job file, parsed and estimated one by one through the ordinary `estimate` path. The
// search must find the same feasible layouts, the same best one, and reject the rest.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "perf/step_estimate.hpp"
#include "search/layout_search.hpp"
#include "search_test_support.hpp"

namespace gigasim {
namespace {

constexpr std::string_view kSearched = R"(model: llama3-8b
cluster: { gpu: h100-sxm, gpus: 16 }
parallelism:
  tp: [1, 2, 4, 8, 16]
  pp: [1, 2, 3, 4]
  micro_batch: [1, 2]
  zero: auto
  recompute: [none, full]
  global_batch: 64
)";

struct Brute {
  std::size_t feasible = 0;
  std::size_t rejected = 0;
  double best_tokens_per_s = 0;
  std::string best;
};

Brute enumerate_by_hand() {
  Brute brute;
  for (const int tp : {1, 2, 4, 8, 16})
    for (const int pp : {1, 2, 3, 4})
      for (const int micro : {1, 2})
        for (const int zero : {0, 1, 2, 3})
          for (const char* recompute : {"none", "full"}) {
            const std::string text = fmt::format(
                "model: llama3-8b\ncluster: {{ gpu: h100-sxm, gpus: 16 }}\nparallelism: {{ tp: {}, pp: {}, "
                "micro_batch: {}, zero: {}, recompute: {}, global_batch: 64 }}\n",
                tp, pp, micro, zero, recompute);
            const auto job = parse_job(text, "one.yaml", test_support::builtin_catalog());
            if (!job) {
              ++brute.rejected;
              continue;
            }
            const StepEstimate estimate = estimate_step(job.value());
            if (!estimate.memory.fits()) {
              ++brute.rejected;
              continue;
            }
            ++brute.feasible;
            if (estimate.tokens_per_s > brute.best_tokens_per_s) {
              brute.best_tokens_per_s = estimate.tokens_per_s;
              brute.best = fmt::format("tp {} pp {} mb {} zero {} {}", tp, pp, micro, zero, recompute);
            }
          }
  return brute;
}

TEST(SearchBruteForce, FindsTheSameFeasibleLayoutsAndTheSameBest) {
  const Brute brute = enumerate_by_hand();
  ASSERT_GT(brute.feasible, 0U);
  ASSERT_GT(brute.rejected, 0U);  // tp 16 and pp 3 among others cannot run here

  const SearchResult result = search_layouts(testing::search_job(kSearched), testing::options(3));
  EXPECT_EQ(result.candidates, 5U * 4 * 2 * 4 * 2);
  EXPECT_EQ(result.evaluated, brute.feasible);
  std::size_t rejected = 0;
  for (const Rejections& entry : result.rejected) rejected += entry.count;
  EXPECT_EQ(rejected, brute.rejected);
  ASSERT_FALSE(result.best.empty());
  EXPECT_DOUBLE_EQ(result.best.front().estimate.tokens_per_s, brute.best_tokens_per_s) << brute.best;
  for (std::size_t i = 1; i < result.best.size(); ++i)
    EXPECT_GE(result.best[i - 1].estimate.tokens_per_s, result.best[i].estimate.tokens_per_s);
}

TEST(SearchBruteForce, SameResultWithOneAndTwoThreads) {
  const SearchJob job = testing::search_job(kSearched);
  const SearchResult one = search_layouts(job, testing::options(10, 1));
  const SearchResult two = search_layouts(job, testing::options(10, 2));
  ASSERT_EQ(one.best.size(), two.best.size());
  for (std::size_t i = 0; i < one.best.size(); ++i) {
    EXPECT_EQ(one.best[i].index, two.best[i].index);
    EXPECT_EQ(one.best[i].estimate.step_time, two.best[i].estimate.step_time);
  }
  ASSERT_EQ(one.rejected.size(), two.rejected.size());
  for (std::size_t i = 0; i < one.rejected.size(); ++i) {
    EXPECT_EQ(one.rejected[i].reason, two.rejected[i].reason);
    EXPECT_EQ(one.rejected[i].count, two.rejected[i].count);
    EXPECT_EQ(one.rejected[i].example, two.rejected[i].example);
  }
}

TEST(SearchBruteForce, CountsTheLayoutsFasterThanAReference) {
  // Against the best layout's own speed nothing is faster; against zero, every feasible layout is.
  const SearchJob job = testing::search_job(kSearched);
  SearchOptions options = testing::options(1);
  const SearchResult plain = search_layouts(job, options);
  ASSERT_FALSE(plain.best.empty());
  options.reference_tokens_per_s = plain.best.front().estimate.tokens_per_s;
  EXPECT_EQ(search_layouts(job, options).faster_than_reference, 0U);
  options.reference_tokens_per_s = 0.0;
  EXPECT_EQ(search_layouts(job, options).faster_than_reference, plain.evaluated);
}

TEST(SearchBruteForce, OpenSpaceAroundAJobSearchesEveryLayoutField) {
  // Llama 3 8B on 16 H100 (8 per node): tp 1-8 (4), pp 1-32 (32), vpp 1-8, cp 1-16 (5), ep 1,
  // ZeRO 0-3, micro-batch 1, 2, 4, three recompute modes.
  const auto job =
      parse_job("model: llama3-8b\ncluster: { gpu: h100-sxm, gpus: 16 }\nparallelism: { global_batch: 64 }\n",
                "job.yaml", test_support::builtin_catalog());
  ASSERT_TRUE(job.ok());
  const SearchResult result = search_layouts(open_layout_search(job.value()), testing::options(1));
  EXPECT_EQ(result.candidates, 4U * 32 * 8 * 5 * 1 * 4 * 3 * 3);
  EXPECT_GT(result.evaluated, 0U);
}

TEST(SearchDeadline, APassedDeadlineCutsTheSearchOffAndSaysSo) {
  const auto job =
      parse_job("model: llama3-8b\ncluster: { gpu: h100-sxm, gpus: 16 }\nparallelism: { global_batch: 64 }\n",
                "job.yaml", test_support::builtin_catalog());
  ASSERT_TRUE(job.ok());
  SearchOptions options = testing::options(2);
  options.limit.deadline = std::chrono::steady_clock::now() - std::chrono::seconds(1);
  const SearchResult cut = search_layouts(open_layout_search(job.value()), options);
  EXPECT_TRUE(cut.cut_off);
  EXPECT_EQ(cut.evaluated, 0U);  // every worker checks before its first chunk
  options.limit.deadline = std::chrono::steady_clock::now() + std::chrono::hours(1);
  const SearchResult whole = search_layouts(open_layout_search(job.value()), options);
  EXPECT_FALSE(whole.cut_off);
  EXPECT_GT(whole.evaluated, 0U);
}

}  // namespace
}  // namespace gigasim
