// The built-in catalog (data/*.yaml compiled in): it loads, every entry is described and sourced,
// every cross-reference resolves, the names users and examples rely on exist, and a few
// datasheet figures arrive in SI units as the datasheets print them.

#include "spec/catalog.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "spec_test_support.hpp"

namespace gigasim {
namespace {

using testing::builtin_catalog;
using testing::describe;

TEST(BuiltinCatalog, LoadsWithoutProblems) {
  const auto loaded = load_builtin_catalog();
  ASSERT_TRUE(loaded.ok()) << describe(loaded.error());
  EXPECT_TRUE(check_catalog_references(loaded.value()).empty());
}

template <class Entry>
void expect_described_and_sourced(const std::map<std::string, Entry, std::less<>>& entries, std::string_view section) {
  EXPECT_FALSE(entries.empty()) << section;
  for (const auto& [name, entry] : entries) {
    EXPECT_EQ(entry.name, name) << section;
    EXPECT_FALSE(entry.description.empty()) << section << "." << name << " has no description";
    EXPECT_FALSE(entry.sources.empty()) << section << "." << name << " has no sources";
    for (const auto& source : entry.sources) EXPECT_FALSE(source.empty()) << section << "." << name;
  }
}

TEST(BuiltinCatalog, EveryEntryHasADescriptionAndSources) {
  const Catalog& catalog = builtin_catalog();
  expect_described_and_sourced(catalog.gpus, "gpus");
  expect_described_and_sourced(catalog.nodes, "nodes");
  expect_described_and_sourced(catalog.fabrics, "fabrics");
  expect_described_and_sourced(catalog.models, "models");
}

TEST(BuiltinCatalog, EveryReferenceResolves) {
  const Catalog& catalog = builtin_catalog();
  for (const auto& [name, gpu] : catalog.gpus) {
    ASSERT_FALSE(gpu.default_node.empty()) << name << " names no default node";
    EXPECT_TRUE(catalog.nodes.contains(gpu.default_node)) << name << " → " << gpu.default_node;
  }
  for (const auto& [name, node] : catalog.nodes) {
    EXPECT_TRUE(catalog.gpus.contains(node.gpu)) << name << " → " << node.gpu;
    ASSERT_FALSE(node.default_fabric.empty()) << name << " names no default fabric";
    EXPECT_TRUE(catalog.fabrics.contains(node.default_fabric)) << name << " → " << node.default_fabric;
  }
}

TEST(BuiltinCatalog, ReferenceCheckReportsANameThatResolvesToNothing) {
  Catalog catalog = builtin_catalog();
  catalog.gpus.at("h100-sxm").default_node = "hgx-h1000";
  catalog.nodes.at("hgx-h200").default_fabric = "";  // empty means "none": not an error
  const Diagnostics problems = check_catalog_references(catalog);
  ASSERT_EQ(problems.size(), 1u) << describe(problems);
  EXPECT_EQ(problems[0].field, "gpus.h100-sxm.default_node");
  EXPECT_NE(problems[0].problem.find("'hgx-h1000'"), std::string::npos) << problems[0].problem;
}

TEST(BuiltinCatalog, HasTheRequiredGpus) {
  for (const char* name : {"v100", "a100-40gb", "a100-80gb", "h100-sxm", "h800", "h200", "b200", "gb200", "mi300x"})
    EXPECT_TRUE(builtin_catalog().gpus.contains(name)) << name;
}

TEST(BuiltinCatalog, HasTheRequiredNodes) {
  for (const char* name :
       {"dgx-1-v100", "dgx-a100", "hgx-h100", "hgx-h800", "hgx-h200", "hgx-b200", "gb200-nvl72", "mi300x-oam"})
    EXPECT_TRUE(builtin_catalog().nodes.contains(name)) << name;
}

TEST(BuiltinCatalog, HasTheRequiredFabrics) {
  for (const char* name :
       {"ib-edr-fat-tree", "ib-hdr-fat-tree", "ib-ndr-fat-tree", "roce-400g-rail", "spectrum-x-rail"})
    EXPECT_TRUE(builtin_catalog().fabrics.contains(name)) << name;
}

TEST(BuiltinCatalog, HasTheRequiredModels) {
  const std::vector<std::string> required{"gpt3-175b",           "megatron-gpt-1.7b",   "megatron-gpt-3.6b",
                                          "megatron-gpt-7.5b",   "megatron-gpt-18.4b",  "megatron-gpt-39.1b",
                                          "megatron-gpt-76.1b",  "megatron-gpt-145.6b", "megatron-gpt-310.1b",
                                          "megatron-gpt-529.6b", "megatron-gpt-1t",     "llama2-70b",
                                          "llama3-8b",           "llama3-70b",          "llama3-405b",
                                          "nemotron4-340b",      "mixtral-8x7b",        "grok-1",
                                          "deepseek-v3",         "grok-3-class"};
  for (const auto& name : required) EXPECT_TRUE(builtin_catalog().models.contains(name)) << name;
  int megatron_family = 0;
  for (const auto& [name, model] : builtin_catalog().models) megatron_family += name.starts_with("megatron-gpt-");
  EXPECT_EQ(megatron_family, 10);  // Narayanan et al. 2021, Table 1: ten weak-scaling rows
}

TEST(BuiltinCatalog, H100DatasheetFigures) {
  const GpuSpec& h100 = builtin_catalog().gpus.at("h100-sxm");
  // Dense tensor-core peaks: the datasheet's sparse 1,979 / 3,958 TFLOP/s halved.
  ASSERT_TRUE(h100.peak(Precision::bf16));
  EXPECT_EQ(h100.peak(Precision::bf16)->value(), 989e12);
  ASSERT_TRUE(h100.peak(Precision::fp8));
  EXPECT_EQ(h100.peak(Precision::fp8)->value(), 1979e12);
  EXPECT_DOUBLE_EQ(h100.hbm_bandwidth.value(), 3.35e12);  // 3.35 TB/s HBM3
  EXPECT_EQ(h100.tdp.value(), 700.0);
  EXPECT_EQ(h100.nvlink_bandwidth.value(), 9e11);  // 900 GB/s NVLink 4
  // 81,559 MiB as nvidia-smi reports = 81,559 · 2^20 = 85,520,809,984 bytes (79.6 GiB).
  EXPECT_EQ(h100.hbm_capacity.value(), 85'520'809'984.0);
  EXPECT_EQ(h100.default_node, "hgx-h100");
  EXPECT_EQ(h100.architecture, "hopper");
}

TEST(BuiltinCatalog, OlderGpusLackTheNewerPrecisions) {
  const Catalog& catalog = builtin_catalog();
  const GpuSpec& a100 = catalog.gpus.at("a100-80gb");
  EXPECT_FALSE(a100.peak(Precision::fp8)) << "Ampere has no fp8 tensor cores";
  EXPECT_EQ(a100.peak(Precision::bf16)->value(), 312e12);
  EXPECT_FALSE(catalog.gpus.at("a100-40gb").peak(Precision::fp8));
  const GpuSpec& v100 = catalog.gpus.at("v100");
  EXPECT_FALSE(v100.peak(Precision::bf16)) << "Volta has no bf16";
  EXPECT_FALSE(v100.peak(Precision::fp8));
  EXPECT_EQ(v100.peak(Precision::fp16)->value(), 125e12);
}

TEST(BuiltinCatalog, AchievableMatmulFractionFallsBackToSixteenBit) {
  const Catalog& catalog = builtin_catalog();
  // MI300X has bf16 0.514 measured but no fp8 figure: fp8 falls back to the bf16 one.
  EXPECT_EQ(catalog.gpus.at("mi300x").achievable_matmul_fraction(Precision::fp8), 0.514);
  EXPECT_EQ(catalog.gpus.at("h100-sxm").achievable_matmul_fraction(Precision::fp8), 0.709);
  GpuSpec bare;
  EXPECT_EQ(bare.achievable_matmul_fraction(Precision::bf16), 1.0);  // nothing measured: the peak
}

TEST(BuiltinCatalog, NodeAndFabricFigures) {
  const Catalog& catalog = builtin_catalog();
  const NodeSpec& hgx = catalog.nodes.at("hgx-h100");
  EXPECT_EQ(hgx.gpu, "h100-sxm");
  EXPECT_EQ(hgx.gpus_per_node, 8);
  EXPECT_EQ(hgx.nics, 8);
  EXPECT_EQ(hgx.nic_bandwidth.value(), 5e10);  // 400 Gb/s ÷ 8
  EXPECT_DOUBLE_EQ(hgx.host_power.value(), 4600.0);
  const NodeSpec& nvl72 = catalog.nodes.at("gb200-nvl72");
  EXPECT_EQ(nvl72.gpus_per_node, 4);  // one compute tray
  EXPECT_EQ(nvl72.nvlink_domain_gpus, 72);
  // nvlink_domain_gpus defaults to the node; every node's domain holds at least the node.
  for (const auto& [name, node] : catalog.nodes) EXPECT_GE(node.nvlink_domain_gpus, node.gpus_per_node) << name;

  // Rack power from the trays reproduces the published rack: an NVL72 about 120 kW (18 trays of 4 ×
  // 1.2 kW GPUs and 1.67 kW host, 9 switch trays of 400 W: 116.46 + 3.6 = 120.06 kW); an NVL36×2
  // rack 66 kW (9 trays of 4 × 1.2 + 2.13 kW, 9 switch trays: 62.37 + 3.6 = 65.97 kW).
  const auto rack_kw = [&](const NodeSpec& node) {
    const double tray_w = 4 * catalog.gpus.at(node.gpu).tdp.value() + node.host_power.value();
    const int trays = node.nvlink_domain_gpus / node.gpus_per_node / node.racks_per_domain;
    return (trays * tray_w + node.domain_switch_power().value() / node.racks_per_domain) / 1000;
  };
  EXPECT_NEAR(rack_kw(nvl72), 120.0, 0.5);
  const NodeSpec& nvl36x2 = catalog.nodes.at("gb200-nvl36x2");
  EXPECT_EQ(nvl36x2.racks_per_domain, 2);
  EXPECT_EQ(nvl36x2.switch_trays_per_domain, 18);
  EXPECT_NEAR(rack_kw(nvl36x2), 66.0, 0.5);

  const FabricSpec& ndr = catalog.fabrics.at("ib-ndr-fat-tree");
  EXPECT_EQ(ndr.topology, FabricTopology::fat_tree);
  EXPECT_EQ(ndr.link_bandwidth.value(), 5e10);
  EXPECT_EQ(ndr.switch_radix, 64);
  EXPECT_TRUE(ndr.sharp);
  ASSERT_EQ(ndr.tiers.size(), 3u);
  EXPECT_EQ(ndr.tiers[0].name, "leaf");
  EXPECT_DOUBLE_EQ(ndr.tiers[0].hop_latency.value(), 350e-9);
  const FabricSpec& roce = catalog.fabrics.at("roce-400g-rail");
  EXPECT_EQ(roce.topology, FabricTopology::rail_optimized);
  EXPECT_EQ(roce.pod_gpus, 3072);  // 192 racks × 16 GPUs (Llama 3 §3.3.1)
  ASSERT_EQ(roce.tiers.size(), 3u);
  EXPECT_EQ(roce.tiers[1].oversubscription, 7.0);  // the spine's uplinks to the pods' aggregation: 1:7
  EXPECT_EQ(roce.tiers[2].oversubscription, 1.0);  // top tier: no uplinks
  EXPECT_FALSE(roce.sharp);
}

TEST(BuiltinCatalog, CollectiveCalibration) {
  const Catalog& catalog = builtin_catalog();
  const NodeSpec& hgx = catalog.nodes.at("hgx-h100");
  EXPECT_DOUBLE_EQ(hgx.nvlink_bus_efficiency, 0.82);  // 370.7 of 450 GB/s ring busBW
  EXPECT_DOUBLE_EQ(hgx.nvlink_step_latency.value(), 1.9e-6);
  EXPECT_TRUE(hgx.nvls);
  EXPECT_DOUBLE_EQ(hgx.nvls_efficiency, 0.61);
  EXPECT_DOUBLE_EQ(hgx.nvls_latency.value(), 23e-6);
  EXPECT_FALSE(catalog.nodes.at("dgx-a100").nvls);  // NVSwitch gen 2: no in-switch reduction
  const FabricSpec& ndr = catalog.fabrics.at("ib-ndr-fat-tree");
  EXPECT_DOUBLE_EQ(ndr.bus_efficiency, 0.94);
  EXPECT_DOUBLE_EQ(ndr.step_latency.value(), 4e-6);
  EXPECT_DOUBLE_EQ(ndr.sharp_latency.value(), 18e-6);
  // The training nodes and fabrics are calibrated: none falls back to the ideal link.
  for (const char* name :
       {"dgx-1-v100", "dgx-a100", "hgx-h100", "hgx-h800", "hgx-h200", "hgx-b200", "gb200-nvl72", "mi300x-oam"})
    EXPECT_LT(catalog.nodes.at(name).nvlink_bus_efficiency, 1.0) << name;
  for (const char* name :
       {"ib-edr-fat-tree", "ib-hdr-fat-tree", "ib-ndr-fat-tree", "roce-400g-rail", "spectrum-x-rail"})
    EXPECT_GT(catalog.fabrics.at(name).step_latency.value(), 0.0) << name;
}

TEST(BuiltinCatalog, ModelShapes) {
  const Catalog& catalog = builtin_catalog();
  const ModelSpec& llama = catalog.models.at("llama3-405b");
  EXPECT_EQ(llama.layers, 126);
  EXPECT_EQ(llama.hidden, 16384);
  EXPECT_EQ(llama.heads, 128);
  EXPECT_EQ(llama.kv_heads, 8);
  EXPECT_EQ(llama.head_dim, 128);  // 16384 / 128, derived when not given
  EXPECT_EQ(llama.activation, Activation::swiglu);
  EXPECT_FALSE(llama.moe);
  EXPECT_EQ(catalog.models.at("nemotron4-340b").head_dim, 192);  // 18432 / 96
  EXPECT_EQ(catalog.models.at("nemotron4-340b").activation, Activation::relu2);
  const ModelSpec& gpt3 = catalog.models.at("gpt3-175b");
  EXPECT_TRUE(gpt3.tied_embeddings);
  EXPECT_TRUE(gpt3.dropout);
  EXPECT_EQ(gpt3.activation, Activation::gelu);
  EXPECT_EQ(gpt3.kv_heads, gpt3.heads);
}

TEST(BuiltinCatalog, MoeModels) {
  const Catalog& catalog = builtin_catalog();
  const ModelSpec& deepseek = catalog.models.at("deepseek-v3");
  ASSERT_TRUE(deepseek.moe);
  EXPECT_EQ(deepseek.moe->experts, 256);
  EXPECT_EQ(deepseek.moe->top_k, 8);
  EXPECT_EQ(deepseek.moe->shared_experts, 1);
  // Multi-head latent attention: query and key heads of 128 + 64 (rotary), value heads of 128.
  ASSERT_TRUE(deepseek.mla);
  EXPECT_EQ(deepseek.head_dim, 192);
  EXPECT_EQ(deepseek.kv_heads, 128);
  EXPECT_EQ(deepseek.mla->kv_lora_rank, 512);
  EXPECT_EQ(deepseek.moe->max_nodes_per_token, 4);
  // The first 3 layers are dense, every later one MoE.
  EXPECT_FALSE(deepseek.is_moe_layer(0));
  EXPECT_FALSE(deepseek.is_moe_layer(2));
  EXPECT_TRUE(deepseek.is_moe_layer(3));
  EXPECT_TRUE(deepseek.is_moe_layer(60));
  const ModelSpec& mixtral = catalog.models.at("mixtral-8x7b");
  ASSERT_TRUE(mixtral.moe);
  EXPECT_EQ(mixtral.moe->experts, 8);
  EXPECT_EQ(mixtral.moe->top_k, 2);
  EXPECT_TRUE(mixtral.is_moe_layer(0));
  EXPECT_FALSE(catalog.models.at("llama3-70b").is_moe_layer(0));
}

TEST(ModelSpec, MoeEveryNthLayer) {
  ModelSpec model;
  model.layers = 8;
  model.moe = MoeSpec{.experts = 16, .top_k = 2, .expert_ffn = 1024, .moe_every = 2, .first_dense_layers = 1};
  // After one dense layer, every second layer: 1, 3, 5, 7.
  std::vector<int> moe_layers;
  for (int layer = 0; layer < model.layers; ++layer)
    if (model.is_moe_layer(layer)) moe_layers.push_back(layer);
  EXPECT_EQ(moe_layers, (std::vector<int>{1, 3, 5, 7}));
}

// Parameters from the shape alone (embeddings V·h, ×2 when untied; per layer the Q and output
// projections 2·h·heads·head_dim, K and V 2·h·kv_heads·head_dim, the MLP (3 matrices for a gated
// MLP, 2 otherwise) per dense or routed+shared expert, plus the router h·experts), norms and
// biases left out. A typo in a shape field moves this far from the authors' own total.
double approximate_parameters(const ModelSpec& m) {
  const double h = m.hidden;
  const double embeddings = double(m.vocab) * h * (m.tied_embeddings ? 1 : 2);
  const double attention = 2 * h * m.heads * m.head_dim + 2 * h * m.kv_heads * m.head_dim;
  const double mlp_matrices = m.activation == Activation::swiglu ? 3 : 2;
  double total = embeddings;
  for (int layer = 0; layer < m.layers; ++layer) {
    total += attention;
    if (m.is_moe_layer(layer))
      total += mlp_matrices * h * m.moe->expert_ffn * (m.moe->experts + m.moe->shared_experts) + h * m.moe->experts;
    else
      total += mlp_matrices * h * m.ffn;
  }
  return total;
}

TEST(BuiltinCatalog, ShapesAddUpToThePublishedParameterCounts) {
  // Llama 3 405B by hand: 2 · 128256 · 16384 = 4.20e9 embeddings; per layer 2·16384·128·128
  // + 2·16384·8·128 + 3·16384·53248 = 3.188e9, × 126 = 401.6e9; total 405.85e9.
  EXPECT_NEAR(approximate_parameters(builtin_catalog().models.at("llama3-405b")), 405.85e9, 0.01e9);
  for (const auto& [name, model] : builtin_catalog().models) {
    if (!model.published_params_b) continue;
    const double published = *model.published_params_b * 1e9;
    // 5 %: the small Megatron models carry position embeddings and biases left out here (1.7B
    // counts 1.65e9 by shape), and "70B" names round (Llama 2 70B is 68.98e9).
    EXPECT_NEAR(approximate_parameters(model) / published, 1.0, 0.05) << name;
  }
}

}  // namespace
}  // namespace gigasim
