// Mistakes inside one field of a job file: unknown keys, wrong types, out-of-range numbers,
// unknown names. Each is checked for its field, its line:column and its message, since that is
// what a user reads to fix the file. Columns are 1-based and point at the value (or at the key
// for an unknown key).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "spec_test_support.hpp"

namespace gigasim {
namespace {

using testing::describe;
using testing::expect_place;
using ::testing::HasSubstr;
using testing::only_problem;
using testing::parse_errors;

TEST(JobFieldErrors, UnknownKeySuggestsTheKnownOne) {
  const Diagnostic problem = only_problem(R"(model: llama3-70b
cluster:
  gpu: h100-sxm
  gpus: 64
parallelism:
  tp: 8
  micro_bacth: 1
  global_batch: 64
)");
  EXPECT_EQ(problem.field, "parallelism.micro_bacth");
  expect_place(problem, 7, 3);  // the key itself
  EXPECT_EQ(problem.problem, "unknown field");
  EXPECT_EQ(problem.fix, "did you mean 'micro_batch'?");
}

TEST(JobFieldErrors, UnknownTopLevelSection) {
  const Diagnostic problem = only_problem(R"(model: llama3-70b
cluster: { gpu: h100-sxm, gpus: 64 }
parallelism: { tp: 8, global_batch: 64 }
trainig: { tokens: 1e12 }
)");
  EXPECT_EQ(problem.field, "trainig");
  expect_place(problem, 4, 1);
  EXPECT_EQ(problem.fix, "did you mean 'training'?");
}

TEST(JobFieldErrors, UnknownKeyFarFromAnyListsTheKnownOnes) {
  const Diagnostic problem = only_problem(R"(model: llama3-70b
cluster: { gpu: h100-sxm, gpus: 64, rack_power: 40kW }
parallelism: { tp: 8, global_batch: 64 }
)");
  EXPECT_EQ(problem.field, "cluster.rack_power");
  expect_place(problem, 2, 37);
  EXPECT_THAT(problem.fix, HasSubstr("known fields here: "));
  EXPECT_THAT(problem.fix, HasSubstr("fabric"));
  EXPECT_THAT(problem.fix, HasSubstr("node"));
}

TEST(JobFieldErrors, KeyGivenTwiceIsAnError) {
  // YAML parsers differ on which duplicate wins; the job must not silently run with one of them.
  const Diagnostic problem = only_problem(R"(model: llama3-70b
cluster: { gpu: h100-sxm, gpus: 64 }
parallelism:
  tp: 2
  global_batch: 64
  tp: 8
)");
  EXPECT_EQ(problem.field, "parallelism.tp");
  expect_place(problem, 6, 3);
  EXPECT_THAT(problem.problem, HasSubstr("more than once"));
  EXPECT_THAT(problem.fix, HasSubstr("line 4"));
}

TEST(JobFieldErrors, WordWhereANumberBelongs) {
  const Diagnostic problem = only_problem(R"(model: llama3-70b
cluster: { gpu: h100-sxm, gpus: 64 }
parallelism:
  tp: eight
  global_batch: 64
)");
  EXPECT_EQ(problem.field, "parallelism.tp");
  expect_place(problem, 4, 7);
  EXPECT_EQ(problem.problem, "'eight' is not a number");
}

TEST(JobFieldErrors, FractionWhereAWholeNumberBelongs) {
  const Diagnostic problem = only_problem(R"(model: llama3-70b
cluster: { gpu: h100-sxm, gpus: 64 }
parallelism:
  tp: 2.5
  global_batch: 64
)");
  EXPECT_EQ(problem.field, "parallelism.tp");
  expect_place(problem, 4, 7);
  EXPECT_EQ(problem.problem, "2.5 is not a whole number");
}

TEST(JobFieldErrors, ListWhereASingleValueBelongs) {
  const Diagnostic problem = only_problem(R"(model: llama3-70b
cluster: { gpu: h100-sxm, gpus: 64 }
parallelism:
  tp: [8]
  global_batch: 64
)");
  EXPECT_EQ(problem.field, "parallelism.tp");
  expect_place(problem, 4, 7);
  // A list is a search space: fine for `gigasim search`, not for a job that must be one layout.
  EXPECT_EQ(problem.problem, "a list of values is searched by `gigasim search` and `gigasim estimate`");
  EXPECT_EQ(problem.fix, "give one number here");
}

TEST(JobFieldErrors, EmptyValueIsPlacedAtItsKey) {
  // `tp:` with nothing after it: the place is that line, not the next key's.
  const Diagnostic problem = only_problem(R"(model: llama3-70b
cluster: { gpu: h100-sxm, gpus: 64 }
parallelism:
  tp:
  global_batch: 64
)");
  EXPECT_EQ(problem.field, "parallelism.tp");
  expect_place(problem, 4, 3);
}

TEST(JobFieldErrors, NotABoolean) {
  const Diagnostic problem = only_problem(R"(model: llama3-70b
cluster: { gpu: h100-sxm, gpus: 64 }
parallelism: { tp: 8, sp: maybe, global_batch: 64 }
)");
  EXPECT_EQ(problem.field, "parallelism.sp");
  expect_place(problem, 3, 27);
  EXPECT_EQ(problem.problem, "'maybe' is not a boolean");
  EXPECT_EQ(problem.fix, "use true or false");
}

TEST(JobFieldErrors, CompileIsTorchtitansOption) {
  const Diagnostic problem = only_problem(R"(model: llama3-70b
cluster: { gpu: h100-sxm, gpus: 64 }
parallelism: { tp: 8, global_batch: 64 }
training: { framework: megatron, compile: true }
)");
  EXPECT_EQ(problem.field, "training.compile");
  expect_place(problem, 4, 43);  // the value
  EXPECT_EQ(problem.problem, "applies to training.framework: torchtitan only");
  EXPECT_THAT(problem.fix, HasSubstr("Transformer Engine's fused kernels"));
}

TEST(JobFieldErrors, WorkAsTokensOrFlopsNotBoth) {
  const Diagnostic problem = only_problem(R"(model: llama3-70b
cluster: { gpu: h100-sxm, gpus: 64 }
parallelism: { tp: 8, global_batch: 64 }
training: { tokens: 1.0e12, flops: 1.0e24 }
)");
  EXPECT_EQ(problem.field, "training.flops");
  EXPECT_EQ(problem.problem, "the work is given twice, as tokens and as flops");
}

TEST(JobFieldErrors, SectionThatIsNotAMapping) {
  const Diagnostic problem = only_problem(R"(model: llama3-70b
cluster: h100-sxm
parallelism: { tp: 8, global_batch: 64 }
)");
  EXPECT_EQ(problem.field, "cluster");
  expect_place(problem, 2, 10);
  EXPECT_EQ(problem.problem, "expected a mapping of fields");
}

TEST(JobFieldErrors, UnknownChoiceListsTheAcceptedOnes) {
  const Diagnostic recompute = only_problem(R"(model: llama3-70b
cluster: { gpu: h100-sxm, gpus: 64 }
parallelism: { tp: 8, recompute: partial, global_batch: 64 }
)");
  EXPECT_EQ(recompute.field, "parallelism.recompute");
  expect_place(recompute, 3, 34);
  EXPECT_EQ(recompute.problem, "unknown value 'partial'");
  EXPECT_THAT(recompute.fix, ::testing::StartsWith("use one of none | selective | "));
  EXPECT_THAT(recompute.fix, ::testing::EndsWith(" | full"));

  const Diagnostic precision = only_problem(R"(model: llama3-70b
cluster: { gpu: h100-sxm, gpus: 64 }
parallelism: { tp: 8, precision: fp4, global_batch: 64 }
)");
  EXPECT_EQ(precision.field, "parallelism.precision");
  EXPECT_EQ(precision.fix, "use one of fp16 | bf16 | fp8");
}

TEST(JobFieldErrors, ZeroAndNegativeSizes) {
  const Diagnostic no_gpus = only_problem(R"(model: llama3-70b
cluster:
  gpu: h100-sxm
  gpus: 0
parallelism: { global_batch: 64 }
)");
  EXPECT_EQ(no_gpus.field, "cluster.gpus");
  expect_place(no_gpus, 4, 9);
  EXPECT_EQ(no_gpus.problem, "0 is out of range");
  EXPECT_EQ(no_gpus.fix, "use a value between 1 and 1e+08");

  const Diagnostic negative_tp = only_problem(R"(model: llama3-70b
cluster: { gpu: h100-sxm, gpus: 64 }
parallelism: { tp: -8, global_batch: 64 }
)");
  EXPECT_EQ(negative_tp.field, "parallelism.tp");
  EXPECT_EQ(negative_tp.problem, "-8 is out of range");

  const Diagnostic no_micro_batch = only_problem(R"(model: llama3-70b
cluster: { gpu: h100-sxm, gpus: 64 }
parallelism: { micro_batch: 0, global_batch: 64 }
)");
  EXPECT_EQ(no_micro_batch.field, "parallelism.micro_batch");

  const Diagnostic zero_four = only_problem(R"(model: llama3-70b
cluster: { gpu: h100-sxm, gpus: 64 }
parallelism: { zero: 4, global_batch: 64 }
)");
  EXPECT_EQ(zero_four.field, "parallelism.zero");
  EXPECT_EQ(zero_four.fix, "use a value between 0 and 3");
}

TEST(JobFieldErrors, AbsurdMagnitudes) {
  // 1e12 GPUs is ten thousand times past the bound (1e8, already 1,000× today's largest sites).
  const Diagnostic gpus = only_problem(R"(model: llama3-70b
cluster: { gpu: h100-sxm, gpus: 1e12 }
parallelism: { global_batch: 64 }
)");
  EXPECT_EQ(gpus.field, "cluster.gpus");
  expect_place(gpus, 2, 33);
  EXPECT_EQ(gpus.problem, "1e12 is out of range");

  const Diagnostic tp = only_problem(R"(model: llama3-70b
cluster: { gpu: h100-sxm, gpus: 64 }
parallelism: { tp: 4096, global_batch: 64 }
)");
  EXPECT_EQ(tp.field, "parallelism.tp");
  EXPECT_EQ(tp.fix, "use a value between 1 and 1024");
}

TEST(JobFieldErrors, NanAndInfinityAreNotNumbers) {
  for (const char* value : {".nan", ".inf", "nan", "inf", "-inf"}) {
    const Diagnostic problem = only_problem(std::string("model: llama3-70b\ncluster: { gpu: h100-sxm, gpus: ") + value +
                                            " }\nparallelism: { global_batch: 64 }\n");
    EXPECT_EQ(problem.field, "cluster.gpus") << value;
    EXPECT_THAT(problem.problem, HasSubstr("is not a number")) << value;
  }
}

TEST(JobFieldErrors, HugeTokenBatchIsOutOfRangeNotAnOverflow) {
  // 1e13 tokens of 2,048 are 4.9e9 sequences: more than fits the sequence count (bound 1e9).
  const Diagnostic problem = only_problem(R"(model: llama3-70b
cluster: { gpu: h100-sxm, gpus: 64 }
parallelism: { seq_len: 2048, global_batch_tokens: 1e13 }
)");
  EXPECT_EQ(problem.field, "parallelism.global_batch_tokens");
  EXPECT_THAT(problem.problem, HasSubstr("out of range"));
}

TEST(JobFieldErrors, TokenBatchMustBeWholeSequences) {
  // 1,000,000 / 8,192 = 122.07: not whole.
  const Diagnostic problem = only_problem(R"(model: llama3-70b
cluster: { gpu: h100-sxm, gpus: 64 }
parallelism: { global_batch_tokens: 1000000 }
)");
  EXPECT_EQ(problem.field, "parallelism.global_batch_tokens");
  EXPECT_EQ(problem.problem, "1000000 tokens are not whole sequences of 8192");
}

TEST(JobFieldErrors, BatchInSequencesAndTokensTogether) {
  const Diagnostic problem = only_problem(R"(model: llama3-70b
cluster: { gpu: h100-sxm, gpus: 64 }
parallelism: { global_batch: 64, global_batch_tokens: 524288 }
)");
  EXPECT_EQ(problem.field, "parallelism.global_batch_tokens");
  EXPECT_EQ(problem.fix, "give one of the two");
}

TEST(JobFieldErrors, MissingSectionsAndFields) {
  const Diagnostics problems = parse_errors("model: llama3-70b\n");
  SCOPED_TRACE(describe(problems));
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].field, "cluster");
  EXPECT_EQ(problems[0].problem, "is missing");
  EXPECT_EQ(problems[1].field, "parallelism");

