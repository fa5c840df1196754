#include "spec/catalog.hpp"

#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "spec/entry_parse.hpp"
#include "spec/kernel_rates_parse.hpp"
#include "spec/yaml_fields.hpp"
#include "spec/yaml_load.hpp"

namespace gigasim {
namespace {

template <class Entry, class Reader>
void read_section(const YAML::Node& section, std::string_view section_name, std::string_view origin, Reader reader,
                  std::map<std::string, Entry, std::less<>>& entries, Diagnostics& out) {
  if (!section.IsMap()) {
    out.push_back({yaml_fields::location_of(section, origin), std::string(section_name),
                   "expected a mapping of entries by name", "indent each entry under its name"});
    return;
  }
  std::set<std::string, std::less<>> seen;
  for (const auto& entry : section) {
    const std::string name = entry.first.Scalar();
    if (!seen.insert(name).second) {
      out.push_back({yaml_fields::location_of(entry.first, origin), fmt::format("{}.{}", section_name, name),
                     "is defined more than once in this file", "keep one entry of each name"});
      continue;
    }
    auto parsed = reader(entry.second, name, fmt::format("{}.{}", section_name, name), origin, out);
    if (parsed) entries.insert_or_assign(name, std::move(*parsed));
  }
}

// Kernel-rate entries are shared, not copied, by every GPU (and job) that names them.
std::optional<std::shared_ptr<const KernelRates>> read_shared_kernel_rates(const YAML::Node& node, std::string name,
                                                                           const std::string& path,
                                                                           std::string_view file, Diagnostics& out) {
  auto rates = read_kernel_rates(node, std::move(name), path, file, out);
  if (!rates) return std::nullopt;
  return std::make_shared<const KernelRates>(std::move(*rates));
}

}  // namespace

bool link_kernel_rates(GpuSpec& gpu, const Catalog& catalog) {
  if (gpu.kernel_rates_name.empty()) {
    gpu.kernel_rates.reset();
    return true;
  }
  const auto found = catalog.kernel_rates.find(gpu.kernel_rates_name);
  if (found == catalog.kernel_rates.end()) {
    gpu.kernel_rates.reset();
    return false;
  }
  gpu.kernel_rates = found->second;
  return true;
}

Result<Catalog, Diagnostics> merge_catalog_text(Catalog catalog, std::string_view text, std::string_view origin) {
  Diagnostics problems;
  const auto root = load_yaml_mapping(text, origin, "any of gpus, kernel_rates, nodes, fabrics, models", problems);
  if (!root) return fail(std::move(problems));
  yaml_fields::MappingReader sections(*root, "", origin, problems);
  if (sections.has("gpus"))
    read_section(sections.node("gpus"), "gpus", origin, entry_parse::read_gpu, catalog.gpus, problems);
  if (sections.has("kernel_rates"))
    read_section(sections.node("kernel_rates"), "kernel_rates", origin, read_shared_kernel_rates, catalog.kernel_rates,
                 problems);
  if (sections.has("nodes"))
    read_section(sections.node("nodes"), "nodes", origin, entry_parse::read_node, catalog.nodes, problems);
  if (sections.has("fabrics"))
    read_section(sections.node("fabrics"), "fabrics", origin, entry_parse::read_fabric, catalog.fabrics, problems);
  if (sections.has("models"))
    read_section(sections.node("models"), "models", origin, entry_parse::read_model, catalog.models, problems);
  for (const char* key : {"gpus", "kernel_rates", "nodes", "fabrics", "models"}) (void)sections.node(key);
  sections.reject_unknown_keys();
  if (!problems.empty()) return fail(std::move(problems));
  // A name no file has given yet is reported by check_catalog_references once all files are in.
  for (auto& [name, gpu] : catalog.gpus) (void)link_kernel_rates(gpu, catalog);
  return catalog;
}

Diagnostics check_catalog_references(const Catalog& catalog) {
  Diagnostics problems;
  const auto check = [&](const std::string& path, const std::string& name, const auto& entries, const char* kind) {
    if (name.empty() || entries.contains(name)) return;
    problems.push_back({{"catalog", 0, 0},
                        path,
                        fmt::format("names {} '{}', which the catalog does not have", kind, name),
                        fmt::format("use one of: {}", fmt::join(names_of(entries), ", "))});
  };
  for (const auto& [name, gpu] : catalog.gpus) {
    check("gpus." + name + ".default_node", gpu.default_node, catalog.nodes, "node");
    check("gpus." + name + ".kernel_rates", gpu.kernel_rates_name, catalog.kernel_rates, "kernel rates");
  }
  for (const auto& [name, node] : catalog.nodes) {
    check("nodes." + name + ".gpu", node.gpu, catalog.gpus, "GPU");
    check("nodes." + name + ".default_fabric", node.default_fabric, catalog.fabrics, "fabric");
  }
  return problems;
}

}  // namespace gigasim
