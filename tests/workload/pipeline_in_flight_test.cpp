// Micro-batches (model chunks) whose activations a pipeline stage holds at its peak.
// 1F1B (Narayanan et al. 2021 §2.2.1): stage s of p runs p − s forwards before its first backward,
// so it holds p − s micro-batches, or all m of them when there are fewer.
// Interleaved 1F1B with v chunks per stage: Megatron-LM's warm-up is 2·(p − s − 1) + (v − 1)·p forward
// chunks, plus the one in flight; on stage 0 that is 2p − 1 + (v − 1)·p = v·p + p − 1 chunks, i.e.
// (v·p + p − 1)/v = p·(1 + (p − 1)/(p·v)) stages' worth of layers (Korthikanti et al. 2022 §4.2.3).

#include <gtest/gtest.h>

#include "workload/memory.hpp"

namespace gigasim {
namespace {

Parallelism pipeline(int pp, int vpp, int micro_batches) {
  Parallelism p;
  p.pp = pp;
  p.vpp = vpp;
  p.dp = 2;
  p.micro_batch = 2;
  p.global_batch = micro_batches * p.dp * p.micro_batch;
  p.seq_len = 2048;
  return p;
}

TEST(PipelineInFlight, OneFOneBHoldsPpMinusStage) {
  const Parallelism p = pipeline(8, 1, 64);
  ASSERT_EQ(p.micro_batches_per_step(), 64);
  for (int stage = 0; stage < 8; ++stage) EXPECT_DOUBLE_EQ(chunks_in_flight(p, stage), 8.0 - stage) << stage;
}

TEST(PipelineInFlight, OneFOneBIsCappedByMicroBatches) {
  // m = 3 on 8 stages: stages 0..5 hold all 3, stage 6 holds 2, stage 7 holds 1.
  const Parallelism p = pipeline(8, 1, 3);
  const double expected[] = {3, 3, 3, 3, 3, 3, 2, 1};
  for (int stage = 0; stage < 8; ++stage) EXPECT_DOUBLE_EQ(chunks_in_flight(p, stage), expected[stage]) << stage;
}

TEST(PipelineInFlight, InterleavedFollowsMegatronWarmup) {
  // p = 4, v = 2: 2·(3 − s) + 4 + 1 → 11, 9, 7, 5 chunks.
  const Parallelism p = pipeline(4, 2, 16);
  const double expected[] = {11, 9, 7, 5};
  for (int stage = 0; stage < 4; ++stage) EXPECT_DOUBLE_EQ(chunks_in_flight(p, stage), expected[stage]) << stage;
}

TEST(PipelineInFlight, InterleavedIsCappedByAllChunksOfTheStep) {
  // m = 2 micro-batches of v = 2 chunks: at most 4 chunks exist, whatever the warm-up says (11 on stage 0).
  const Parallelism p = pipeline(4, 2, 2);
  EXPECT_DOUBLE_EQ(chunks_in_flight(p, 0), 4.0);
  EXPECT_DOUBLE_EQ(chunks_in_flight(p, 3), 4.0);  // warm-up 5, capped at 4
}

TEST(PipelineInFlight, InterleavedFirstStageMatchesKorthikanti) {
  // p = 4, v = 2 by hand: 11 chunks / 2 = 5.5 stages' worth = 4·(1 + 3/8).
  EXPECT_DOUBLE_EQ(chunks_in_flight(pipeline(4, 2, 64), 0) / 2.0, 5.5);
  for (const int pp : {2, 4, 8, 16}) {
    for (const int vpp : {2, 3, 4, 8}) {
      const double korthikanti = pp * (1.0 + (pp - 1.0) / (double(pp) * vpp));
      EXPECT_NEAR(chunks_in_flight(pipeline(pp, vpp, 256), 0) / vpp, korthikanti, 1e-12) << pp << "×" << vpp;
    }
  }
}

TEST(PipelineInFlight, InterleavedWithOneChunkIsOneFOneB) {
  // v = 1 in the interleaved count gives 2·(p − s − 1) + 1, not p − s: the 1F1B branch must be taken.
  const Parallelism p = pipeline(4, 1, 16);
  EXPECT_DOUBLE_EQ(chunks_in_flight(p, 0), 4.0);
  EXPECT_DOUBLE_EQ(chunks_in_flight(p, 2), 2.0);
}

}  // namespace
}  // namespace gigasim
