// merge_catalog_text: a user's catalog file (`--catalog FILE`) adds entries or replaces them by
// name; a bad file changes nothing and reports every problem with its place.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "spec/catalog.hpp"
#include "spec_test_support.hpp"

namespace gigasim {
namespace {

using testing::builtin_catalog;
using testing::describe;
using ::testing::HasSubstr;

constexpr std::string_view kUserFile = "my-catalog.yaml";

const Diagnostic* find_field(const Diagnostics& problems, std::string_view field) {
  for (const auto& problem : problems)
    if (problem.field == field) return &problem;
  return nullptr;
}

TEST(CatalogMerge, ReplacesAnEntryOfTheSameName) {
  // An H100 capped at 500 W with its own (lower) clocks: the whole entry is replaced.
  constexpr std::string_view kText = R"(gpus:
  h100-sxm:
    description: H100 power-capped at 500 W
    dense_tflops: { bf16: 700 }
    hbm_capacity: 80GiB
    hbm_bandwidth: 3.35TB/s
    tdp: 500W
    default_node: hgx-h100
    sources: ["site measurement"]
)";
  const auto merged = merge_catalog_text(builtin_catalog(), kText, kUserFile);
  ASSERT_TRUE(merged.ok()) << describe(merged.error());
  const Catalog& catalog = merged.value();
  EXPECT_EQ(catalog.gpus.size(), builtin_catalog().gpus.size());
  const GpuSpec& h100 = catalog.gpus.at("h100-sxm");
  EXPECT_EQ(h100.tdp.value(), 500.0);
  EXPECT_EQ(h100.peak(Precision::bf16)->value(), 700e12);
  EXPECT_FALSE(h100.peak(Precision::fp8)) << "a replaced entry keeps nothing of the old one";
  EXPECT_EQ(h100.hbm_capacity.value(), 85'899'345'920.0);  // 80 · 2^30
  // Everything else is untouched.
  EXPECT_EQ(catalog.gpus.at("h200").tdp.value(), 700.0);
  EXPECT_EQ(catalog.models.size(), builtin_catalog().models.size());
}

TEST(CatalogMerge, AddsNewEntriesUsableByAJob) {
  constexpr std::string_view kText = R"(models:
  tiny-gpt:
    description: a 4-layer test model
    layers: 4
    hidden: 512
    heads: 8
    ffn: 2048
    vocab: 32000
    seq_len: 1024
    sources: [unit test]
fabrics:
  lab-ethernet:
    description: one 100G switch
    link_bandwidth: 100Gbps
    switch_radix: 32
    tiers: [{ name: leaf, hop_latency: 1us }]
)";
  const auto merged = merge_catalog_text(builtin_catalog(), kText, kUserFile);
  ASSERT_TRUE(merged.ok()) << describe(merged.error());
  const Catalog& catalog = merged.value();
  EXPECT_EQ(catalog.models.size(), builtin_catalog().models.size() + 1);
  EXPECT_EQ(catalog.fabrics.size(), builtin_catalog().fabrics.size() + 1);
  const ModelSpec& tiny = catalog.models.at("tiny-gpt");
  EXPECT_EQ(tiny.kv_heads, 8);   // defaults to heads (no GQA)
  EXPECT_EQ(tiny.head_dim, 64);  // 512 / 8
  EXPECT_EQ(tiny.activation, Activation::gelu);
  const FabricSpec& lab = catalog.fabrics.at("lab-ethernet");
  EXPECT_EQ(lab.link_bandwidth.value(), 1.25e10);  // 100e9 / 8
  ASSERT_EQ(lab.tiers.size(), 1u);
  EXPECT_EQ(lab.tiers[0].oversubscription, 1.0);  // non-blocking unless said
  EXPECT_DOUBLE_EQ(lab.tiers[0].hop_latency.value(), 1e-6);

