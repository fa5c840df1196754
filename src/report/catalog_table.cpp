#include "report/catalog_table.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "spec/choices.hpp"
#include "spec/scenario.hpp"
#include "util/number_format.hpp"
#include "workload/parameter_count.hpp"

namespace gigasim {
namespace {

using nlohmann::json;

constexpr double kGiga = 1e9;
constexpr double kTera = 1e12;
constexpr double kKilo = 1e3;
constexpr double kBitsPerByte = 8.0;

std::string tflops_text(const std::optional<FlopsPerSecond>& peak) {
  return peak ? fmt::format("{:.0f}", to_tflops(*peak)) : "-";
}

std::string gpu_rows(const Catalog& catalog) {
  std::string out = fmt::format("{:<11} {:>5} {:>5} {:>5} {:>7} {:>7} {:>8} {:>6} {:>8}  {}\n", "gpu", "fp16", "bf16",
                                "fp8", "HBM GiB", "HBM TB/s", "NVLink GB/s", "TDP W", "price $", "description");
  for (const auto& [name, gpu] : catalog.gpus)
    out +=
        fmt::format("{:<11} {:>5} {:>5} {:>5} {:>7.0f} {:>8.2f} {:>11.0f} {:>6.0f} {:>8}  {}\n", name,
                    tflops_text(gpu.dense_peak.fp16), tflops_text(gpu.dense_peak.bf16), tflops_text(gpu.dense_peak.fp8),
                    to_gib(gpu.hbm_capacity), gpu.hbm_bandwidth.value() / kTera, gpu.nvlink_bandwidth.value() / kGiga,
                    gpu.tdp.value(), gpu.price ? with_commas(gpu.price->value()) : "-", gpu.description);
  return out + "(dense tensor-core TFLOP/s; NVLink is the bidirectional total per GPU)\n";
}

std::string node_rows(const Catalog& catalog) {
  std::string out = fmt::format("{:<13} {:<10} {:>4} {:>7} {:>10} {:>8}  {:<16} {}\n", "node", "gpu", "gpus", "nvlink",
                                "NICs×Gb/s", "host kW", "fabric", "description");
  for (const auto& [name, node] : catalog.nodes)
    out += fmt::format("{:<13} {:<10} {:>4} {:>7} {:>10} {:>8.1f}  {:<16} {}\n", name, node.gpu, node.gpus_per_node,
                       node.nvlink_domain_gpus,
                       fmt::format("{}×{:.0f}", node.nics, node.nic_bandwidth.value() * kBitsPerByte / kGiga),
                       node.host_power.value() / kKilo, node.default_fabric, node.description);
  return out;
}

std::string scenario_rows() {
  std::string out = fmt::format("{:<22} {}\n", "scenario", "what it plans (gigasim plan NAME, gigasim run NAME)");
  for (const BuiltinScenarioSummary& scenario : builtin_scenario_summaries())
    out += fmt::format("{:<22} {}\n", scenario.name, scenario.description);
  return out;
}

std::string fabric_rows(const Catalog& catalog) {
  std::string out = fmt::format("{:<16} {:<14} {:>6} {:>5} {:>5}  {:<28} {}\n", "fabric", "topology", "Gb/s", "radix",
                                "SHARP", "tiers (oversubscription)", "description");
  for (const auto& [name, fabric] : catalog.fabrics) {
    std::string tiers;
    for (const auto& tier : fabric.tiers)
      tiers += fmt::format("{}{} {:g}:1", tiers.empty() ? "" : ", ", tier.name, tier.oversubscription);
    out += fmt::format("{:<16} {:<14} {:>6.0f} {:>5} {:>5}  {:<28} {}\n", name, to_string(fabric.topology),
                       fabric.link_bandwidth.value() * kBitsPerByte / kGiga, fabric.switch_radix,
                       fabric.sharp ? "yes" : "no", tiers, fabric.description);
  }
  return out;
}

std::string model_rows(const Catalog& catalog) {
  std::string out =
      fmt::format("{:<20} {:>8} {:>8} {:>6} {:>6} {:>6} {:>4} {:>7} {:>7} {:>6}  {}\n", "model", "params B", "active B",
                  "layers", "hidden", "heads", "kv", "ffn", "vocab", "seq", "description");
  for (const auto& [name, model] : catalog.models) {
    const ModelParameters parameters = model_parameters(model);
    out += fmt::format("{:<20} {:>8.1f} {:>8.1f} {:>6} {:>6} {:>6} {:>4} {:>7} {:>7} {:>6}  {}\n", name,
                       parameters.total() / kGiga, parameters.active_per_token / kGiga, model.layers, model.hidden,
                       model.heads, model.kv_heads, model.ffn, model.vocab, model.seq_len, model.description);
  }
  return out;
}

template <class T>
std::string choice_rows(std::string_view field, std::span<const NamedChoice<T>> choices) {
  std::string out;
  for (const auto& choice : choices) {
    out += fmt::format("{:<26} {:<15} {}\n", field, choice.name, choice.description);
    field = "";
  }
  return out;
}

std::string option_rows() {
  return fmt::format("{:<26} {:<15} {}\n", "field", "value", "meaning") +
         choice_rows("parallelism.recompute", recompute_choices()) +
         choice_rows("parallelism.precision", precision_choices()) +
         choice_rows("model.activation", activation_choices()) + choice_rows("fabric.topology", topology_choices()) +
         choice_rows("training.framework", framework_choices()) +
         choice_rows("training.attention_kernel", attention_kernel_choices());
}

template <class T>
json choice_json(std::span<const NamedChoice<T>> choices) {
  json out = json::object();
  for (const auto& choice : choices) out[std::string(choice.name)] = choice.description;
  return out;
}

template <class Entry, class Fields>
json section_json(const std::map<std::string, Entry, std::less<>>& entries, Fields fields) {
  json out = json::object();
  for (const auto& [name, entry] : entries) {
    json item = fields(entry);
    item["description"] = entry.description;
    item["sources"] = entry.sources;
    out[name] = std::move(item);
  }
  return out;
}

json optional_tflops(const std::optional<FlopsPerSecond>& peak) {
  return peak ? json(to_tflops(*peak)) : json(nullptr);
}

}  // namespace

std::string catalog_table(const Catalog& catalog, std::string_view section) {
  std::string out;
  const auto add = [&](std::string_view name, const std::string& rows) {
    if (!section.empty() && section != name) return;
    if (!out.empty()) out += "\n";
    out += rows;
  };
  add("gpus", gpu_rows(catalog));
  add("nodes", node_rows(catalog));
  add("fabrics", fabric_rows(catalog));
  add("models", model_rows(catalog));
  add("options", option_rows());
  add("scenarios", scenario_rows());
  return out;
}

json catalog_json(const Catalog& catalog, std::string_view section) {
  json out = json::object();
  const auto wanted = [&](std::string_view name) { return section.empty() || section == name; };
  if (wanted("gpus"))
    out["gpus"] = section_json(catalog.gpus, [](const GpuSpec& gpu) {
      return json{{"dense_tflops",
                   {{"fp16", optional_tflops(gpu.dense_peak.fp16)},
                    {"bf16", optional_tflops(gpu.dense_peak.bf16)},
                    {"fp8", optional_tflops(gpu.dense_peak.fp8)}}},
                  {"hbm_capacity_gib", to_gib(gpu.hbm_capacity)},
                  {"hbm_bandwidth_bytes_per_s", gpu.hbm_bandwidth.value()},
                  {"nvlink_bandwidth_bytes_per_s", gpu.nvlink_bandwidth.value()},
                  {"tdp_w", gpu.tdp.value()},
                  {"price_usd", gpu.price ? json(gpu.price->value()) : json(nullptr)},
                  {"default_node", gpu.default_node}};
    });
  if (wanted("nodes"))
    out["nodes"] = section_json(catalog.nodes, [](const NodeSpec& node) {
      return json{{"gpu", node.gpu},
                  {"gpus_per_node", node.gpus_per_node},
                  {"nvlink_domain_gpus", node.nvlink_domain_gpus},
                  {"nics", node.nics},
                  {"nic_bandwidth_bytes_per_s", node.nic_bandwidth.value()},
                  {"host_power_w", node.host_power.value()},
                  {"racks_per_domain", node.racks_per_domain},
                  {"switch_trays_per_domain", node.switch_trays_per_domain},
                  {"switch_tray_power_w", node.switch_tray_power.value()},
                  {"default_fabric", node.default_fabric}};
    });
  if (wanted("fabrics"))
    out["fabrics"] = section_json(catalog.fabrics, [](const FabricSpec& fabric) {
      json tiers = json::array();
      for (const auto& tier : fabric.tiers)
        tiers.push_back({{"name", tier.name},
                         {"oversubscription", tier.oversubscription},
                         {"hop_latency_s", tier.hop_latency.value()}});
      return json{{"topology", to_string(fabric.topology)},
                  {"link_bandwidth_bytes_per_s", fabric.link_bandwidth.value()},
                  {"switch_radix", fabric.switch_radix},
                  {"sharp", fabric.sharp},
                  {"pod_gpus", fabric.pod_gpus ? json(*fabric.pod_gpus) : json(nullptr)},
                  {"tiers", tiers}};
    });
  if (wanted("models"))
    out["models"] = section_json(catalog.models, [](const ModelSpec& model) {
      const ModelParameters parameters = model_parameters(model);
      return json{{"layers", model.layers},
                  {"hidden", model.hidden},
                  {"heads", model.heads},
                  {"kv_heads", model.kv_heads},
                  {"head_dim", model.head_dim},
                  {"ffn", model.ffn},
                  {"vocab", model.vocab},
                  {"seq_len", model.seq_len},
                  {"activation", to_string(model.activation)},
                  {"mtp_layers", model.mtp_layers},
                  {"params_b", parameters.total() / kGiga},
                  {"active_params_b", parameters.active_per_token / kGiga},
                  {"published_params_b", model.published_params_b ? json(*model.published_params_b) : json(nullptr)}};
    });
  if (wanted("options"))
    out["options"] = {{"parallelism.recompute", choice_json(recompute_choices())},
                      {"parallelism.precision", choice_json(precision_choices())},
                      {"model.activation", choice_json(activation_choices())},
                      {"fabric.topology", choice_json(topology_choices())},
                      {"training.framework", choice_json(framework_choices())},
                      {"training.attention_kernel", choice_json(attention_kernel_choices())}};
  if (wanted("scenarios")) {
    json scenarios = json::object();
    for (const BuiltinScenarioSummary& scenario : builtin_scenario_summaries())
      scenarios[scenario.name] = {{"description", scenario.description}};
    out["scenarios"] = scenarios;
  }
  return out;
}

}  // namespace gigasim