  const Diagnostics no_batch = parse_errors(R"(model: llama3-70b
cluster: { gpu: h100-sxm }
parallelism: { tp: 8 }
)");
  SCOPED_TRACE(describe(no_batch));
  ASSERT_EQ(no_batch.size(), 2u);
  EXPECT_EQ(no_batch[0].field, "cluster.gpus");
  EXPECT_EQ(no_batch[0].problem, "is missing");
  EXPECT_EQ(no_batch[1].field, "parallelism.global_batch");
  EXPECT_EQ(no_batch[1].problem, "is missing");
}

TEST(JobFieldErrors, AutoOnTensorParallelIsNotSupportedYet) {
  const Diagnostic problem = only_problem(R"(model: llama3-70b
cluster: { gpu: h100-sxm, gpus: 64 }
parallelism:
  tp: auto
  global_batch: 64
)");
  EXPECT_EQ(problem.field, "parallelism.tp");
  expect_place(problem, 4, 7);
  EXPECT_THAT(problem.problem, HasSubstr("'auto'"));
  EXPECT_THAT(problem.problem, HasSubstr("gigasim search"));
  EXPECT_THAT(problem.fix, HasSubstr("give a number"));
}

TEST(JobFieldErrors, AutoIsRejectedOnEveryFactorButDp) {
  for (const char* key : {"pp", "vpp", "cp", "ep", "zero", "micro_batch"}) {
    const Diagnostic problem = only_problem(std::string("model: llama3-70b\ncluster: { gpu: h100-sxm, gpus: 64 }\n"
                                                        "parallelism: { global_batch: 64, ") +
                                            key + ": auto }\n");
    EXPECT_EQ(problem.field, std::string("parallelism.") + key);
    EXPECT_THAT(problem.problem, HasSubstr("'auto'")) << key;
  }
}

