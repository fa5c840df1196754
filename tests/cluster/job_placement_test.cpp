// Where the jobs of a cluster file land (issue 6), by policy, worked out on 8 nodes in 2 pods.
#include "cluster/job_placement.hpp"

#include <gtest/gtest.h>

namespace gigasim {
namespace {

// 8 nodes of 8 GPUs; pods of 4 nodes (the tier below the top spans 32 GPUs).
Topology eight_nodes() {
  Topology topology;
  topology.gpus_per_node = 8;
  for (const int span : {8, 32, 64}) {
    NetworkTier tier;
    tier.span_gpus = span;
    topology.tiers.push_back(tier);
  }
  return topology;
}

ClusterFile file_with(std::vector<std::pair<PlacementPolicy, int>> jobs) {
  ClusterFile file;
  file.cluster.gpus = 64;
  for (const auto& [policy, gpus] : jobs) {
    ClusterJob job;
    job.name = "job" + std::to_string(file.jobs.size());
    job.placement = policy;
    job.job.cluster.gpus = gpus;
    file.jobs.push_back(job);
  }
  return file;
}

TEST(JobPlacement, ContiguousFillsNodesInOrder) {
  const auto placed =
      place_jobs(file_with({{PlacementPolicy::contiguous, 16}, {PlacementPolicy::contiguous, 24}}), eight_nodes());
  ASSERT_TRUE(placed);
  EXPECT_EQ(placed.value()[0], (std::vector<int>{0, 1}));
  EXPECT_EQ(placed.value()[1], (std::vector<int>{2, 3, 4}));
}

TEST(JobPlacement, SpreadTakesOneNodeFromEachPodInTurn) {
  const auto placed = place_jobs(file_with({{PlacementPolicy::spread, 32}}), eight_nodes());
  ASSERT_TRUE(placed);
  EXPECT_EQ(placed.value()[0], (std::vector<int>{0, 1, 4, 5}));  // pod 0, pod 1, pod 0, pod 1
}

TEST(JobPlacement, RandomIsSeededAndAvoidsTakenNodes) {
  ClusterFile file = file_with({{PlacementPolicy::nodes, 16}, {PlacementPolicy::random, 24}});
  file.jobs[0].node_ranges = {{2, 3}};
  const auto a = place_jobs(file, eight_nodes());
  const auto b = place_jobs(file, eight_nodes());
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a.value(), b.value());
  EXPECT_EQ(a.value()[1].size(), 3U);
  for (const int node : a.value()[1]) EXPECT_TRUE(node != 2 && node != 3);
}

TEST(JobPlacement, TooFewFreeNodesOrOverlappingRangesAreLocatedErrors) {
  const auto full =
      place_jobs(file_with({{PlacementPolicy::contiguous, 48}, {PlacementPolicy::spread, 24}}), eight_nodes());
  ASSERT_FALSE(full);
  EXPECT_EQ(full.error().front().field, "jobs[1]");
  ClusterFile overlap = file_with({{PlacementPolicy::nodes, 16}, {PlacementPolicy::nodes, 16}});
  overlap.jobs[0].node_ranges = {{0, 1}};
  overlap.jobs[1].node_ranges = {{1, 2}};
  const auto clash = place_jobs(overlap, eight_nodes());
  ASSERT_FALSE(clash);
  EXPECT_NE(clash.error().front().problem.find("another job holds"), std::string::npos);
}

}  // namespace
}  // namespace gigasim