  const auto job = parse_job(R"(model: tiny-gpt
cluster: { gpu: h100-sxm, gpus: 8, fabric: lab-ethernet }
parallelism: { tp: 8, global_batch: 8 }
)",
                             "job.yaml", catalog);
  ASSERT_TRUE(job.ok()) << describe(job.error());
  EXPECT_EQ(job.value().model.name, "tiny-gpt");
  EXPECT_EQ(job.value().cluster.fabric.name, "lab-ethernet");
  EXPECT_EQ(job.value().parallelism.seq_len, 1024);
}

TEST(CatalogMerge, RejectsABadEntryWithEveryProblemAndItsPlace) {
  // Three mistakes in one GPU and one in a node: all four are reported, each on its line.
  constexpr std::string_view kText = R"(gpus:
  my-gpu:
    dense_tflops: { bf16: 900 }
    hbm_capacity: 96
    hbm_bandwidth: 4TB
    tdpp: 700W
nodes:
  my-node:
    gpu: my-gpu
    gpus_per_node: 0
    nics: 8
    nic_bandwidth: 400Gbps
)";
  const auto merged = merge_catalog_text(builtin_catalog(), kText, kUserFile);
  ASSERT_FALSE(merged.ok());
  const Diagnostics& problems = merged.error();
  SCOPED_TRACE(describe(problems));

  const Diagnostic* capacity = find_field(problems, "gpus.my-gpu.hbm_capacity");
  ASSERT_NE(capacity, nullptr);
  EXPECT_EQ(capacity->where.file, kUserFile);
  EXPECT_EQ(capacity->where.line, 4);
  EXPECT_EQ(capacity->where.column, 19);
  EXPECT_THAT(capacity->problem, HasSubstr("no unit"));

  const Diagnostic* bandwidth = find_field(problems, "gpus.my-gpu.hbm_bandwidth");
  ASSERT_NE(bandwidth, nullptr);
  EXPECT_EQ(bandwidth->where.line, 5);
  EXPECT_THAT(bandwidth->problem, HasSubstr("unknown unit 'TB'"));
  EXPECT_THAT(bandwidth->problem, HasSubstr("TB/s"));

  const Diagnostic* typo = find_field(problems, "gpus.my-gpu.tdpp");
  ASSERT_NE(typo, nullptr);
  EXPECT_EQ(typo->where.line, 6);
  EXPECT_EQ(typo->where.column, 5);
  EXPECT_EQ(typo->problem, "unknown field");
  EXPECT_THAT(typo->fix, HasSubstr("did you mean 'tdp'?"));

  const Diagnostic* missing_tdp = find_field(problems, "gpus.my-gpu.tdp");
  ASSERT_NE(missing_tdp, nullptr);
  EXPECT_EQ(missing_tdp->problem, "is missing");

  const Diagnostic* per_node = find_field(problems, "nodes.my-node.gpus_per_node");
  ASSERT_NE(per_node, nullptr);
  EXPECT_EQ(per_node->where.line, 10);
  EXPECT_THAT(per_node->problem, HasSubstr("out of range"));

  EXPECT_EQ(problems.size(), 5u);
}

TEST(CatalogMerge, UnknownSectionSuggestsTheRightOne) {
  const auto merged = merge_catalog_text(builtin_catalog(), "gpu:\n  x: {}\n", kUserFile);
  ASSERT_FALSE(merged.ok());
  ASSERT_EQ(merged.error().size(), 1u) << describe(merged.error());
  EXPECT_EQ(merged.error()[0].field, "gpu");
  EXPECT_EQ(merged.error()[0].where.line, 1);
  EXPECT_THAT(merged.error()[0].fix, HasSubstr("did you mean 'gpus'?"));
}

TEST(CatalogMerge, SectionMustBeAMappingOfEntries) {
  const auto merged = merge_catalog_text(builtin_catalog(), "models: [llama3-8b]\n", kUserFile);
  ASSERT_FALSE(merged.ok());
  ASSERT_EQ(merged.error().size(), 1u) << describe(merged.error());
  EXPECT_EQ(merged.error()[0].field, "models");
  EXPECT_THAT(merged.error()[0].problem, HasSubstr("mapping"));
}

