// Pass orders of 1F1B and interleaved 1F1B, written out by hand from the schedule's rules
// (Narayanan et al. 2021 Fig. 4; Megatron-LM schedules.py).
#include "sim/pipeline_schedule.hpp"

#include <string>

#include <gtest/gtest.h>

namespace gigasim {
namespace {

// "F0" forward of micro-batch 0, "B2.1" backward of micro-batch 2 on chunk 1 (chunk shown when v > 1).
std::string written(const std::vector<PipelinePass>& order, bool chunks) {
  std::string out;
  for (const PipelinePass& pass : order) {
    if (!out.empty()) out += ' ';
    out += (pass.forward ? "F" : "B") + std::to_string(pass.micro_batch);
    if (chunks) out += "." + std::to_string(pass.chunk);
  }
  return out;
}

TEST(PipelineSchedule, OneFOneBWarmsUpByTheStagesBelow) {
  // 4 stages, 6 micro-batches. Rank 0 warms up with 3 forwards; the last rank alternates at once.
  EXPECT_EQ(written(pipeline_order(0, 4, 1, 6), false), "F0 F1 F2 F3 B0 F4 B1 F5 B2 B3 B4 B5");
  EXPECT_EQ(written(pipeline_order(3, 4, 1, 6), false), "F0 B0 F1 B1 F2 B2 F3 B3 F4 B4 F5 B5");
}

TEST(PipelineSchedule, FewerMicroBatchesThanStagesIsAllWarmUp) {
  EXPECT_EQ(written(pipeline_order(0, 4, 1, 2), false), "F0 F1 B0 B1");
}

TEST(PipelineSchedule, InterleavedRunsGroupsOfPThroughEachChunk) {
  // 2 stages, 2 chunks, 4 micro-batches. Rank 0 warm-up: 2·(2−0−1) + (2−1)·2 = 4 forwards, in
  // groups of 2: F0.0 F1.0 F0.1 F1.1; backwards start on the last chunk: B0.1 B1.1 B0.0 B1.0 B2.1 …
  EXPECT_EQ(written(pipeline_order(0, 2, 2, 4), true),
            "F0.0 F1.0 F0.1 F1.1 F2.0 B0.1 F3.0 B1.1 F2.1 B0.0 F3.1 B1.0 B2.1 B3.1 B2.0 B3.0");
  // Rank 1: warm-up 0 + 2 = 2 forwards.
  EXPECT_EQ(written(pipeline_order(1, 2, 2, 4), true),
            "F0.0 F1.0 F0.1 B0.1 F1.1 B1.1 F2.0 B0.0 F3.0 B1.0 F2.1 B2.1 F3.1 B3.1 B2.0 B3.0");
}

}  // namespace
}  // namespace gigasim
