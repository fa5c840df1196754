#include "spec/entry_parse.hpp"

#include <fmt/format.h>

#include "spec/yaml_fields.hpp"

namespace gigasim::entry_parse {
namespace {

using yaml_fields::MappingReader;
using yaml_fields::Range;

// Bounds past which a figure is a typo, not hardware (10× beyond anything announced).
constexpr Range kTflopsRange{0.1, 1e6};
constexpr Range kSmRange{1, 10000};
constexpr Range kKernelTimeRange{0.0, 1e-3};
constexpr Range kHbmBytesRange{1e9, 1e14};
constexpr Range kHbmRateRange{1e9, 1e15};
constexpr Range kLinkRateRange{0.0, 1e15};
constexpr Range kTdpRange{10.0, 1e5};
constexpr Range kPriceRange{0.0, 1e8};
constexpr Range kYearRange{1990, 2100};
constexpr Range kGpusPerNodeRange{1, 1024};
constexpr Range kDomainRange{1, 1e5};
constexpr Range kNicsRange{0, 1024};
constexpr Range kNicRateRange{1e8, 1e13};
constexpr Range kHostPowerRange{0.0, 1e6};
constexpr Range kHostOpTimeRange{0.0, 1e-2};
constexpr Range kRacksPerDomainRange{1, 64};
constexpr Range kSwitchTraysRange{0, 1024};
constexpr Range kSwitchTrayPowerRange{0.0, 1e5};
constexpr Range kRadixRange{2, 4096};
constexpr Range kOversubscriptionRange{1.0, 1000.0};
constexpr Range kHopLatencyRange{0.0, 1e-3};
constexpr Range kPodRange{1, 1e8};
constexpr Range kEfficiencyRange{0.01, 1.0};
constexpr Range kCollectiveLatencyRange{0.0, 1e-3};
constexpr Range kLayersRange{1, 10000};
constexpr Range kWidthRange{1, 1e6};
constexpr Range kFfnRange{1, 1e7};
constexpr Range kVocabRange{1, 1e8};
constexpr Range kExpertsRange{1, 1e5};
constexpr Range kLoraRange{0, 1e6};
constexpr Range kSharedExpertsRange{0, 1e4};
constexpr Range kLeadingDenseRange{0, 1e4};
constexpr Range kMtpLayersRange{0, 16};  // DeepSeek-V3 trains with 1; 16 bounds a typo, not a design
constexpr Range kParamsBillionsRange{1e-6, 1e6};

std::vector<std::string> read_common(MappingReader& fields, std::string& description) {
  description = fields.text("description").value_or("");
  return fields.text_list("sources").value_or(std::vector<std::string>{});
}

// A rack-scale node (a compute tray whose NVLink domain spans several trays) is built in whole
// domains of whole trays over whole racks; the rack fields mean nothing on a server that is its own
// NVLink domain.
void check_rack_scale_fields(const NodeSpec& spec, MappingReader& fields) {
  if (!spec.rack_scale()) {
    if (spec.racks_per_domain != 1)
      fields.report("racks_per_domain",
                    fmt::format("{} on a node that is its own NVLink domain", spec.racks_per_domain),
                    "give racks_per_domain only on a rack-scale node (nvlink_domain_gpus above gpus_per_node)");
    if (spec.switch_trays_per_domain != 0)
      fields.report("switch_trays_per_domain",
                    fmt::format("{} on a node that is its own NVLink domain", spec.switch_trays_per_domain),
                    "count a server's NVSwitch chips in its host_power; switch trays belong to rack-scale nodes");
    return;
  }
  if (spec.gpus_per_node <= 0) return;
  if (spec.nvlink_domain_gpus % spec.gpus_per_node != 0) {
    fields.report("nvlink_domain_gpus",
                  fmt::format("{} is not a whole number of {}-GPU trays", spec.nvlink_domain_gpus, spec.gpus_per_node),
                  "a rack-scale NVLink domain is made of whole compute trays, e.g. 72 = 18 × 4");
    return;
  }
  const int trays = spec.nvlink_domain_gpus / spec.gpus_per_node;
  if (trays % spec.racks_per_domain != 0)
    fields.report(
        "racks_per_domain",
        fmt::format("{} racks cannot share the domain's {} compute trays evenly", spec.racks_per_domain, trays),
        "give a divisor of the domain's trays, e.g. 2 for an NVL36×2 (9 trays a rack)");
  if (spec.switch_trays_per_domain % spec.racks_per_domain != 0)
    fields.report("switch_trays_per_domain",
                  fmt::format("{} switch trays cannot be shared evenly by {} racks", spec.switch_trays_per_domain,
                              spec.racks_per_domain),
                  "give a multiple of racks_per_domain, e.g. 18 for an NVL36×2 (9 a rack)");
  if (spec.switch_trays_per_domain > 0 && spec.switch_tray_power.value() <= 0)
    fields.report("switch_tray_power", "missing while switch_trays_per_domain is given",
                  "give each switch tray's power, e.g. 400W");
}

}  // namespace

DensePeak read_dense_peak(MappingReader& fields, std::string_view key, std::string_view file, Diagnostics& out) {
  DensePeak peak;
  MappingReader rates(fields.node(key), fields.field_path(key), file, out);
  if (!rates.valid()) return peak;
  const auto rate = [&](std::string_view precision) -> std::optional<FlopsPerSecond> {
    const auto value = rates.number(precision, kTflopsRange);
    if (!value) return std::nullopt;
    return tflops(*value);
  };
  peak.fp16 = rate("fp16");
  peak.bf16 = rate("bf16");
  peak.fp8 = rate("fp8");
  rates.reject_unknown_keys();
  return peak;
}

std::optional<GpuSpec> read_gpu(const YAML::Node& node, std::string name, const std::string& path,
                                std::string_view file, Diagnostics& out) {
  const std::size_t problems_before = out.size();
  MappingReader fields(node, path, file, out);
  if (!fields.valid()) return std::nullopt;
  GpuSpec gpu;
  gpu.name = std::move(name);
  gpu.sources = read_common(fields, gpu.description);
  gpu.architecture = fields.text("architecture").value_or("");
  gpu.released_year = fields.integer("released", kYearRange).value_or(0);

  fields.require("dense_tflops", "give the dense peak per precision, e.g. { bf16: 989, fp8: 1979 }");
  // Only when written: a missing field is already reported once by require().
  if (fields.has("dense_tflops")) {
    gpu.dense_peak = read_dense_peak(fields, "dense_tflops", file, out);
    if (!gpu.dense_peak.fp16 && !gpu.dense_peak.bf16)
      fields.report("dense_tflops", "has neither fp16 nor bf16", "give at least the fp16 dense peak");
  }
  if (fields.has("matmul_efficiency")) {
    MappingReader efficiency(fields.node("matmul_efficiency"), fields.field_path("matmul_efficiency"), file, out);
    constexpr Range kFractionRange{0.01, 1.0};
    gpu.matmul_efficiency.fp16 = efficiency.number("fp16", kFractionRange);
    gpu.matmul_efficiency.bf16 = efficiency.number("bf16", kFractionRange);
    gpu.matmul_efficiency.fp8 = efficiency.number("fp8", kFractionRange);
    efficiency.reject_unknown_keys();
  } else {
    (void)fields.node("matmul_efficiency");
  }
  gpu.streaming_multiprocessors = fields.integer("streaming_multiprocessors", kSmRange).value_or(0);
  gpu.sustained_clock_ratio = fields.number("sustained_clock_ratio", kEfficiencyRange).value_or(1.0);
  if (fields.has("attention_efficiency")) {
    MappingReader attention(fields.node("attention_efficiency"), fields.field_path("attention_efficiency"), file, out);
    gpu.attention_efficiency_fused = attention.number("fused", kEfficiencyRange);
    gpu.attention_efficiency_flash2 = attention.number("flash2", kEfficiencyRange);
    gpu.attention_efficiency_flash1 = attention.number("flash1", kEfficiencyRange);
    attention.reject_unknown_keys();
  } else {
    (void)fields.node("attention_efficiency");
  }
  gpu.min_kernel_time = Seconds(fields.quantity("min_kernel_time", Dimension::time, kKernelTimeRange).value_or(0.0));
  gpu.kernel_rates_name = fields.text("kernel_rates").value_or("");
  gpu.fused_attention = fields.boolean("fused_attention").value_or(true);
  fields.require("hbm_capacity", "give the memory, e.g. 80GiB");
  gpu.hbm_capacity = Bytes(fields.quantity("hbm_capacity", Dimension::bytes, kHbmBytesRange).value_or(0.0));
  fields.require("hbm_bandwidth", "give the memory bandwidth, e.g. 3.35TB/s");
  gpu.hbm_bandwidth =
      BytesPerSecond(fields.quantity("hbm_bandwidth", Dimension::byte_rate, kHbmRateRange).value_or(0.0));
  gpu.hbm_efficiency = fields.number("hbm_efficiency", kEfficiencyRange).value_or(1.0);
  gpu.nvlink_bandwidth =
      BytesPerSecond(fields.quantity("nvlink_bandwidth", Dimension::byte_rate, kLinkRateRange).value_or(0.0));
  fields.require("tdp", "give the board power, e.g. 700W");
  gpu.tdp = Watts(fields.quantity("tdp", Dimension::power, kTdpRange).value_or(0.0));
  if (const auto price = fields.number("price_usd", kPriceRange)) gpu.price = Usd(*price);
  gpu.default_node = fields.text("default_node").value_or("");
  fields.reject_unknown_keys();
  if (out.size() != problems_before) return std::nullopt;
  return gpu;
}

std::optional<NodeSpec> read_node(const YAML::Node& node, std::string name, const std::string& path,
                                  std::string_view file, Diagnostics& out) {
  const std::size_t problems_before = out.size();
  MappingReader fields(node, path, file, out);
  if (!fields.valid()) return std::nullopt;
  NodeSpec spec;
  spec.name = std::move(name);
  spec.sources = read_common(fields, spec.description);
  spec.gpu = fields.text("gpu").value_or("");
  fields.require("gpus_per_node", "give the GPUs in one node, e.g. 8");
  spec.gpus_per_node = fields.integer("gpus_per_node", kGpusPerNodeRange).value_or(0);
  spec.nvlink_domain_gpus = fields.integer("nvlink_domain_gpus", kDomainRange).value_or(spec.gpus_per_node);
  fields.require("nics", "give the backend NICs per node, e.g. 8");
  spec.nics = fields.integer("nics", kNicsRange).value_or(0);
  fields.require("nic_bandwidth", "give each NIC's rate, e.g. 400Gbps");
  spec.nic_bandwidth =
      BytesPerSecond(fields.quantity("nic_bandwidth", Dimension::byte_rate, kNicRateRange).value_or(0.0));
  spec.host_power = Watts(fields.quantity("host_power", Dimension::power, kHostPowerRange).value_or(0.0));
  spec.racks_per_domain = fields.integer("racks_per_domain", kRacksPerDomainRange).value_or(1);
  spec.switch_trays_per_domain = fields.integer("switch_trays_per_domain", kSwitchTraysRange).value_or(0);
  spec.switch_tray_power =
      Watts(fields.quantity("switch_tray_power", Dimension::power, kSwitchTrayPowerRange).value_or(0.0));
  spec.host_op_time = Seconds(fields.quantity("host_op_time", Dimension::time, kHostOpTimeRange).value_or(0.0));
  spec.default_fabric = fields.text("default_fabric").value_or("");
  spec.nvlink_bus_efficiency = fields.number("nvlink_bus_efficiency", kEfficiencyRange).value_or(1.0);
  spec.nvlink_step_latency =
      Seconds(fields.quantity("nvlink_step_latency", Dimension::time, kCollectiveLatencyRange).value_or(0.0));
  spec.nvls = fields.boolean("nvls").value_or(false);
  spec.nvls_efficiency = fields.number("nvls_efficiency", kEfficiencyRange).value_or(1.0);
  spec.nvls_latency = Seconds(fields.quantity("nvls_latency", Dimension::time, kCollectiveLatencyRange).value_or(0.0));
  fields.reject_unknown_keys();
  if (spec.nvlink_domain_gpus < spec.gpus_per_node && out.size() == problems_before)
    fields.report("nvlink_domain_gpus",
                  fmt::format("{} is smaller than gpus_per_node ({})", spec.nvlink_domain_gpus, spec.gpus_per_node),
                  "an NVLink domain holds at least one whole node");
  check_rack_scale_fields(spec, fields);
  if (out.size() != problems_before) return std::nullopt;
  return spec;
}

std::optional<FabricSpec> read_fabric(const YAML::Node& node, std::string name, const std::string& path,
                                      std::string_view file, Diagnostics& out) {
  const std::size_t problems_before = out.size();
  MappingReader fields(node, path, file, out);
  if (!fields.valid()) return std::nullopt;
  FabricSpec fabric;
  fabric.name = std::move(name);
  fabric.sources = read_common(fields, fabric.description);
  fabric.topology = fields.choice("topology", topology_choices()).value_or(FabricTopology::fat_tree);
  fields.require("link_bandwidth", "give the per-port rate, e.g. 400Gbps");
  fabric.link_bandwidth =
      BytesPerSecond(fields.quantity("link_bandwidth", Dimension::byte_rate, kNicRateRange).value_or(0.0));
  fields.require("switch_radix", "give the ports per switch, e.g. 64");
  fabric.switch_radix = fields.integer("switch_radix", kRadixRange).value_or(0);
  fabric.sharp = fields.boolean("sharp").value_or(false);
  if (const auto pod = fields.integer("pod_gpus", kPodRange)) fabric.pod_gpus = *pod;
  fabric.bus_efficiency = fields.number("bus_efficiency", kEfficiencyRange).value_or(1.0);
  fabric.step_latency =
      Seconds(fields.quantity("step_latency", Dimension::time, kCollectiveLatencyRange).value_or(0.0));
  fabric.sharp_latency =
      Seconds(fields.quantity("sharp_latency", Dimension::time, kCollectiveLatencyRange).value_or(0.0));
  fields.require("tiers", "list the switch tiers from the node outward");
  const YAML::Node tiers = fields.node("tiers");
  if (tiers.IsDefined() && !tiers.IsSequence()) {
    fields.report("tiers", "expected a list", "write one `- { name, oversubscription, hop_latency }` per tier");
  } else if (tiers.IsDefined()) {
    int index = 0;
    for (const auto& tier_node : tiers) {
      MappingReader tier_fields(tier_node, fmt::format("{}[{}]", fields.field_path("tiers"), index++), file, out);
      if (!tier_fields.valid()) continue;
      FabricTier tier;
      tier_fields.require("name", "name the tier, e.g. leaf");
      tier.name = tier_fields.text("name").value_or("");
      tier.oversubscription = tier_fields.number("oversubscription", kOversubscriptionRange).value_or(1.0);
      tier.hop_latency = Seconds(tier_fields.quantity("hop_latency", Dimension::time, kHopLatencyRange).value_or(0.0));
      tier_fields.reject_unknown_keys();
      fabric.tiers.push_back(std::move(tier));
    }
    if (fabric.tiers.empty()) fields.report("tiers", "is empty", "list at least the leaf tier");
  }
  fields.reject_unknown_keys();
  if (out.size() != problems_before) return std::nullopt;
  return fabric;
}

std::optional<ModelSpec> read_model(const YAML::Node& node, std::string name, const std::string& path,
                                    std::string_view file, Diagnostics& out) {
  const std::size_t problems_before = out.size();
  MappingReader fields(node, path, file, out);
  if (!fields.valid()) return std::nullopt;
  ModelSpec model;
  model.name = std::move(name);
  model.sources = read_common(fields, model.description);
  for (const char* key : {"layers", "hidden", "heads", "ffn", "vocab", "seq_len"})
    fields.require(key, "every model needs layers, hidden, heads, ffn, vocab and seq_len");
  model.layers = fields.integer("layers", kLayersRange).value_or(0);
  model.hidden = fields.integer("hidden", kWidthRange).value_or(0);
  model.heads = fields.integer("heads", kWidthRange).value_or(0);
  model.kv_heads = fields.integer("kv_heads", kWidthRange).value_or(model.heads);
  model.ffn = fields.integer("ffn", kFfnRange).value_or(0);
  model.vocab = fields.integer("vocab", kVocabRange).value_or(0);
  model.seq_len = fields.integer("seq_len", kSeqRange).value_or(0);
  const auto head_dim = fields.integer("head_dim", kWidthRange);
  model.activation = fields.choice("activation", activation_choices()).value_or(Activation::gelu);
  model.tied_embeddings = fields.boolean("tied_embeddings").value_or(false);
  model.dropout = fields.boolean("dropout").value_or(false);
  model.rotary_embeddings = fields.boolean("rotary_embeddings").value_or(true);
  model.published_params_b = fields.number("published_params_b", kParamsBillionsRange);
  model.mtp_layers = fields.integer("mtp_layers", kMtpLayersRange).value_or(0);

  if (model.heads > 0 && model.hidden > 0 && !fields.has("mla")) {
    if (head_dim) {
      model.head_dim = *head_dim;
    } else if (model.hidden % model.heads != 0) {
      fields.report("heads", fmt::format("{} does not divide hidden ({})", model.heads, model.hidden),
                    "give head_dim explicitly or a head count that divides hidden");
    } else {
      model.head_dim = model.hidden / model.heads;
    }
  }
  if (model.kv_heads > 0 && model.heads > 0 && model.heads % model.kv_heads != 0)
    fields.report("kv_heads", fmt::format("{} does not divide heads ({})", model.kv_heads, model.heads),
                  "grouped-query attention needs heads to be a multiple of kv_heads");

  if (fields.has("mla")) {
    MappingReader mla_fields(fields.node("mla"), fields.field_path("mla"), file, out);
    if (mla_fields.valid()) {
      MlaSpec mla;
      for (const char* key : {"kv_lora_rank", "qk_nope_head_dim", "qk_rope_head_dim", "v_head_dim"})
        mla_fields.require(key, "MLA needs kv_lora_rank, qk_nope_head_dim, qk_rope_head_dim and v_head_dim");
      mla.q_lora_rank = mla_fields.integer("q_lora_rank", kLoraRange).value_or(0);
      mla.kv_lora_rank = mla_fields.integer("kv_lora_rank", kWidthRange).value_or(0);
      mla.qk_nope_head_dim = mla_fields.integer("qk_nope_head_dim", kWidthRange).value_or(0);
      mla.qk_rope_head_dim = mla_fields.integer("qk_rope_head_dim", kLoraRange).value_or(0);
      mla.v_head_dim = mla_fields.integer("v_head_dim", kWidthRange).value_or(0);
      mla_fields.reject_unknown_keys();
      if (head_dim && *head_dim != mla.qk_nope_head_dim + mla.qk_rope_head_dim)
        fields.report("head_dim",
                      fmt::format("{} is not qk_nope_head_dim + qk_rope_head_dim = {} under MLA", *head_dim,
                                  mla.qk_nope_head_dim + mla.qk_rope_head_dim),
                      "leave head_dim out: MLA sets it");
      if (fields.has("kv_heads") && model.kv_heads != model.heads)
        fields.report("kv_heads", "MLA gives every head its own key and value",
                      "leave kv_heads out (it is heads under MLA)");
      model.head_dim = mla.qk_nope_head_dim + mla.qk_rope_head_dim;
      model.kv_heads = model.heads;
      model.mla = mla;
    }
  } else {
    (void)fields.node("mla");
  }
  if (fields.has("moe")) {
    MappingReader moe_fields(fields.node("moe"), fields.field_path("moe"), file, out);
    if (moe_fields.valid()) {
      MoeSpec moe;
      for (const char* key : {"experts", "top_k", "expert_ffn"})
        moe_fields.require(key, "a MoE block needs experts, top_k and expert_ffn");
      moe.experts = moe_fields.integer("experts", kExpertsRange).value_or(0);
      moe.top_k = moe_fields.integer("top_k", kExpertsRange).value_or(0);
      moe.expert_ffn = moe_fields.integer("expert_ffn", kFfnRange).value_or(0);
      moe.shared_experts = moe_fields.integer("shared_experts", kSharedExpertsRange).value_or(0);
      moe.moe_every = moe_fields.integer("moe_every", kLayersRange).value_or(1);
      moe.first_dense_layers = moe_fields.integer("first_dense_layers", kLeadingDenseRange).value_or(0);
      moe.max_nodes_per_token = moe_fields.integer("max_nodes_per_token", kExpertsRange).value_or(0);
      moe_fields.reject_unknown_keys();
      if (moe.top_k > moe.experts)
        moe_fields.report("top_k", fmt::format("{} exceeds experts ({})", moe.top_k, moe.experts),
                          "a token visits at most every expert");
      if (model.layers > 0 && moe.first_dense_layers >= model.layers)
        moe_fields.report("first_dense_layers",
                          fmt::format("{} leaves no MoE layer of {}", moe.first_dense_layers, model.layers),
                          "use fewer leading dense layers");
      model.moe = moe;
    }
  } else {
    (void)fields.node("moe");
  }
  fields.reject_unknown_keys();
  if (out.size() != problems_before) return std::nullopt;
  return model;
}

}  // namespace gigasim::entry_parse