TEST(CatalogMerge, ModelShapeChecks) {
  // heads must divide hidden (unless head_dim is given), kv_heads must divide heads, and a MoE
  // block may not route to more experts than it has.
  constexpr std::string_view kText = R"(models:
  odd:
    layers: 2
    hidden: 1000
    heads: 3
    kv_heads: 2
    ffn: 4000
    vocab: 100
    seq_len: 128
    moe: { experts: 4, top_k: 5, expert_ffn: 100 }
)";
  const auto merged = merge_catalog_text(Catalog{}, kText, kUserFile);
  ASSERT_FALSE(merged.ok());
  SCOPED_TRACE(describe(merged.error()));
  const Diagnostic* heads = find_field(merged.error(), "models.odd.heads");
  ASSERT_NE(heads, nullptr);
  EXPECT_THAT(heads->problem, HasSubstr("3 does not divide hidden (1000)"));
  const Diagnostic* kv_heads = find_field(merged.error(), "models.odd.kv_heads");
  ASSERT_NE(kv_heads, nullptr);
  EXPECT_THAT(kv_heads->problem, HasSubstr("2 does not divide heads (3)"));
  const Diagnostic* top_k = find_field(merged.error(), "models.odd.moe.top_k");
  ASSERT_NE(top_k, nullptr);
  EXPECT_THAT(top_k->problem, HasSubstr("5 exceeds experts (4)"));
  EXPECT_EQ(merged.error().size(), 3u);
}

TEST(CatalogMerge, GpuWithoutSixteenBitPeakIsRejected) {
  constexpr std::string_view kText = R"(gpus:
  fp8-only:
    dense_tflops: { fp8: 100 }
    hbm_capacity: 80GiB
    hbm_bandwidth: 1TB/s
    tdp: 300W
)";
  const auto merged = merge_catalog_text(Catalog{}, kText, kUserFile);
  ASSERT_FALSE(merged.ok());
  ASSERT_EQ(merged.error().size(), 1u) << describe(merged.error());
  EXPECT_EQ(merged.error()[0].field, "gpus.fp8-only.dense_tflops");
  EXPECT_THAT(merged.error()[0].problem, HasSubstr("neither fp16 nor bf16"));
}

TEST(CatalogMerge, MissingRequiredFieldIsReportedOnce) {
  // dense_tflops left out: one "is missing", not a second complaint about its shape.
  constexpr std::string_view kText = R"(gpus:
  no-peak:
    hbm_capacity: 80GiB
    hbm_bandwidth: 1TB/s
    tdp: 300W
)";
  const auto merged = merge_catalog_text(Catalog{}, kText, kUserFile);
  ASSERT_FALSE(merged.ok());
  ASSERT_EQ(merged.error().size(), 1u) << describe(merged.error());
  EXPECT_EQ(merged.error()[0].field, "gpus.no-peak.dense_tflops");
  EXPECT_EQ(merged.error()[0].problem, "is missing");
  EXPECT_EQ(merged.error()[0].where.line, 3);  // the entry's mapping starts on line 3
}

TEST(CatalogMerge, EntryDefinedTwiceIsAnError) {
  // Two entries of one name in one file: which one was meant is unknowable, so neither is taken.
  constexpr std::string_view kText = R"(fabrics:
  lab:
    link_bandwidth: 100Gbps
    switch_radix: 32
    tiers: [{ name: leaf }]
  lab:
    link_bandwidth: 200Gbps
    switch_radix: 32
    tiers: [{ name: leaf }]
)";
  const auto merged = merge_catalog_text(Catalog{}, kText, kUserFile);
  ASSERT_FALSE(merged.ok());
  ASSERT_EQ(merged.error().size(), 1u) << describe(merged.error());
  EXPECT_EQ(merged.error()[0].field, "fabrics.lab");
  EXPECT_EQ(merged.error()[0].where.line, 6);
  EXPECT_THAT(merged.error()[0].problem, HasSubstr("more than once"));
}