TEST(JobFieldErrors, UnknownModelSuggestsTheClosestName) {
  const Diagnostic problem = only_problem(R"(model: lama3-405b
cluster: { gpu: h100-sxm, gpus: 64 }
parallelism: { global_batch: 64 }
)");
  EXPECT_EQ(problem.field, "model");
  expect_place(problem, 1, 8);
  EXPECT_EQ(problem.problem, "no model named 'lama3-405b' in the catalog");
  EXPECT_THAT(problem.fix, HasSubstr("did you mean 'llama3-405b'?"));
}

TEST(JobFieldErrors, ShortGpuNameSuggestsTheFullOne) {
  const Diagnostic problem = only_problem(R"(model: llama3-70b
cluster:
  gpu: h100
  gpus: 64
parallelism: { global_batch: 64 }
)");
  EXPECT_EQ(problem.field, "cluster.gpu");
  expect_place(problem, 3, 8);
  EXPECT_EQ(problem.problem, "no GPU named 'h100' in the catalog");
  EXPECT_THAT(problem.fix, HasSubstr("did you mean 'h100-sxm'?"));
}

TEST(JobFieldErrors, UnknownFabricAndNode) {
  const Diagnostics problems = parse_errors(R"(model: llama3-70b
cluster:
  gpu: h100-sxm
  gpus: 64
  node: hgx-h10
  fabric: ib-ndr-fattree
parallelism: { global_batch: 64 }
)");
  SCOPED_TRACE(describe(problems));
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].field, "cluster.node");
  EXPECT_EQ(problems[0].where.line, 5);
  EXPECT_THAT(problems[0].fix, HasSubstr("did you mean 'hgx-h100'?"));
  EXPECT_EQ(problems[1].field, "cluster.fabric");
  EXPECT_EQ(problems[1].where.line, 6);
  EXPECT_THAT(problems[1].fix, HasSubstr("did you mean 'ib-ndr-fat-tree'?"));
}

