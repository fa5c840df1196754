// A sweep point computed as its command would: the same answer as `gigasim estimate --json`, the
// parser's message without a place (points are texts no one has seen), and outputs found by
// dotted paths into the answer.
#include "sweep/sweep_point.hpp"

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

namespace gigasim {
namespace {

// A sweep computes estimate and search points from the YAML tree; the CLI reads text. Both must
// give the same answer or the same message for every point, the invalid ones included.
TEST(SweepPoint, FromTheTreeAsFromTheText) {
  const SweepSpec spec = parse_sweep(
                             "job: j.yaml\naxes:\n  cluster.gpus: [8, 12, 16]\n  parallelism.tp: [1, 3, 16]\n"
                             "  parallelism.pp: [1, 2]\n  parallelism.recompute: [none, full, most]\n",
                             "s.yaml")
                             .value();
  const auto points = SweepPoints::make(spec, kJob, "j.yaml").value();
  std::size_t failed = 0;
  for (std::uint64_t point = 0; point < spec.points(); ++point) {
    const PointOutcome from_text = compute_point(spec, points.text(point), catalog());
    const PointOutcome from_tree = compute_point(spec, points, point, catalog());
    EXPECT_EQ(from_tree.answer, from_text.answer) << point;
    EXPECT_EQ(from_tree.error, from_text.error) << point;
    failed += from_text.error ? 1 : 0;
  }
  // 3 × 3 × 2 × 3 = 54 points; every 'most' row, every tp 3 or 16 row and 12 GPUs at tp 1 with
  // pp 2 fail, so both paths are compared on answers and on messages.
  EXPECT_GT(failed, 18U);
  EXPECT_LT(failed, spec.points());
}

}  // namespace
}  // namespace gigasim
