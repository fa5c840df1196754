// The `stragglers:` section of a job file (read only by the event simulator): what it accepts, and
// a located message for each mistake.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "spec_test_support.hpp"

namespace gigasim {
namespace {

using testing::expect_place;
using ::testing::HasSubstr;
using testing::only_problem;

constexpr const char* kJob = R"(model: llama3-8b
cluster: { gpu: h100-sxm, gpus: 64 }
parallelism: { tp: 8, global_batch: 64 }
)";

TEST(StragglersParse, AFractionAndAUniformRange) {
  const Job job = testing::parse_ok(std::string(kJob) +
                                    "stragglers: { fraction: 0.01, slowdown: 0.1, slowdown_max: 0.3, seed: 9 }\n");
  EXPECT_DOUBLE_EQ(job.stragglers.fraction, 0.01);
  EXPECT_DOUBLE_EQ(job.stragglers.slowdown, 0.1);
  EXPECT_DOUBLE_EQ(job.stragglers.slowdown_max, 0.3);
  EXPECT_EQ(job.stragglers.seed, 9);
  EXPECT_TRUE(job.stragglers.any());
}

TEST(StragglersParse, LeftOutMeansNone) {
  EXPECT_FALSE(testing::parse_ok(kJob).stragglers.any());
}

TEST(StragglersParse, AGpuPastTheClusterIsNamedWithItsRange) {
  const Diagnostic problem = only_problem(std::string(kJob) + "stragglers: { gpus: [3, 64], slowdown: 0.2 }\n");
  EXPECT_EQ(problem.field, "stragglers.gpus");
  expect_place(problem, 4, 21);  // the list
  EXPECT_THAT(problem.problem, HasSubstr("'64'"));
}

TEST(StragglersParse, ASlowdownIsRequired) {
  const Diagnostic problem = only_problem(std::string(kJob) + "stragglers: { gpus: [3] }\n");
  EXPECT_EQ(problem.field, "stragglers.slowdown");
  EXPECT_THAT(problem.fix, HasSubstr("slowdown: 0.2"));
}

TEST(StragglersParse, TheTopOfTheRangeIsAboveItsBottom) {
  const Diagnostic problem =
      only_problem(std::string(kJob) + "stragglers: { fraction: 0.1, slowdown: 0.3, slowdown_max: 0.1 }\n");
  EXPECT_EQ(problem.field, "stragglers.slowdown_max");
  EXPECT_THAT(problem.problem, HasSubstr("below slowdown"));
}

TEST(StragglersParse, NoGpuNamedIsAnError) {
  const Diagnostic problem = only_problem(std::string(kJob) + "stragglers: { slowdown: 0.3 }\n");
  EXPECT_EQ(problem.field, "stragglers.fraction");
  EXPECT_THAT(problem.fix, HasSubstr("gpus:"));
}

}  // namespace
}  // namespace gigasim
