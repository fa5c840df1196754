#include "spec/yaml_load.hpp"

#include <algorithm>
#include <string>

#include <fmt/format.h>
#include <utf8cpp/utf8.h>
#include <yaml-cpp/depthguard.h>

namespace gigasim {
namespace {

// Where the first byte that is not UTF-8 sits (YAML 1.2 §5.2: a YAML text is Unicode; files are
// UTF-8 here), as line and column in characters; nothing when the whole text is UTF-8. Checked
// before parsing: every string of a parsed file reaches messages and JSON, which must be UTF-8.
std::optional<Diagnostic> non_utf8(std::string_view text, std::string_view origin, std::string_view expected) {
  const auto bad = utf8::find_invalid(text.begin(), text.end());
  if (bad == text.end()) return std::nullopt;
  const std::string_view before = text.substr(0, static_cast<std::size_t>(bad - text.begin()));
  const std::size_t line_start = before.rfind('\n') == std::string_view::npos ? 0 : before.rfind('\n') + 1;
  const auto line = 1 + std::count(before.begin(), before.end(), '\n');
  const auto column = 1 + utf8::distance(before.begin() + static_cast<std::ptrdiff_t>(line_start), before.end());
  return Diagnostic{{std::string(origin), static_cast<int>(line), static_cast<int>(column)},
                    "",
                    fmt::format("byte 0x{:02x} is not UTF-8 text", static_cast<unsigned char>(*bad)),
                    fmt::format("save the file as UTF-8 (a YAML file with {})", expected)};
}

}  // namespace

std::optional<YAML::Node> load_yaml_mapping(std::string_view text, std::string_view origin, std::string_view expected,
                                            Diagnostics& out) {
  const SourceLocation file_start{std::string(origin), 1, 1};
  if (text.find('\0') != std::string_view::npos) {
    out.push_back({file_start, "", "the file holds NUL bytes, so it is not a YAML text file",
                   fmt::format("give a YAML file with {}", expected)});
    return std::nullopt;
  }
  if (auto problem = non_utf8(text, origin, expected)) {
    out.push_back(std::move(*problem));
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
