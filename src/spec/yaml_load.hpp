#pragma once
// Turning text into a YAML tree without letting any byte sequence throw past the spec layer.

#include <optional>
#include <string_view>

#include <yaml-cpp/yaml.h>

#include "util/diagnostic.hpp"

namespace gigasim {

// The document's root mapping, or nothing with the problem appended to `out` (syntax errors with
// their line and column, an empty file, a root that is not a mapping).
std::optional<YAML::Node> load_yaml_mapping(std::string_view text, std::string_view origin, std::string_view expected,
                                            Diagnostics& out);

}  // namespace gigasim
