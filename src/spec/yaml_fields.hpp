#pragma once
// Reading one YAML mapping field by field, collecting every problem with its place instead of
// stopping at the first. Internal to the spec layer: nothing outside it sees yaml-cpp.

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "spec/choices.hpp"
#include "spec/field_range.hpp"
#include "util/diagnostic.hpp"
#include "util/quantity_parse.hpp"

namespace gigasim::yaml_fields {

SourceLocation location_of(const YAML::Node& node, std::string_view file);

// A value outside its bounds is reported as absurd, with the range.
using gigasim::Range;

class MappingReader {
 public:
  // Reports a problem (and reads nothing) when `node` is not a mapping.
  MappingReader(const YAML::Node& node, std::string path, std::string_view file, Diagnostics& out);

  [[nodiscard]] bool valid() const { return valid_; }
  [[nodiscard]] bool has(std::string_view key) const;
  [[nodiscard]] bool is_auto(std::string_view key) const;
  // The value node (marks the key as known); an undefined node when absent.
  [[nodiscard]] YAML::Node node(std::string_view key);
  [[nodiscard]] std::string field_path(std::string_view key) const;
  [[nodiscard]] SourceLocation where(std::string_view key) const;

  std::optional<int> integer(std::string_view key, Range range);
  std::optional<double> number(std::string_view key, Range range);
  std::optional<bool> boolean(std::string_view key);
  std::optional<std::string> text(std::string_view key);
  std::optional<std::vector<std::string>> text_list(std::string_view key);
  std::optional<std::vector<int>> integer_list(std::string_view key, Range range);
  std::optional<std::vector<double>> number_list(std::string_view key, Range range);
  // A list of lists of numbers ([[1, 2], [3, 4]]): rows of a table, each as long as the others.
  std::optional<std::vector<std::vector<double>>> number_rows(std::string_view key, Range range);
  // A unit string ("80GiB") in base units, bounded by `range` in base units.
  std::optional<double> quantity(std::string_view key, Dimension dimension, Range range);
  // One of `choices`; an unknown name is reported with the accepted ones.
  template <class T>
  std::optional<T> choice(std::string_view key, std::span<const NamedChoice<T>> choices);

  void require(std::string_view key, std::string_view fix);
  void report(std::string_view key, std::string problem, std::string fix);
  // Reports every key that was never read, with a "did you mean" when one is close, and every key
  // written twice (YAML parsers disagree on which one wins, so neither is taken).
  void reject_unknown_keys();

 private:
  std::optional<std::string> scalar(std::string_view key, std::string_view expected);
  // The numbers of one sequence node, or a report naming `key` and what is wrong.
  std::optional<std::vector<double>> numbers_of(const YAML::Node& list, std::string_view key, Range range);

  YAML::Node node_;
  std::string path_;
  std::string file_;
  Diagnostics& out_;
  bool valid_ = false;
  std::set<std::string, std::less<>> known_;
};

template <class T>
std::optional<T> MappingReader::choice(std::string_view key, std::span<const NamedChoice<T>> choices) {
  const auto value = scalar(key, "a name");
  if (!value) return std::nullopt;
  std::string accepted;
  for (const auto& choice : choices) {
    if (choice.name == *value) return choice.value;
    accepted += (accepted.empty() ? "" : " | ") + std::string(choice.name);
  }
  report(key, "unknown value '" + *value + "'", "use one of " + accepted);
  return std::nullopt;
}

}  // namespace gigasim::yaml_fields
