#include "spec/yaml_fields.hpp"

#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "util/text_distance.hpp"

namespace gigasim::yaml_fields {
namespace {}  // namespace

SourceLocation location_of(const YAML::Node& node, std::string_view file) {
  const YAML::Mark mark = node.Mark();
  if (mark.is_null()) return {std::string(file), 0, 0};
  return {std::string(file), mark.line + 1, mark.column + 1};
}

MappingReader::MappingReader(const YAML::Node& node, std::string path, std::string_view file, Diagnostics& out)
    : node_(node), path_(std::move(path)), file_(file), out_(out) {
  valid_ = node_.IsMap();
  if (!valid_)
    out_.push_back({location_of(node_, file_), path_, "expected a mapping of fields",
                    "write it as `key: value` lines indented under it"});
}

bool MappingReader::has(std::string_view key) const {
  return valid_ && node_[std::string(key)].IsDefined();
}

bool MappingReader::is_auto(std::string_view key) const {
  if (!has(key)) return false;
  const YAML::Node value = node_[std::string(key)];
  return value.IsScalar() && value.Scalar() == "auto";
}

YAML::Node MappingReader::node(std::string_view key) {
  known_.emplace(key);
  if (!valid_) return YAML::Node(YAML::NodeType::Undefined);
  return node_[std::string(key)];
}

std::string MappingReader::field_path(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

SourceLocation MappingReader::where(std::string_view key) const {
  if (!valid_) return location_of(node_, file_);
  for (const auto& entry : node_) {
    if (entry.first.Scalar() != key) continue;
    const bool value_has_place = !entry.second.Mark().is_null() && !entry.second.IsNull();
    return location_of(value_has_place ? entry.second : entry.first, file_);
  }
  return location_of(node_, file_);
}

void MappingReader::report(std::string_view key, std::string problem, std::string fix) {
  out_.push_back({where(key), field_path(key), std::move(problem), std::move(fix)});
}

void MappingReader::require(std::string_view key, std::string_view fix) {
  known_.emplace(key);
  if (valid_ && !has(key)) out_.push_back({location_of(node_, file_), field_path(key), "is missing", std::string(fix)});
}

std::optional<std::string> MappingReader::scalar(std::string_view key, std::string_view expected) {
  const YAML::Node value = node(key);
  if (!value.IsDefined()) return std::nullopt;
  if (!value.IsScalar()) {
    report(key, "expected a single value", fmt::format("write {} here", expected));
    return std::nullopt;
  }
  return value.Scalar();
}

std::optional<double> MappingReader::number(std::string_view key, Range range) {
  const auto value = scalar(key, "a number");
  if (!value) return std::nullopt;
  double parsed = 0.0;
  std::size_t consumed = 0;
  try {
    parsed = std::stod(*value, &consumed);
  } catch (const std::exception&) {
    consumed = 0;
  }
  if (consumed == 0 || consumed != value->size() || !std::isfinite(parsed)) {
    report(key, fmt::format("'{}' is not a number", *value), "write a plain number such as 8 or 1.5e12");
    return std::nullopt;
  }
  if (parsed < range.min || parsed > range.max) {
    report(key, fmt::format("{} is out of range", *value), fmt::format("use a value {}", range_text(range)));
    return std::nullopt;
  }
  return parsed;
}

std::optional<int> MappingReader::integer(std::string_view key, Range range) {
  const auto value = number(key, range);
  if (!value) return std::nullopt;
  if (std::floor(*value) != *value) {
    report(key, fmt::format("{:g} is not a whole number", *value), "use an integer");
    return std::nullopt;
  }
  return static_cast<int>(*value);
}

std::optional<bool> MappingReader::boolean(std::string_view key) {
  const auto value = scalar(key, "true or false");
  if (!value) return std::nullopt;
  if (*value == "true") return true;
  if (*value == "false") return false;
  report(key, fmt::format("'{}' is not a boolean", *value), "use true or false");
  return std::nullopt;
}

std::optional<std::string> MappingReader::text(std::string_view key) {
  return scalar(key, "a name");
}

std::optional<std::vector<std::string>> MappingReader::text_list(std::string_view key) {
  const YAML::Node value = node(key);
  if (!value.IsDefined()) return std::nullopt;
  if (!value.IsSequence()) {
    report(key, "expected a list", "write [\"first\", \"second\"]");
    return std::nullopt;
  }
  std::vector<std::string> items;
  for (const auto& item : value) {
    if (!item.IsScalar()) {
      report(key, "expected a list of plain strings", "quote each entry");
      return std::nullopt;
    }
    items.push_back(item.Scalar());
  }
  return items;
}

std::optional<std::vector<int>> MappingReader::integer_list(std::string_view key, Range range) {
  const auto items = text_list(key);
  if (!items) return std::nullopt;
  std::vector<int> numbers;
  for (const auto& item : *items) {
    std::size_t consumed = 0;
    int parsed = 0;
    try {
      parsed = std::stoi(item, &consumed);
    } catch (const std::exception&) {
      consumed = 0;
    }
    if (consumed == 0 || consumed != item.size() || parsed < range.min || parsed > range.max) {
      report(key, fmt::format("'{}' is not a whole number {}", item, range_text(range)), "fix that entry");
      return std::nullopt;
    }
    numbers.push_back(parsed);
  }
  return numbers;
}

std::optional<std::vector<double>> MappingReader::numbers_of(const YAML::Node& list, std::string_view key,
                                                             Range range) {
  if (!list.IsSequence()) {
    report(key, "expected a list of numbers", "write [1, 2.5, 4e3]");
    return std::nullopt;
  }
  std::vector<double> numbers;
  numbers.reserve(list.size());
  for (const auto& item : list) {
    const std::string text = item.IsScalar() ? item.Scalar() : std::string();
    std::size_t consumed = 0;
    double parsed = 0;
    try {
      parsed = std::stod(text, &consumed);
    } catch (const std::exception&) {
      consumed = 0;
    }
    if (consumed == 0 || consumed != text.size() || !std::isfinite(parsed) || parsed < range.min ||
        parsed > range.max) {
      report(key, fmt::format("'{}' is not a number {}", text, range_text(range)), "fix that entry");
      return std::nullopt;
    }
    numbers.push_back(parsed);
  }
  return numbers;
}

std::optional<std::vector<double>> MappingReader::number_list(std::string_view key, Range range) {
  const YAML::Node value = node(key);
  if (!value.IsDefined()) return std::nullopt;
  return numbers_of(value, key, range);
}

std::optional<std::vector<std::vector<double>>> MappingReader::number_rows(std::string_view key, Range range) {
  const YAML::Node value = node(key);
  if (!value.IsDefined()) return std::nullopt;
  if (!value.IsSequence()) {
    report(key, "expected a list of rows", "write one [a, b, c] per row");
    return std::nullopt;
  }
  std::vector<std::vector<double>> rows;
  for (const auto& row : value) {
    auto numbers = numbers_of(row, key, range);
    if (!numbers) return std::nullopt;
    if (!rows.empty() && numbers->size() != rows.front().size()) {
      report(
          key,
          fmt::format("row {} has {} numbers, the first has {}", rows.size() + 1, numbers->size(), rows.front().size()),
          "give every row the same length");
      return std::nullopt;
    }
    rows.push_back(std::move(*numbers));
  }
  return rows;
}

std::optional<double> MappingReader::quantity(std::string_view key, Dimension dimension, Range range) {
  const auto value = scalar(key, "a quantity with its unit");
  if (!value) return std::nullopt;
  const auto parsed = parse_quantity(*value, dimension);
  if (!parsed) {
    report(key, parsed.error(), "");
    return std::nullopt;
  }
  if (parsed.value() < range.min || parsed.value() > range.max) {
    report(key, fmt::format("{} is out of range", *value),
           fmt::format("use a value {} {}", range_text(range), base_unit(dimension)));
    return std::nullopt;
  }
  return parsed.value();
}

void MappingReader::reject_unknown_keys() {
  if (!valid_) return;
  const std::vector<std::string> known(known_.begin(), known_.end());
  std::set<std::string, std::less<>> seen;
  for (const auto& entry : node_) {
    const std::string key = entry.first.Scalar();
    if (!seen.insert(key).second) {
      out_.push_back({location_of(entry.first, file_), field_path(key), "is given more than once",
                      fmt::format("keep one (the first is on line {})", where(key).line)});
      continue;
    }
    if (known_.contains(key)) continue;
    const auto suggestion = closest_match(key, known);
    std::string fix = suggestion ? fmt::format("did you mean '{}'?", *suggestion)
                                 : fmt::format("known fields here: {}", fmt::join(known, ", "));
    out_.push_back({location_of(entry.first, file_), field_path(key), "unknown field", std::move(fix)});
  }
}

}  // namespace gigasim::yaml_fields