TEST(CatalogMerge, EmptyTextIsAnError) {
  const auto merged = merge_catalog_text(builtin_catalog(), "", kUserFile);
  ASSERT_FALSE(merged.ok());
  EXPECT_THAT(merged.error()[0].problem, HasSubstr("empty"));
}

TEST(CatalogMerge, AUserKernelRateTableLinksToTheGpusThatNameIt) {
  // A die measured on a 2×2×2 grid, and a GPU that names it.
  constexpr std::string_view kText = R"(kernel_rates:
  my-die:
    peak_tflops: { bf16: 100 }
    gemm:
      bf16:
        source: "my bench"
        m: [256, 4096]
        n: [256, 4096]
        k: [256, 4096]
        tflops:
          - [10, 20]
          - [20, 40]
          - [20, 40]
          - [40, 80]
gpus:
  my-gpu:
    dense_tflops: { bf16: 100 }
    hbm_capacity: 80GiB
    hbm_bandwidth: 3TB/s
    tdp: 500W
    kernel_rates: my-die
)";
  const auto merged = merge_catalog_text(builtin_catalog(), kText, kUserFile);
  ASSERT_TRUE(merged.ok()) << describe(merged.error());
  const GpuSpec& gpu = merged.value().gpus.at("my-gpu");
  ASSERT_NE(gpu.kernel_rates, nullptr);
  const GemmTable* table = gpu.kernel_rates->gemm(Precision::bf16);
  ASSERT_NE(table, nullptr);
  EXPECT_EQ(table->tflops.size(), 8U);
  EXPECT_EQ(table->tflops.back(), 80.0);  // (4096, 4096, 4096)
  EXPECT_TRUE(check_catalog_references(merged.value()).empty());
}

TEST(CatalogMerge, AKernelRateTableMustMatchItsAxes) {
  constexpr std::string_view kText = R"(kernel_rates:
  bad-die:
    peak_tflops: { bf16: 100 }
    gemm:
      bf16:
        source: "my bench"
        m: [4096, 256]
        n: [256]
        k: [256, 4096]
        tflops:
          - [10, 20]
    attention:
      fused:
        source: "my bench"
        head_dim: [128]
        seq_len: [1024, 4096]
        forward_tflops:
          - [10, 20, 30]
        backward_tflops:
          - [10, 20]
)";
  const auto merged = merge_catalog_text(builtin_catalog(), kText, kUserFile);
  ASSERT_FALSE(merged.ok());
  const Diagnostic* axis = find_field(merged.error(), "kernel_rates.bad-die.gemm.bf16.m");
  ASSERT_NE(axis, nullptr) << describe(merged.error());
  EXPECT_THAT(axis->problem, HasSubstr("not strictly ascending"));
  EXPECT_EQ(axis->where.line, 7);
  const Diagnostic* rows = find_field(merged.error(), "kernel_rates.bad-die.attention.fused.forward_tflops");
  ASSERT_NE(rows, nullptr) << describe(merged.error());
  EXPECT_THAT(rows->problem, HasSubstr("the axes call for 1 rows of 2"));
}

TEST(CatalogMerge, AGpuNamingNoKernelRatesIsReported) {
  constexpr std::string_view kText = R"(gpus:
  my-gpu:
    dense_tflops: { bf16: 100 }
    hbm_capacity: 80GiB
    hbm_bandwidth: 3TB/s
    tdp: 500W
    kernel_rates: no-such-die
)";
  const auto merged = merge_catalog_text(builtin_catalog(), kText, kUserFile);
  ASSERT_TRUE(merged.ok()) << describe(merged.error());
  const Diagnostics broken = check_catalog_references(merged.value());
  const Diagnostic* problem = find_field(broken, "gpus.my-gpu.kernel_rates");
  ASSERT_NE(problem, nullptr) << describe(broken);
  EXPECT_THAT(problem->problem, HasSubstr("names kernel rates 'no-such-die'"));
  EXPECT_THAT(problem->fix, HasSubstr("gh100"));
}

}  // namespace
}  // namespace gigasim
