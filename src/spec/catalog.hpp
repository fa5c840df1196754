#pragma once
// The catalog: named GPUs, nodes, fabrics and models. The built-in one is data/*.yaml embedded in
// the binary; a user's catalog file adds entries or replaces them by name.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "spec/hardware_spec.hpp"
#include "spec/kernel_rates.hpp"
#include "spec/model_spec.hpp"
#include "util/diagnostic.hpp"
#include "util/result.hpp"

namespace gigasim {

struct Catalog {
  std::map<std::string, GpuSpec, std::less<>> gpus;
  std::map<std::string, std::shared_ptr<const KernelRates>, std::less<>> kernel_rates;
  std::map<std::string, NodeSpec, std::less<>> nodes;
  std::map<std::string, FabricSpec, std::less<>> fabrics;
  std::map<std::string, ModelSpec, std::less<>> models;
};

// Parses one catalog file's text (keys `gpus`, `kernel_rates`, `nodes`, `fabrics`, `models`, any
// subset) and adds its entries to `catalog`, replacing entries of the same name, then links every
// GPU to its kernel-rate tables. `origin` names the file in errors. On any error nothing is added and
// every problem is returned.
Result<Catalog, Diagnostics> merge_catalog_text(Catalog catalog, std::string_view text, std::string_view origin);

// Points `gpu.kernel_rates` at the catalog's table set named by `gpu.kernel_rates_name`; false when
// the name is set and the catalog has no such set (nothing is linked then).
bool link_kernel_rates(GpuSpec& gpu, const Catalog& catalog);

// Cross-references (a GPU's default node and kernel rates, a node's GPU and fabric) that name nothing.
Diagnostics check_catalog_references(const Catalog& catalog);

// data/*.yaml as compiled into the binary, parsed and cross-checked. An error here is a defect
// of the build (the tests load it), but is still reported rather than thrown.
Result<Catalog, Diagnostics> load_builtin_catalog();

template <class Entry>
std::vector<std::string> names_of(const std::map<std::string, Entry, std::less<>>& entries) {
  std::vector<std::string> names;
  names.reserve(entries.size());
  for (const auto& [name, entry] : entries) names.push_back(name);
  return names;
}

}  // namespace gigasim
