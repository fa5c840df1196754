#pragma once
// Reader for one entry of a catalog's `kernel_rates:` section (data/kernel_rates.yaml).

#include <optional>
#include <string>
#include <string_view>

#include <yaml-cpp/yaml.h>

#include "spec/kernel_rates.hpp"
#include "util/diagnostic.hpp"

namespace gigasim {

// `path` is the dotted field path of the entry ("kernel_rates.gh100"). Every axis must ascend and
// every table's rows must match its axes; each table cites its source.
std::optional<KernelRates> read_kernel_rates(const YAML::Node& node, std::string name, const std::string& path,
                                             std::string_view file, Diagnostics& out);

}  // namespace gigasim
