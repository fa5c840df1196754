// A sweep point computed as its command would: the same answer as `gigasim estimate --json`, the
// parser's message without a place (points are texts no one has seen), and outputs found by
// dotted paths into the answer.
#include "app/sweep_point.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "app/input_files.hpp"
#include "perf/step_estimate.hpp"
#include "report/estimate_json.hpp"
#include "spec/job_parse.hpp"

namespace gigasim {
namespace {

using ::testing::StartsWith;

const Catalog& catalog() {
  static const Catalog loaded = load_catalog({}).value();
  return loaded;
}

SweepSpec estimate_sweep() {
  return parse_sweep("job: j.yaml\naxes: { parallelism.tp: [1, 3] }\n", "s.yaml").value();
}

constexpr const char* kJob =
    "model: llama3-8b\ncluster: { gpu: h100-sxm, gpus: 8 }\nparallelism: { tp: 2, global_batch: 64 }\n";

TEST(SweepPoint, AnEstimateIsTheCommandsAnswer) {
  const PointOutcome outcome = compute_point(estimate_sweep(), kJob, catalog());
  ASSERT_FALSE(outcome.error) << *outcome.error;
  const Job job = parse_job(kJob, "job.yaml", catalog()).value();
  EXPECT_EQ(outcome.answer, estimate_json(job, estimate_step(job)));
}

TEST(SweepPoint, AProblemIsWordedAsTheCliWithoutAPlace) {
  const PointOutcome outcome = compute_point(
      estimate_sweep(),
      "model: llama3-8b\ncluster: { gpu: h100-sxm, gpus: 8 }\nparallelism: { tp: 3, global_batch: 64 }\n", catalog());
  ASSERT_TRUE(outcome.error);
  // 8 GPUs at tp 3: the CLI's "job.yaml:3:…: cluster.gpus: 8 GPUs do not split …", less the place.
  EXPECT_THAT(*outcome.error,
              StartsWith("cluster.gpus: 8 GPUs do not split into data-parallel copies of tp·pp·cp = 3"));
  EXPECT_TRUE(outcome.answer.is_null());
}

TEST(SweepPoint, OutputsAreFoundByDottedPaths) {
  const nlohmann::json answer = {
      {"power", {{"facility_mw", 129.3}}}, {"results", {{{"mfu", 0.4}}}}, {"time_to_train_days", nullptr}};
  EXPECT_EQ(value_at(answer, "power.facility_mw"), nlohmann::json(129.3));
  EXPECT_EQ(value_at(answer, "results.0.mfu"), nlohmann::json(0.4));
  EXPECT_EQ(value_at(answer, "time_to_train_days"), nlohmann::json(nullptr));  // there, and null
  EXPECT_FALSE(value_at(answer, "results.1.mfu"));                             // not there
  EXPECT_FALSE(value_at(answer, "power.facility_mww"));
  EXPECT_FALSE(value_at(answer, "results.x"));
}

}  // namespace
}  // namespace gigasim