TEST(JobFieldErrors, NameFarFromAnyListsTheCatalog) {
  const Diagnostic problem = only_problem(R"(model: llama3-70b
cluster: { gpu: tpu-v5p, gpus: 64 }
parallelism: { global_batch: 64 }
)");
  EXPECT_EQ(problem.field, "cluster.gpu");
  EXPECT_THAT(problem.fix, HasSubstr("use one of: "));
  EXPECT_THAT(problem.fix, HasSubstr("h100-sxm"));
  EXPECT_THAT(problem.fix, HasSubstr("mi300x"));
}

TEST(JobFieldErrors, SeveralProblemsAreAllReportedInFileOrder) {
  // Four independent mistakes: each is reported, none hides another.
  const Diagnostics problems = parse_errors(R"(model: llama3-70b
cluster:
  gpu: h100-sxm
  gpus: 0
parallelism:
  tp: eight
  precision: fp4
  global_bach: 64
)");
  SCOPED_TRACE(describe(problems));
  std::vector<std::string> fields;
  for (const auto& problem : problems) fields.push_back(problem.field);
  EXPECT_THAT(fields, ::testing::UnorderedElementsAre("cluster.gpus", "parallelism.tp", "parallelism.precision",
                                                      "parallelism.global_bach", "parallelism.global_batch"));
  for (const auto& problem : problems) {
    if (problem.field == "cluster.gpus") {
      EXPECT_EQ(problem.where.line, 4);
    }
    if (problem.field == "parallelism.tp") {
      EXPECT_EQ(problem.where.line, 6);
    }
    if (problem.field == "parallelism.precision") {
      EXPECT_EQ(problem.where.line, 7);
    }
    if (problem.field == "parallelism.global_bach") {
      EXPECT_EQ(problem.where.line, 8);
      EXPECT_EQ(problem.fix, "did you mean 'global_batch'?");
    }
  }
}

