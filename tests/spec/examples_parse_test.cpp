// Every job file under examples/ parses against the built-in catalog, and the published layouts
// they reproduce resolve to the numbers the papers give.

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "spec_test_support.hpp"

namespace gigasim {
namespace {

const std::filesystem::path kExamples = std::filesystem::path(GIGASIM_SOURCE_DIR) / "examples";

std::string read_text(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

Result<Job, Diagnostics> parse_example(std::string_view name) {
  const auto path = kExamples / name;
  return parse_job(read_text(path), path.string(), testing::builtin_catalog());
}

TEST(ExamplesParse, EveryExampleIsAValidJob) {
  int examples = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kExamples)) {
    if (entry.path().extension() != ".yaml") continue;
    ++examples;
    const auto parsed = parse_job(read_text(entry.path()), entry.path().string(), testing::builtin_catalog());
    EXPECT_TRUE(parsed.ok()) << (parsed.ok() ? "" : testing::describe(parsed.error()));
  }
  EXPECT_GE(examples, 1);
}

TEST(ExamplesParse, Llama3_405bAsMetaTrainedIt) {
  const auto parsed = parse_example("llama3-405b-16k-h100.yaml");
  ASSERT_TRUE(parsed.ok()) << testing::describe(parsed.error());
  const Job& job = parsed.value();
  // 16,384 GPUs / (tp 8 · pp 16) = dp 128; 2,048 sequences / 128 = 16 micro-batches of 1.
  EXPECT_EQ(job.parallelism.dp, 128);
  EXPECT_EQ(job.parallelism.micro_batches_per_step(), 16);
  EXPECT_EQ(job.parallelism.stage_layers.front(), 7);
  EXPECT_EQ(job.parallelism.stage_layers.back(), 7);
  ASSERT_TRUE(job.training.tokens);
  EXPECT_EQ(*job.training.tokens, 15.6e12);
}

TEST(ExamplesParse, Gpt3OnSelene) {
  const auto parsed = parse_example("gpt3-175b-1024xa100.yaml");
  ASSERT_TRUE(parsed.ok()) << testing::describe(parsed.error());
  const Job& job = parsed.value();
  // 1,024 / (8 · 16) = dp 8; 1,536 / 8 = 192 micro-batches; 96 layers / 16 stages = 6 each.
  EXPECT_EQ(job.parallelism.dp, 8);
  EXPECT_EQ(job.parallelism.micro_batches_per_step(), 192);
  EXPECT_EQ(job.parallelism.stage_layers, std::vector<int>(16, 6));
  EXPECT_EQ(job.parallelism.recompute, Recompute::full);
  EXPECT_EQ(job.parallelism.precision, Precision::fp16);
  EXPECT_EQ(job.cluster.node.name, "dgx-a100");
  EXPECT_EQ(job.cluster.fabric.name, "ib-hdr-fat-tree");
}

}  // namespace
}  // namespace gigasim

namespace gigasim {
namespace {

TEST(ExamplesParse, TheCatalogExampleAddsAGpuNodeFabricAndModel) {
  // examples/catalog/my-hardware.yaml merged over the built-in catalog: its job resolves every
  // entry from the file (the H20's node and that node's fabric by default).
  const auto path = kExamples / "catalog" / "my-hardware.yaml";
  const auto merged = merge_catalog_text(testing::builtin_catalog(), read_text(path), path.string());
  ASSERT_TRUE(merged.ok()) << (merged.ok() ? "" : testing::describe(merged.error()));
  const auto job_path = kExamples / "catalog" / "qwen2.5-72b-on-h20.yaml";
  const auto job = parse_job(read_text(job_path), job_path.string(), merged.value());
  ASSERT_TRUE(job.ok()) << (job.ok() ? "" : testing::describe(job.error()));
  EXPECT_EQ(job.value().cluster.gpu.name, "h20");
  EXPECT_EQ(job.value().cluster.node.name, "hgx-h20");
  EXPECT_EQ(job.value().cluster.fabric.name, "ib-ndr-2tier-2to1");
  EXPECT_EQ(job.value().model.name, "qwen2.5-72b");
  EXPECT_EQ(job.value().parallelism.dp, 32);  // 1,024 / (tp 8 × pp 4)
  // Without the file the job names entries the built-in catalog lacks.
  EXPECT_FALSE(parse_job(read_text(job_path), job_path.string(), testing::builtin_catalog()).ok());
}

}  // namespace
}  // namespace gigasim
