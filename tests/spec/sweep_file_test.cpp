// Sweep files: axes expand to values in order, points are numbered with the first axis slowest,
// each point's text is the base with its values set, and mistakes are located.
#include "spec/sweep_file.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace gigasim {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

SweepSpec parse(std::string_view text) {
  auto spec = parse_sweep(text, "sweep.yaml");
  if (!spec) {
    for (const Diagnostic& problem : spec.error()) ADD_FAILURE() << format_diagnostic(problem);
    return {};
  }
  return std::move(spec).value();
}

std::vector<std::string> problems(std::string_view text) {
  std::vector<std::string> lines;
  auto spec = parse_sweep(text, "sweep.yaml");
  if (!spec)
    for (const Diagnostic& problem : spec.error()) lines.push_back(format_diagnostic(problem));
  return lines;
}

std::vector<std::string> yaml_of(const SweepAxis& axis) {
  std::vector<std::string> texts;
  for (const SweepValue& value : axis.values) texts.push_back(value.yaml);
  return texts;
}

TEST(SweepFile, RangesExpandBothEndsIncluded) {
  const SweepSpec spec = parse(
      "job: job.yaml\naxes:\n  cluster.gpus: { from: 8192, to: 131072, factor: 2 }\n"
      "  parallelism.global_batch: { from: 512, to: 2048, step: 512 }\n  cluster.gpu: [h100-sxm, b200]\n");
  ASSERT_EQ(spec.axes.size(), 3U);
  // 8192·2^k up to 131072 = 8192·16: five values.
  EXPECT_THAT(yaml_of(spec.axes[0]), ElementsAre("8192", "16384", "32768", "65536", "131072"));
  EXPECT_THAT(yaml_of(spec.axes[1]), ElementsAre("512", "1024", "1536", "2048"));
  EXPECT_THAT(yaml_of(spec.axes[2]), ElementsAre("h100-sxm", "b200"));
  EXPECT_EQ(spec.axes[0].values[4].number, 131072.0);
  EXPECT_FALSE(spec.axes[2].values[0].number.has_value());
  EXPECT_EQ(spec.axes[0].column, "cluster_gpus");
  EXPECT_EQ(spec.points(), 5U * 4U * 2U);
  EXPECT_EQ(spec.compute, SweepCompute::estimate);  // a job's default
  EXPECT_EQ(spec.chunk_points, 64U);
}

TEST(SweepFile, PointsCountWithTheFirstAxisSlowest) {
  const SweepSpec spec = parse("job: job.yaml\naxes: { a: [1, 2, 3], b: [x, y] }\n");
  // point = index(a)·2 + index(b): point 5 is a's third value with b's second.
  EXPECT_THAT(spec.digits(0), ElementsAre(0U, 0U));
  EXPECT_THAT(spec.digits(1), ElementsAre(0U, 1U));
  EXPECT_THAT(spec.digits(5), ElementsAre(2U, 1U));
}

TEST(SweepFile, PointTextsSetEachValueInTheBase) {
  const SweepSpec spec =
      parse("job: job.yaml\naxes:\n  cluster.gpus: [8, 16]\n  parallelism.tp: [1, 2]\n  training.tokens: [1e12]\n");
  const auto points = SweepPoints::make(
      spec, "model: llama3-8b\ncluster: { gpu: h100-sxm, gpus: 4 }\nparallelism: { global_batch: 64 }\n", "job.yaml");
  ASSERT_TRUE(points);
  // Point 3: gpus 16 (second), tp 2 (second); training is created where the base had none.
  const std::string text = points.value().text(3);
  EXPECT_THAT(text, HasSubstr("gpus: 16"));
  EXPECT_THAT(text, HasSubstr("tp: 2"));
  EXPECT_THAT(text, HasSubstr("global_batch: 64"));
  EXPECT_THAT(text, HasSubstr("tokens: 1e12"));
  EXPECT_THAT(text, HasSubstr("gpu: h100-sxm"));
  EXPECT_THAT(points.value().text(0), HasSubstr("gpus: 8"));
}

TEST(SweepFile, OneFieldSetInAText) {
  const auto text = with_field("model: llama3-8b\ncluster: { gpu: h100-sxm, gpus: 8, node: hgx-h100 }\n", "job.yaml",
                                "cluster.gpu", "\"b200\"");
  ASSERT_TRUE(text);
  EXPECT_THAT(text.value(), HasSubstr("gpu: b200"));
  EXPECT_THAT(text.value(), HasSubstr("node: hgx-h100"));  // the rest as it was
  EXPECT_FALSE(with_field("model: llama3-8b\n", "job.yaml", "model.layers", "32"));  // through a name
}

TEST(SweepFile, AnAxisThroughASingleValueIsLocated) {
  const SweepSpec spec = parse("job: job.yaml\naxes:\n  model.layers: [32, 64]\n");
  const auto points = SweepPoints::make(spec, "model: llama3-8b\ncluster: { gpu: h100-sxm, gpus: 8 }\n", "job.yaml");
  ASSERT_FALSE(points);
  EXPECT_EQ(format_diagnostic(points.error().front()),
            "sweep.yaml:3:3: axes.model.layers: crosses a field of job.yaml that is a single value, not a mapping; "
            "vary that field itself, or write it as a mapping in the base");
}

TEST(SweepFile, MistakesAreLocated) {
  EXPECT_THAT(problems("axes: { a: [1] }\n"), ElementsAre(HasSubstr("neither job: nor scenario: is given")));
  EXPECT_THAT(
      problems("job: j.yaml\ncompute: estimat\naxes: { a: [1] }\n"),
      ElementsAre("sweep.yaml:2:10: compute: unknown value 'estimat'; use one of estimate | search | plan | run"));
  EXPECT_THAT(problems("job: j.yaml\naxes: { cluster.gpus: { from: 8, to: 4, factor: 2 } }\n"),
              ElementsAre(HasSubstr("axes.cluster.gpus.to: 4 is below from (8)")));
  EXPECT_THAT(problems("job: j.yaml\naxes: { cluster.gpus: { from: 8, to: 64 } }\n"),
              ElementsAre(HasSubstr("a range needs exactly one of factor and step")));
  EXPECT_THAT(problems("scenario: s.yaml\ncompute: estimate\naxes: { site: [iceland] }\n"),
              ElementsAre(HasSubstr("compute: estimate takes a job: base, not a scenario")));
  EXPECT_THAT(problems("job: j.yaml\naxes: { a: [1] }\nkeep: [mfu, mfu]\n"),
              ElementsAre(HasSubstr("column 'mfu' is taken")));
  EXPECT_THAT(problems("job: j.yaml\naxes: { a: [1] }\nrun: { trials: 10 }\n"),
              ElementsAre(HasSubstr("run: is set but compute is not run")));
  EXPECT_THAT(problems("job: j.yaml\naxs: { a: [1] }\n"),
              ElementsAre(HasSubstr("axes: is missing"), HasSubstr("axs: unknown field; did you mean 'axes'?")));
  // 1000^4 = 1e12 points: more than a file may hold.
  EXPECT_THAT(problems("job: j.yaml\naxes: { a: {from: 1, to: 1000, step: 1}, b: {from: 1, to: 1000, step: 1}, "
                       "c: {from: 1, to: 1000, step: 1}, d: {from: 1, to: 1000, step: 1} }\n"),
              ElementsAre(HasSubstr("axes: make 1T points")));
}

}  // namespace
}  // namespace gigasim
