// A job may describe its model, GPU, node or fabric inline, as a mapping with the catalog's
// fields, instead of naming a catalog entry (INTERFACE.md §1).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "spec_test_support.hpp"

namespace gigasim {
namespace {

using testing::describe;
using ::testing::HasSubstr;
using testing::parse_errors;
using testing::parse_ok;

TEST(JobInlineEntries, ModelAsAMapping) {
  const Job job = parse_ok(R"(model:
  layers: 24
  hidden: 2048
  heads: 16
  kv_heads: 4
  ffn: 5632
  vocab: 32000
  seq_len: 2048
  activation: swiglu
  tied_embeddings: true
cluster: { gpu: h100-sxm, gpus: 8 }
parallelism: { tp: 4, global_batch: 16 }
)");
  const ModelSpec& model = job.model;
  EXPECT_EQ(model.name, "custom-model");
  EXPECT_EQ(model.layers, 24);
  EXPECT_EQ(model.hidden, 2048);
  EXPECT_EQ(model.heads, 16);
  EXPECT_EQ(model.kv_heads, 4);
  EXPECT_EQ(model.head_dim, 128);  // 2048 / 16
  EXPECT_EQ(model.ffn, 5632);
  EXPECT_EQ(model.activation, Activation::swiglu);
  EXPECT_TRUE(model.tied_embeddings);
  EXPECT_FALSE(model.moe);
  EXPECT_EQ(job.parallelism.seq_len, 2048);  // the model's own
  EXPECT_EQ(job.parallelism.dp, 2);          // 8 / 4
}

TEST(JobInlineEntries, MoeModelAsAMapping) {
  const Job job = parse_ok(R"(model:
  layers: 8
  hidden: 1024
  heads: 8
  ffn: 4096
  vocab: 32000
  seq_len: 1024
  moe: { experts: 16, top_k: 2, expert_ffn: 1024, moe_every: 2 }
cluster: { gpu: h100-sxm, gpus: 16 }
parallelism: { ep: 4, global_batch: 16 }
)");
  ASSERT_TRUE(job.model.moe);
  EXPECT_EQ(job.model.moe->experts, 16);
  EXPECT_EQ(job.model.moe->moe_every, 2);
  EXPECT_EQ(job.model.kv_heads, 8);  // no GQA unless said
  EXPECT_TRUE(job.model.is_moe_layer(0));
  EXPECT_FALSE(job.model.is_moe_layer(1));
  EXPECT_EQ(job.parallelism.ep, 4);  // 4 divides 16 experts and dp·cp = 16
}

TEST(JobInlineEntries, GpuAsAMappingInACatalogNode) {
  // A hypothetical H100 successor in an HGX H100 chassis: the node holds the inline GPU.
  const Job job = parse_ok(R"(model: llama3-70b
cluster:
  gpu:
    dense_tflops: { bf16: 1500, fp8: 3000 }
    hbm_capacity: 192GiB
    hbm_bandwidth: 6TB/s
    tdp: 900W
  gpus: 64
  node: hgx-h100
parallelism: { tp: 8, global_batch: 64, precision: fp8 }
)");
  const GpuSpec& gpu = job.cluster.gpu;
  EXPECT_EQ(gpu.name, "custom-gpu");
  EXPECT_EQ(gpu.peak(Precision::bf16)->value(), 1.5e15);
  EXPECT_EQ(gpu.peak(Precision::fp8)->value(), 3e15);
  EXPECT_FALSE(gpu.peak(Precision::fp16));
  EXPECT_EQ(gpu.hbm_capacity.value(), 206'158'430'208.0);  // 192 · 2^30
  EXPECT_EQ(gpu.hbm_bandwidth.value(), 6e12);
  EXPECT_EQ(gpu.tdp.value(), 900.0);
  EXPECT_EQ(job.cluster.node.name, "hgx-h100");
  EXPECT_EQ(job.cluster.node.gpu, "custom-gpu");
  EXPECT_EQ(job.cluster.fabric.name, "ib-ndr-fat-tree");
  EXPECT_EQ(job.parallelism.precision, Precision::fp8);
}

TEST(JobInlineEntries, GpuAsAMappingWithItsOwnDefaultNode) {
  const Job job = parse_ok(R"(model: llama3-8b
cluster:
  gpu: { dense_tflops: { fp16: 100 }, hbm_capacity: 32GiB, hbm_bandwidth: 1TB/s, tdp: 300W, default_node: dgx-1-v100 }
  gpus: 8
parallelism: { global_batch: 8 }
)");
  EXPECT_EQ(job.cluster.node.name, "dgx-1-v100");
  EXPECT_EQ(job.cluster.fabric.name, "ib-edr-fat-tree");
  EXPECT_EQ(job.parallelism.precision, Precision::fp16);  // no bf16 peak given
}

TEST(JobInlineEntries, GpuMappingWithoutANodeSaysSo) {
  const auto problems = parse_errors(R"(model: llama3-8b
cluster:
  gpu: { dense_tflops: { bf16: 100 }, hbm_capacity: 32GiB, hbm_bandwidth: 1TB/s, tdp: 300W }
  gpus: 8
parallelism: { global_batch: 8 }
)");
  ASSERT_EQ(problems.size(), 1u) << describe(problems);
  EXPECT_EQ(problems[0].field, "cluster.node");
  EXPECT_THAT(problems[0].problem, HasSubstr("names no default node"));
}

TEST(JobInlineEntries, GpuMappingWithAWrongUnitIsPlaced) {
  const auto problems = parse_errors(R"(model: llama3-8b
cluster:
  gpu:
    dense_tflops: { bf16: 989 }
    hbm_capacity: 80GiB
    hbm_bandwidth: 3.35TB
    tdp: 700W
  gpus: 8
  node: hgx-h100
parallelism: { global_batch: 8 }
)");
  ASSERT_EQ(problems.size(), 1u) << describe(problems);
  EXPECT_EQ(problems[0].field, "cluster.gpu.hbm_bandwidth");
  EXPECT_EQ(problems[0].where.line, 6);
  EXPECT_EQ(problems[0].where.column, 20);
  EXPECT_THAT(problems[0].problem, HasSubstr("unknown unit 'TB'"));
  EXPECT_THAT(problems[0].problem, HasSubstr("TB/s"));
}

TEST(JobInlineEntries, NodeAndFabricAsMappings) {
  const Job job = parse_ok(R"(model: llama3-8b
cluster:
  gpu: h100-sxm
  gpus: 16
  node: { gpus_per_node: 4, nics: 4, nic_bandwidth: 200Gbps, default_fabric: ib-hdr-fat-tree }
parallelism: { global_batch: 16 }
)");
  EXPECT_EQ(job.cluster.node.name, "custom-node");
  EXPECT_EQ(job.cluster.node.gpus_per_node, 4);
  EXPECT_EQ(job.cluster.node.nvlink_domain_gpus, 4);          // defaults to the node
  EXPECT_EQ(job.cluster.node.nic_bandwidth.value(), 2.5e10);  // 200e9 / 8
  EXPECT_EQ(job.cluster.fabric.name, "ib-hdr-fat-tree");
  // No collective calibration given: the ideal link (efficiency 1, no latency, no NVLS).
  EXPECT_EQ(job.cluster.node.nvlink_bus_efficiency, 1.0);
  EXPECT_EQ(job.cluster.node.nvlink_step_latency.value(), 0.0);
  EXPECT_FALSE(job.cluster.node.nvls);
}

TEST(JobInlineEntries, NodeCalibrationFieldsAreRead) {
  const Job job = parse_ok(R"(model: llama3-8b
cluster:
  gpu: h100-sxm
  gpus: 8
  node: { gpus_per_node: 8, nics: 8, nic_bandwidth: 400Gbps, default_fabric: ib-ndr-fat-tree,
          nvlink_bus_efficiency: 0.8, nvlink_step_latency: 2us, nvls: true, nvls_efficiency: 0.6, nvls_latency: 20us }
parallelism: { global_batch: 8 }
)");
  EXPECT_EQ(job.cluster.node.nvlink_bus_efficiency, 0.8);
  EXPECT_DOUBLE_EQ(job.cluster.node.nvlink_step_latency.value(), 2e-6);
  EXPECT_TRUE(job.cluster.node.nvls);
  EXPECT_EQ(job.cluster.node.nvls_efficiency, 0.6);
  EXPECT_DOUBLE_EQ(job.cluster.node.nvls_latency.value(), 20e-6);
}

TEST(JobInlineEntries, ModelMappingWithProblemsReportsEach) {
  const auto problems = parse_errors(R"(model:
  layers: 24
  hidden: 2048
  heads: 16
  ffn: 5632
  vocab: 32000
  activation: silu
  layer: 3
cluster: { gpu: h100-sxm, gpus: 8 }
parallelism: { global_batch: 8 }
)");
  SCOPED_TRACE(describe(problems));
  ASSERT_EQ(problems.size(), 3u);
  // seq_len is missing, activation is not one of the three, "layer" is a typo of "layers".
  bool missing_seq = false, bad_activation = false, typo = false;
  for (const auto& problem : problems) {
    if (problem.field == "model.seq_len" && problem.problem == "is missing") missing_seq = true;
    if (problem.field == "model.activation") {
      bad_activation = true;
      EXPECT_EQ(problem.where.line, 7);
      EXPECT_EQ(problem.where.column, 15);
      EXPECT_THAT(problem.fix, HasSubstr("gelu | swiglu | relu2"));
    }
    if (problem.field == "model.layer") {
      typo = true;
      EXPECT_EQ(problem.where.line, 8);
      EXPECT_EQ(problem.where.column, 3);
      EXPECT_THAT(problem.fix, HasSubstr("did you mean 'layers'?"));
    }
  }
  EXPECT_TRUE(missing_seq);
  EXPECT_TRUE(bad_activation);
  EXPECT_TRUE(typo);
}

TEST(JobInlineEntries, RackFieldsMustFitTheNvlinkDomain) {
  // A 72-GPU domain of 4-GPU trays is 18 trays: 4 racks cannot share them evenly (18 / 4), and 9
  // switch trays cannot be split over those racks either; a server that is its own NVLink domain
  // takes no racks_per_domain.
  const auto uneven = parse_errors(R"(model: llama3-8b
cluster:
  gpu: gb200
  gpus: 72
  node:
    gpus_per_node: 4
    nvlink_domain_gpus: 72
    racks_per_domain: 4
    switch_trays_per_domain: 9
    switch_tray_power: 400W
    nics: 4
    nic_bandwidth: 400Gbps
parallelism: { global_batch: 72 }
)");
  SCOPED_TRACE(describe(uneven));
  ASSERT_EQ(uneven.size(), 2u);
  EXPECT_EQ(uneven[0].field, "cluster.node.racks_per_domain");
  EXPECT_THAT(uneven[0].problem, HasSubstr("18 compute trays"));
  EXPECT_EQ(uneven[1].field, "cluster.node.switch_trays_per_domain");

  const auto server = parse_errors(R"(model: llama3-8b
cluster:
  gpu: h100-sxm
  gpus: 8
  node: { gpus_per_node: 8, racks_per_domain: 2, nics: 8, nic_bandwidth: 400Gbps }
parallelism: { global_batch: 8 }
)");
  SCOPED_TRACE(describe(server));
  ASSERT_EQ(server.size(), 1u);
  EXPECT_EQ(server[0].field, "cluster.node.racks_per_domain");
  EXPECT_EQ(server[0].where.line, 5);
  EXPECT_THAT(server[0].fix, HasSubstr("rack-scale"));
}

}  // namespace
}  // namespace gigasim
