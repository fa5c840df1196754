// Cluster files (issue 6): a cluster, its jobs and its link faults, with a located message for
// each mistake.
#include "spec/cluster_file.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/builtin_catalog.hpp"

namespace gigasim {
namespace {

using test_support::builtin_catalog;
using ::testing::HasSubstr;

constexpr const char* kHead = "cluster: { gpu: h100-sxm, gpus: 64 }\njobs:\n";
constexpr const char* kJob = "model: llama3-8b, parallelism: { tp: 8, global_batch: 16, seq_len: 8192 }";

Result<ClusterFile, Diagnostics> parse(const std::string& text) {
  return parse_cluster_file(text, "cluster.yaml", builtin_catalog());
}

TEST(ClusterFile, JobsTakeTheClustersHardwareWithTheirOwnGpuCount) {
  const auto file = parse(std::string(kHead) + "  - { name: a, gpus: 32, placement: random, seed: 4, " + kJob +
                          " }\n  - { name: b, gpus: 16, nodes: [[6, 7]], " + kJob +
                          " }\nlink_faults:\n  - { tier: spine, fraction: 0.1, capacity: 0.5 }\n");
  ASSERT_TRUE(file) << format_diagnostic(file.error().front());
  ASSERT_EQ(file.value().jobs.size(), 2U);
  EXPECT_EQ(file.value().jobs[0].job.cluster.gpus, 32);
  EXPECT_EQ(file.value().jobs[0].job.cluster.gpu.name, "h100-sxm");
  EXPECT_EQ(file.value().jobs[0].job.parallelism.dp, 4);
  EXPECT_EQ(file.value().jobs[0].placement, PlacementPolicy::random);
  EXPECT_EQ(file.value().jobs[0].seed, 4);
  EXPECT_EQ(file.value().jobs[1].placement, PlacementPolicy::nodes);
  EXPECT_EQ(file.value().jobs[1].node_ranges, (std::vector<std::pair<int, int>>{{6, 7}}));
  ASSERT_EQ(file.value().link_faults.size(), 1U);
  EXPECT_DOUBLE_EQ(file.value().link_faults[0].capacity, 0.5);
  EXPECT_TRUE(is_cluster_file(std::string(kHead) + "  - { name: a }\n"));
  EXPECT_FALSE(is_cluster_file("model: llama3-8b\n"));
}

TEST(ClusterFile, AJobMistakeIsLocatedInTheClusterFile) {
  const auto file = parse(std::string(kHead) + "  - name: a\n    gpus: 16\n    model: llama3-8b\n" +
                          "    parallelism: { tp: 3, global_batch: 16 }\n");
  ASSERT_FALSE(file);
  EXPECT_EQ(file.error().front().field, "parallelism.tp");
  EXPECT_EQ(file.error().front().where.line, 6);
}

TEST(ClusterFile, EachEntryMistakeNamesItsField) {
  const auto whole_nodes = parse(std::string(kHead) + "  - { name: a, gpus: 12, " + kJob + " }\n");
  ASSERT_FALSE(whole_nodes);
  EXPECT_EQ(whole_nodes.error().front().field, "jobs[0].gpus");
  EXPECT_THAT(whole_nodes.error().front().fix, HasSubstr("multiple of 8"));

  const auto policy = parse(std::string(kHead) + "  - { name: a, gpus: 16, placement: packed, " + kJob + " }\n");
  ASSERT_FALSE(policy);
  EXPECT_EQ(policy.error().front().field, "jobs[0].placement");

  const auto twice =
      parse(std::string(kHead) + "  - { name: a, gpus: 16, " + kJob + " }\n  - { name: a, gpus: 16, " + kJob + " }\n");
  ASSERT_FALSE(twice);
  EXPECT_THAT(twice.error().front().problem, HasSubstr("names two jobs"));

  const auto own_cluster =
      parse(std::string(kHead) + "  - { name: a, gpus: 16, cluster: { gpu: b200, gpus: 16 }, " + kJob + " }\n");
  ASSERT_FALSE(own_cluster);
  EXPECT_EQ(own_cluster.error().front().field, "cluster");

  const auto fault =
      parse(std::string(kHead) + "  - { name: a, gpus: 16, " + kJob + " }\nlink_faults:\n  - { tier: spine }\n");
  ASSERT_FALSE(fault);
  EXPECT_THAT(fault.error().front().fix, HasSubstr("count:"));
}

TEST(ClusterFile, EveryExampleClusterParses) {
  // examples/cluster/bad-*.yaml are mistakes on purpose (goldens).
  int examples = 0;
  for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(GIGASIM_SOURCE_DIR) /
                                                                "examples" / "cluster")) {
    if (entry.path().extension() != ".yaml" || entry.path().filename().string().starts_with("bad-")) continue;
    ++examples;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    const auto file = parse_cluster_file(text.str(), entry.path().string(), builtin_catalog());
    EXPECT_TRUE(file) << entry.path() << (file ? "" : ": " + format_diagnostic(file.error().front()));
  }
  EXPECT_GE(examples, 3);
}

}  // namespace
}  // namespace gigasim
