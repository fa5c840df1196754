// Whatever bytes a job or catalog file holds, parsing returns a job or a list of problems: it
// never throws, crashes or hangs. Fixed seeds keep every run the same.

#include <random>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "spec_test_support.hpp"

namespace gigasim {
namespace {

using testing::builtin_catalog;
using testing::describe;
using ::testing::HasSubstr;
using testing::only_problem;

constexpr std::string_view kValidJob = R"(model: llama3-405b
cluster:
  gpu: h100-sxm
  gpus: 16384
  node: hgx-h100
  fabric: ib-ndr-fat-tree
parallelism:
  tp: 8
  sp: true
  pp: 16
  dp: auto
  zero: 1
  recompute: selective
  micro_batch: 1
  global_batch: 2048
  seq_len: 8192
  precision: bf16
training:
  tokens: 15.6e12
)";

// A parse outcome that is either a job or at least one problem that says something, each of
// which formats without trouble.
void expect_job_or_problems(std::string_view text, const std::string& label) {
  Result<Job, Diagnostics> parsed = fail(Diagnostics{});
  ASSERT_NO_THROW(parsed = parse_job(text, "fuzz.yaml", builtin_catalog())) << label;
  if (parsed.ok()) return;
  ASSERT_FALSE(parsed.error().empty()) << label << ": rejected without saying why";
  for (const auto& problem : parsed.error()) {
    EXPECT_FALSE(problem.problem.empty()) << label;
    EXPECT_EQ(problem.where.file, "fuzz.yaml") << label;
    EXPECT_GE(problem.where.line, 0) << label;
    EXPECT_NO_THROW((void)format_diagnostic(problem)) << label;
  }
}

void expect_catalog_or_problems(std::string_view text, const std::string& label) {
  Result<Catalog, Diagnostics> merged = fail(Diagnostics{});
  ASSERT_NO_THROW(merged = merge_catalog_text(Catalog{}, text, "fuzz.yaml")) << label;
  if (!merged.ok()) {
    EXPECT_FALSE(merged.error().empty()) << label;
  }
}

TEST(BadBytes, EmptyFile) {
  const Diagnostic problem = only_problem("");
  EXPECT_EQ(problem.problem, "the file is empty");
  EXPECT_EQ(problem.where.line, 1);
  EXPECT_EQ(problem.where.column, 1);
  EXPECT_THAT(problem.fix, HasSubstr("model, cluster and parallelism"));
}

TEST(BadBytes, WhitespaceAndCommentsOnly) {
  EXPECT_EQ(only_problem("   \n\n  \n").problem, "the file is empty");
  EXPECT_EQ(only_problem("# just a comment\n").problem, "the file is empty");
  EXPECT_EQ(only_problem("---\n...\n").problem, "the file is empty");
}

TEST(BadBytes, TopLevelListOrScalar) {
  EXPECT_EQ(only_problem("- model: llama3-70b\n- cluster: {}\n").problem, "the file's top level is not a mapping");
  EXPECT_EQ(only_problem("llama3-70b\n").problem, "the file's top level is not a mapping");
}

TEST(BadBytes, NulBytes) {
  const std::string text = std::string(kValidJob) + std::string("\0\0\0", 3);
  const Diagnostic problem = only_problem(text);
  EXPECT_THAT(problem.problem, HasSubstr("NUL bytes"));
  EXPECT_EQ(problem.where.line, 1);
}

TEST(BadBytes, NotUtf8IsPlacedAtItsFirstBadByte) {
  // Line 2 is `name: "é\x85"`: `name: "` is 7 characters and é (2 bytes) the 8th, so the stray
  // continuation byte 0x85 is the 9th character. Before, the string reached JSON and nlohmann
  // threw type_error.316 (an internal error, exit 70).
  const Diagnostic problem = only_problem("model: llama3-8b\nname: \"\xc3\xa9\x85\"\n");
  EXPECT_EQ(problem.problem, "byte 0x85 is not UTF-8 text");
  EXPECT_EQ(problem.where.line, 2);
  EXPECT_EQ(problem.where.column, 9);
  // A lone lead byte at the very end, and an overlong encoding of '/' (0xc0 0xaf).
  EXPECT_EQ(only_problem("model: llama3-8b\n\xe2\x82").where.line, 2);
  EXPECT_EQ(only_problem("model: \xc0\xaf\n").problem, "byte 0xc0 is not UTF-8 text");
}

TEST(BadBytes, SyntaxErrorIsPlaced) {
  // An unclosed flow mapping: the parser stops at the end of the file.
  const Diagnostic problem = only_problem("model: llama3-70b\ncluster: { gpu: h100-sxm, gpus: 8\nparallelism: {}\n");
  EXPECT_THAT(problem.problem, HasSubstr("not valid YAML"));
  EXPECT_GE(problem.where.line, 2);
  // A tab used for indentation.
  EXPECT_THAT(only_problem("model: llama3-70b\ncluster:\n\tgpu: h100-sxm\n").problem, HasSubstr("not valid YAML"));
}

TEST(BadBytes, UndefinedAlias) {
  EXPECT_THAT(only_problem("model: *missing\n").problem, HasSubstr("not valid YAML"));
}

TEST(BadBytes, AliasesAreReadAsTheirValue) {
  // Anchors are legal YAML; an alias where a number belongs is checked like any value.
  const Diagnostic problem = only_problem(R"(model: &name llama3-70b
cluster: { gpu: h100-sxm, gpus: 64 }
parallelism: { tp: *name, global_batch: 64 }
)");
  EXPECT_EQ(problem.field, "parallelism.tp");
  EXPECT_EQ(problem.problem, "'llama3-70b' is not a number");
}

TEST(BadBytes, NonScalarKeyIsAnUnknownField) {
  expect_job_or_problems("? [a, b]\n: 1\nmodel: llama3-70b\n", "sequence key");
  expect_job_or_problems("{ [1, 2]: 3, { a: b }: c }\n", "collection keys");
}

TEST(BadBytes, DeeplyNestedBracketsDoNotCrash) {
  constexpr std::size_t kDepth = 100'000;
  for (const char open : {'[', '{'}) {
    const std::string text(kDepth, open);
    const Diagnostic problem = only_problem(text);
    EXPECT_EQ(problem.problem, "not valid YAML (nested too deeply)") << open;
  }
  const std::string balanced = std::string(kDepth, '[') + std::string(kDepth, ']');
  EXPECT_THAT(only_problem(balanced).problem, HasSubstr("not valid YAML"));
  const std::string in_a_field = "model: " + std::string(kDepth, '[') + "\n";
  EXPECT_THAT(only_problem(in_a_field).problem, HasSubstr("not valid YAML"));
  expect_catalog_or_problems(std::string(kDepth, '{'), "deep catalog");
}

TEST(BadBytes, DeeplyNestedBlocksDoNotCrash) {
  std::string dashes;
  for (int level = 0; level < 50'000; ++level) dashes += "- ";
  expect_job_or_problems(dashes, "nested block sequence");
  std::string keys;
  for (int level = 0; level < 3'000; ++level) keys += std::string(static_cast<std::size_t>(level), ' ') + "k:\n";
  expect_job_or_problems(keys, "nested block mapping");
}

TEST(BadBytes, VeryLongValuesAndKeys) {
  const std::string long_name = "model: " + std::string(1'000'000, 'x') + "\n";
  const Diagnostics problems = testing::parse_errors(long_name);
  ASSERT_FALSE(problems.empty());
  EXPECT_EQ(problems[0].field, "model");
  expect_job_or_problems(std::string(200'000, 'k') + ": 1\n", "long key");
  expect_job_or_problems("parallelism: { tp: " + std::string(5000, '9') + " }\n", "huge number");
}

enum class Alphabet { yaml_punctuation, printable, any_byte, mixed };

std::string random_text(std::mt19937& rng, Alphabet alphabet, std::size_t length) {
  static constexpr std::string_view kYamlish = "{}[]:-,&*!|>'\"%@`#?~ \n\t.0123456789abcdefgmpst_";
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_int_distribution<int> printable(32, 126);
  std::uniform_int_distribution<std::size_t> yamlish(0, kYamlish.size() - 1);
  std::uniform_int_distribution<int> coin(0, 2);
  std::string text;
  text.reserve(length);
  for (std::size_t i = 0; i < length; ++i) {
    Alphabet pick = alphabet;
    if (alphabet == Alphabet::mixed) pick = static_cast<Alphabet>(coin(rng));
    switch (pick) {
      case Alphabet::yaml_punctuation: text += kYamlish[yamlish(rng)]; break;
      case Alphabet::printable: text += static_cast<char>(printable(rng)); break;
      default: text += static_cast<char>(byte(rng)); break;
    }
  }
  return text;
}

TEST(BadBytes, RandomBuffersNeverThrow) {
  std::mt19937 rng(20240607);
  std::uniform_int_distribution<std::size_t> length(0, 600);
  constexpr int kBuffersPerAlphabet = 100;
  for (const Alphabet alphabet :
       {Alphabet::yaml_punctuation, Alphabet::printable, Alphabet::any_byte, Alphabet::mixed}) {
    for (int i = 0; i < kBuffersPerAlphabet; ++i) {
      const std::string text = random_text(rng, alphabet, length(rng));
      const std::string label =
          "alphabet " + std::to_string(static_cast<int>(alphabet)) + " buffer " + std::to_string(i);
      expect_job_or_problems(text, label);
      expect_catalog_or_problems(text, label);
    }
  }
}

TEST(BadBytes, MutatedValidJobsNeverThrow) {
  // Small edits to a valid job reach deeper than random bytes: into every field reader and the
  // cross-field checks.
  std::mt19937 rng(7);
  constexpr int kMutants = 400;
  const std::string valid(kValidJob);
  static constexpr std::string_view kInserts = "{}[]:-,&*!|>'\"# \n\t0123456789e.x";
  int accepted = 0;
  for (int i = 0; i < kMutants; ++i) {
    std::string text = valid;
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int edit = 0; edit < edits && !text.empty(); ++edit) {
      const std::size_t at = rng() % text.size();
      switch (rng() % 3) {
        case 0: text[at] = kInserts[rng() % kInserts.size()]; break;
        case 1: text.erase(at, 1 + rng() % 8); break;
        default: text.insert(at, 1, kInserts[rng() % kInserts.size()]); break;
      }
    }
    Result<Job, Diagnostics> parsed = fail(Diagnostics{});
    ASSERT_NO_THROW(parsed = parse_job(text, "fuzz.yaml", builtin_catalog())) << text;
    if (parsed.ok()) {
      ++accepted;
      // Whatever was accepted is a consistent layout.
      const Parallelism& p = parsed.value().parallelism;
      EXPECT_EQ(double(p.tp) * p.pp * p.cp * p.dp, double(parsed.value().cluster.gpus)) << text;
      EXPECT_EQ(p.stage_layers.size(), static_cast<std::size_t>(p.pp)) << text;
    } else {
      EXPECT_FALSE(parsed.error().empty()) << text;
    }
  }
  EXPECT_GT(accepted, 0) << "some edits (in comments, a digit of tokens) keep the job valid";
  EXPECT_LT(accepted, kMutants);
}

}  // namespace
}  // namespace gigasim
