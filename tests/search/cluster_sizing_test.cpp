// Cluster sizing against a scan of every node count: the fewest GPUs whose best layout trains the
// tokens by the deadline, found by doubling then bisecting, must be the one the scan finds.
#include <gtest/gtest.h>

#include "search/cluster_sizing.hpp"
#include "search_test_support.hpp"

namespace gigasim {
namespace {

constexpr std::string_view kJob = R"(model: llama3-8b
cluster: { gpu: h100-sxm, gpus: 8 }
parallelism: { tp: [2, 4, 8], pp: [1, 2], zero: [1, 3], global_batch: 1024, seq_len: 4096 }
training: { tokens: 2e11 }
)";

double best_days_at(const SearchJob& job, int gpus) {
  SearchJob sized = job;
  sized.base.cluster.gpus = gpus;
  const SearchResult result = search_layouts(sized, testing::options(1));
  return result.best.empty() ? 1e300 : *result.best.front().estimate.time_to_train_days;
}

TEST(ClusterSizing, FindsTheFewestNodesAScanFinds) {
  const SearchJob job = testing::search_job(kJob);
  // Deadline: the time 11 nodes take, so 11 or fewer nodes meet it.
  const double deadline = best_days_at(job, 11 * 8);
  int scanned = 0;
  for (int nodes = 1; nodes <= 16 && scanned == 0; ++nodes)
    if (best_days_at(job, nodes * 8) <= deadline) scanned = nodes;
  ASSERT_GT(scanned, 0);

  const SizingResult sizing = size_cluster(job, deadline, testing::options(1));
  ASSERT_TRUE(sizing.answer.has_value());
  const SizingPoint& answer = sizing.curve[*sizing.answer];
  EXPECT_EQ(answer.gpus, scanned * 8);
  EXPECT_LE(answer.days(), deadline);
  // The curve is in GPU order and holds the doublings walked: 8, 16, 32, 64, 128 GPUs at least.
  for (std::size_t i = 1; i < sizing.curve.size(); ++i) EXPECT_LT(sizing.curve[i - 1].gpus, sizing.curve[i].gpus);
  EXPECT_EQ(sizing.curve.front().gpus, 8);
}

TEST(ClusterSizing, ADeadlineNoSizeMeetsHasNoAnswer) {
  // One day for 200B tokens of an 8B model would need far more GPUs than a 1,024-sequence batch
  // can spread over (dp·tp·pp ≤ 1,024 · 16).
  const SizingResult sizing = size_cluster(testing::search_job(kJob), 0.01, testing::options(1));
  EXPECT_FALSE(sizing.answer.has_value());
  EXPECT_FALSE(sizing.curve.empty());
}

}  // namespace
}  // namespace gigasim
