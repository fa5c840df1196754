#pragma once
// Readers for one catalog entry (GPU, node, fabric, model). The catalog files and the mappings a
// job file may give in place of a catalog name share them, so both accept the same fields.

#include <optional>
#include <string>
#include <string_view>

#include <yaml-cpp/yaml.h>

#include "spec/hardware_spec.hpp"
#include "spec/model_spec.hpp"
#include "spec/yaml_fields.hpp"
#include "util/diagnostic.hpp"

namespace gigasim::entry_parse {

// A `{ fp16, bf16, fp8 }` mapping of dense TFLOP/s under `key` (a GPU's dense_tflops, a kernel-rate
// table's peak_tflops).
DensePeak read_dense_peak(yaml_fields::MappingReader& fields, std::string_view key, std::string_view file,
                          Diagnostics& out);

// `path` is the dotted field path of the entry ("gpus.h100-sxm", "cluster.gpu").
std::optional<GpuSpec> read_gpu(const YAML::Node& node, std::string name, const std::string& path,
                                std::string_view file, Diagnostics& out);
std::optional<NodeSpec> read_node(const YAML::Node& node, std::string name, const std::string& path,
                                  std::string_view file, Diagnostics& out);
std::optional<FabricSpec> read_fabric(const YAML::Node& node, std::string name, const std::string& path,
                                      std::string_view file, Diagnostics& out);
std::optional<ModelSpec> read_model(const YAML::Node& node, std::string name, const std::string& path,
                                    std::string_view file, Diagnostics& out);

}  // namespace gigasim::entry_parse
