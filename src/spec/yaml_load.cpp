#include "spec/yaml_load.hpp"

#include <string>

#include <fmt/format.h>
#include <yaml-cpp/depthguard.h>

namespace gigasim {

std::optional<YAML::Node> load_yaml_mapping(std::string_view text, std::string_view origin, std::string_view expected,
                                            Diagnostics& out) {
  const SourceLocation file_start{std::string(origin), 1, 1};
  if (text.find('\0') != std::string_view::npos) {
    out.push_back({file_start, "", "the file holds NUL bytes, so it is not a YAML text file",
                   fmt::format("give a YAML file with {}", expected)});
    return std::nullopt;
  }
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::DeepRecursion& error) {
    const SourceLocation where{std::string(origin), error.mark.is_null() ? 0 : error.mark.line + 1,
                               error.mark.is_null() ? 0 : error.mark.column + 1};
    out.push_back({where, "", "not valid YAML (nested too deeply)",
                   "a job or catalog file needs only a few levels; look for unbalanced [ or {"});
    return std::nullopt;
  } catch (const YAML::Exception& error) {
    const SourceLocation where{std::string(origin), error.mark.is_null() ? 0 : error.mark.line + 1,
                               error.mark.is_null() ? 0 : error.mark.column + 1};
    out.push_back({where, "", fmt::format("not valid YAML ({})", error.msg), "fix the syntax at that place"});
    return std::nullopt;
  }
  if (!root.IsDefined() || root.IsNull()) {
    out.push_back({file_start, "", "the file is empty", fmt::format("give a YAML mapping with {}", expected)});
    return std::nullopt;
  }
  if (!root.IsMap()) {
    const YAML::Mark mark = root.Mark();
    out.push_back({{std::string(origin), mark.is_null() ? 1 : mark.line + 1, mark.is_null() ? 1 : mark.column + 1},
                   "",
                   "the file's top level is not a mapping",
                   fmt::format("give a YAML mapping with {}", expected)});
    return std::nullopt;
  }
  return root;
}

}  // namespace gigasim