TEST(JobFieldErrors, TypoBesideALayoutErrorReportsBoth) {
  // An unknown key does not hide a layout that does not divide the model: tp 3 divides neither
  // 64 heads nor 8 KV heads, and 64 GPUs are not whole copies of tp·pp·cp = 3.
  const Diagnostics problems = parse_errors(R"(model: llama3-70b
cluster: { gpu: h100-sxm, gpus: 64 }
parallelism:
  tp: 3
  sp: false
  micro_bacth: 1
  global_batch: 64
)");
  SCOPED_TRACE(describe(problems));
  std::vector<std::string> fields;
  for (const auto& problem : problems) fields.push_back(problem.field);
  EXPECT_THAT(fields, ::testing::UnorderedElementsAre("parallelism.micro_bacth", "parallelism.tp", "parallelism.tp",
                                                      "cluster.gpus"));
}

TEST(JobFieldErrors, OriginNamesTheFileInEveryProblem) {
  const auto parsed = parse_job("model: nope\n", "configs/run-17.yaml", testing::builtin_catalog());
  ASSERT_FALSE(parsed.ok());
  for (const auto& problem : parsed.error()) EXPECT_EQ(problem.where.file, "configs/run-17.yaml");
  EXPECT_THAT(format_diagnostic(parsed.error().front()), ::testing::StartsWith("configs/run-17.yaml:1:8: model: "));
}

}  // namespace
}  // namespace gigasim
