// Several jobs on one fabric (issue 6): jobs apart run as alone; jobs whose data-parallel rings
// cross the same oversubscribed spine links share them, as worked out by hand; a link fault slows
// the traffic through it and keeps every byte.
#include <algorithm>
#include <array>
#include <cmath>

#include <gtest/gtest.h>

#include "../workload/test_jobs.hpp"
#include "cluster/topology.hpp"
#include "sim/link_faults.hpp"
#include "sim/step_sim.hpp"

namespace gigasim {
namespace {

// Llama 3 8B, tp 8 · dp 2 on 2 nodes, ZeRO-0, one micro-batch: its step ends with all-reduces of
// gradient buckets over 2-rank rings, one ring per TP rank, each hop between the two nodes.
constexpr const char* kDataParallelJob =
    "model: llama3-8b\ncluster: { gpu: h100-sxm, gpus: 16 }\n"
    "parallelism: { tp: 8, zero: 0, micro_batch: 1, global_batch: 2, seq_len: 8192 }\n";

NetworkTier tier(const char* name, int span, double gb_per_s) {
  NetworkTier t;
  t.name = name;
  t.span_gpus = span;
  t.bandwidth = BytesPerSecond(gb_per_s * 1e9);
  t.latency = Seconds(1e-6);
  return t;
}

// 4 nodes of 8 GPUs, two nodes per 16-GPU leaf, a spine over the 2 leaves giving each GPU
// `spine_gb_per_s`: a leaf's spine uplink is 16 × that wide.
Topology four_nodes(double spine_gb_per_s) {
  Topology topology;
  topology.gpus_per_node = 8;
  topology.tiers = {tier("nvlink", 8, 400), tier("leaf", 16, 50), tier("spine", 32, spine_gb_per_s)};
  return topology;
}

Seconds reduce_time(const SimulatedStep& step) {
  Seconds total(0.0);
  for (const Activity& a : step.activities)
    if (a.kind == ActivityKind::dp_reduce) total += seconds_of(a.end - a.start);
  return total;
}

TEST(SharedStep, TwoJobsOnSeparateLeavesOfANonBlockingFabricRunAsAlone) {
  const auto job = test_jobs::parse(kDataParallelJob);
  ASSERT_TRUE(job);
  const Topology topology = four_nodes(50);
  const std::array<PlacedJob, 2> both{PlacedJob{&*job, {0, 1}}, PlacedJob{&*job, {2, 3}}};
  const SharedStep shared = simulate_shared(topology, 32, both);
  const SimulatedStep alone = simulate_shared(topology, 32, std::span(both).first(1)).jobs.front();
  EXPECT_EQ(shared.jobs[0].step.step_time.value(), alone.step.step_time.value());
  EXPECT_EQ(shared.jobs[1].step.step_time.value(), alone.step.step_time.value());
  EXPECT_TRUE(shared.collisions[0].with_jobs.empty());
}

TEST(SharedStep, AShortJobRepeatsItsStepWhileALongOneRuns) {
  // The same job with 8 micro-batches a step instead of 1 runs far longer; with the long job's
  // step as the horizon the short one steps again and again, ceil(long / short) times, each as
  // long as alone (separate leaves, nothing shared).
  const auto short_job = test_jobs::parse(kDataParallelJob);
  auto long_job = test_jobs::parse(kDataParallelJob);
  ASSERT_TRUE(short_job && long_job);
  long_job->parallelism.global_batch = 16;
  const Topology topology = four_nodes(50);
  const std::array<PlacedJob, 2> both{PlacedJob{&*long_job, {0, 1}}, PlacedJob{&*short_job, {2, 3}}};
  const Seconds long_alone = simulate_shared(topology, 32, std::span(both).first(1)).jobs.front().step.step_time;
  const Seconds short_alone = simulate_shared(topology, 32, std::span(both).last(1)).jobs.front().step.step_time;
  const SharedStep shared = simulate_shared(topology, 32, both, {}, {}, long_alone);
  EXPECT_EQ(shared.steps_run[0], 1);
  EXPECT_EQ(shared.steps_run[1], static_cast<int>(std::ceil(long_alone / short_alone)));
  EXPECT_GT(shared.steps_run[1], 4);
  EXPECT_NEAR(shared.mean_step_time[1] / short_alone, 1.0, 1e-9);
}

TEST(SharedStep, TwoDataParallelJobsAcrossOneOversubscribedSpineShareItByHand) {
  // Spine at 50/16 GB/s per GPU: a leaf's uplink is 16 × 50/16 = 50 GB/s. Job A on nodes 0 and 2,
  // job B on nodes 1 and 3: each job's 8 rings cross from leaf 0 to leaf 1 and back. Alone, 8
  // flows share the 50 GB/s uplink (6.25 GB/s each, below the 50 GB/s NICs); together 16 flows
  // do (3.125 GB/s): every bucket's all-reduce takes twice as long, latency aside (µs of ms).
  const auto job = test_jobs::parse(kDataParallelJob);
  ASSERT_TRUE(job);
  const Topology topology = four_nodes(50.0 / 16.0);
  const std::array<PlacedJob, 2> both{PlacedJob{&*job, {0, 2}}, PlacedJob{&*job, {1, 3}}};
  const SharedStep shared = simulate_shared(topology, 32, both);
  const SimulatedStep alone = simulate_shared(topology, 32, std::span(both).first(1)).jobs.front();
  EXPECT_NEAR(reduce_time(shared.jobs[0]) / reduce_time(alone), 2.0, 0.01);
  EXPECT_NEAR(reduce_time(shared.jobs[1]) / reduce_time(alone), 2.0, 0.01);
  EXPECT_EQ(shared.collisions[0].with_jobs, std::vector<int>{1});
  EXPECT_EQ(shared.collisions[0].shared_links_by_tier[2], 4);  // both leaves' spine uplinks and downlinks
  EXPECT_GT(shared.jobs[0].step.step_time, alone.step.step_time);
}

TEST(SharedStep, ALinkDownSlowsTheRingThroughItAndEveryByteStillArrives) {
  // Spine at 12.5 GB/s per GPU: a leaf's uplink is 16 × 12.5 = 200 GB/s, four 50 GB/s links. One
  // physical link down leaves its collapsed link 3/4 of its capacity: 8 flows at 18.75 instead of
  // 25 GB/s, so the ring (which ends with its slowest hop) takes 4/3 as long; the bytes the spine
  // carries do not change.
  const auto job = test_jobs::parse(kDataParallelJob);
  ASSERT_TRUE(job);
  const Topology topology = four_nodes(12.5);
  LinkFault fault;
  fault.tier = "spine";
  fault.count = 1;
  const auto plan = plan_link_faults({fault}, topology, 32, BytesPerSecond(50e9));
  ASSERT_TRUE(plan);
  ASSERT_EQ(plan.value().cuts.size(), 1U);
  EXPECT_DOUBLE_EQ(plan.value().cuts[0].capacity_left, 0.75);
  const std::array<PlacedJob, 1> one{PlacedJob{&*job, {0, 2}}};
  const SharedStep whole = simulate_shared(topology, 32, one);
  const SharedStep faulty = simulate_shared(topology, 32, one, {}, [&](const FabricGraph& fabric, FlowNetwork& net) {
    apply_link_cuts(plan.value(), fabric, net);
  });
  EXPECT_NEAR(reduce_time(faulty.jobs[0]) / reduce_time(whole.jobs[0]), 4.0 / 3.0, 0.01);
  EXPECT_NEAR(faulty.link_utilisation[2].bytes / whole.link_utilisation[2].bytes, 1.0, 1e-9);
}

TEST(SharedStep, ASwitchDownTakesOneLinkOfEveryBlockUnderIt) {
  // Spine at 12.5 GB/s per GPU: each leaf's uplink and downlink are 4 physical links, one to each
  // of the 4 spine switches over both leaves. One switch down leaves every one of the 4 collapsed
  // links 3/4; link id 0 is leaf 0's uplink, physical link 0: only that one.
  LinkFault fault;
  fault.tier = "spine";
  fault.kind = FaultKind::switch_;
  fault.count = 1;
  const auto plan = plan_link_faults({fault}, four_nodes(12.5), 32, BytesPerSecond(50e9));
  ASSERT_TRUE(plan);
  ASSERT_EQ(plan.value().cuts.size(), 4U);
  for (const LinkCut& cut : plan.value().cuts) EXPECT_DOUBLE_EQ(cut.capacity_left, 0.75);
  EXPECT_EQ(plan.value().summary[0].physical_links, 4);  // switches

  LinkFault by_id;
  by_id.tier = "spine";
  by_id.ids = {0};
  const auto one = plan_link_faults({by_id}, four_nodes(12.5), 32, BytesPerSecond(50e9));
  ASSERT_TRUE(one);
  ASSERT_EQ(one.value().cuts.size(), 1U);
  EXPECT_EQ(one.value().cuts[0].block, 0);
  EXPECT_TRUE(one.value().cuts[0].up);
  by_id.ids = {16};  // 2 blocks × 2 directions × 4 links: 0 … 15
  EXPECT_FALSE(plan_link_faults({by_id}, four_nodes(12.5), 32, BytesPerSecond(50e9)));
}

TEST(SharedStep, FaultsThatCutABlockOffOrHitAGpusOwnLinkAreRefused) {
  // At 50/16 GB/s per GPU each leaf's spine uplink (and downlink) is one 50 GB/s link: 4 in all.
  // Four down cut both leaves off. A leaf link is a GPU's own NIC: not a fault of the fabric.
  LinkFault fault;
  fault.tier = "spine";
  fault.count = 4;
  EXPECT_FALSE(plan_link_faults({fault}, four_nodes(50.0 / 16.0), 32, BytesPerSecond(50e9)));
  fault.tier = "leaf";
  EXPECT_FALSE(plan_link_faults({fault}, four_nodes(50), 32, BytesPerSecond(50e9)));
}

}  // namespace
}  // namespace gigasim
