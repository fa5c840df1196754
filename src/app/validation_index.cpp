#include "app/validation_index.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <optional>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "util/text_distance.hpp"

namespace gigasim {
namespace {

constexpr std::array<std::string_view, 7> kColumns{"id", "job", "metric", "published", "unit", "key", "source"};

struct Field {
  std::string text;
  int column = 0;  // 1-based character column where the field starts
};

// One CSV line (RFC 4180: fields may be quoted, "" is a quote inside quotes); nothing when a quote
// is left open, as a field spanning lines is not allowed here.
std::optional<std::vector<Field>> split_line(std::string_view line) {
  std::vector<Field> fields{Field{"", 1}};
  bool quoted = false;
  for (std::size_t at = 0; at < line.size(); ++at) {
    const char c = line[at];
    if (quoted && c == '"' && at + 1 < line.size() && line[at + 1] == '"') {
      fields.back().text += '"';
      ++at;
    } else if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      fields.push_back(Field{"", static_cast<int>(at) + 2});
    } else {
      fields.back().text += c;
    }
  }
  if (quoted) return std::nullopt;
  return fields;
}

std::optional<double> positive_number(std::string_view text) {
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value) || value <= 0) return {};
  return value;
}

class IndexReader {
 public:
  explicit IndexReader(std::string_view origin) : origin_(origin) {}

  void report(int line, int column, std::string field, std::string problem, std::string fix) {
    problems_.push_back({{origin_, line, column}, std::move(field), std::move(problem), std::move(fix)});
  }

  // Maps each required column to its position in the header; false when one is missing.
  bool read_header(const std::vector<Field>& header) {
    for (std::size_t wanted = 0; wanted < kColumns.size(); ++wanted) {
      for (std::size_t at = 0; at < header.size(); ++at)
        if (header[at].text == kColumns[wanted]) position_[wanted] = at;
      if (!position_[wanted])
        report(1, 1, std::string(kColumns[wanted]), "column missing from the header",
               "the header names id,job,metric,published,unit,key,source");
    }
    width_ = header.size();
    return problems_.empty();
  }

  void read_row(const std::vector<Field>& fields, int line) {
    if (fields.size() != width_) {
      report(line, 1, "", fmt::format("{} fields where the header has {}", fields.size(), width_),
             "quote fields that hold commas");
      return;
    }
    const auto field = [&](std::size_t column) -> const Field& { return fields[*position_[column]]; };
    enum Column : std::size_t { kId, kJob, kMetric, kPublished, kUnit, kKey, kSource };
    IndexRow row{.id = field(kId).text,
                 .job = field(kJob).text,
                 .metric = field(kMetric).text,
                 .unit = field(kUnit).text,
                 .source = field(kSource).text,
                 .line = line};
    const std::size_t before = problems_.size();
    if (row.id.empty()) report(line, field(kId).column, "id", "is empty", "give the calibration row's id");
    if (!row.id.empty() && !ids_.insert(row.id).second)
      report(line, field(kId).column, "id", fmt::format("'{}' appears twice", row.id), "keep one row per id");
    if (row.job.empty()) report(line, field(kJob).column, "job", "is empty", "name the job file");
    if (const auto published = positive_number(field(kPublished).text))
      row.published = *published;
    else
      report(line, field(kPublished).column, "published",
             fmt::format("'{}' is not a positive number", field(kPublished).text),
             "write the published figure, e.g. 137 or 44.3");
    const auto key = compare_key_from_string(field(kKey).text);
    if (key) {
      row.key = *key;
      if (!key_units_per_published_unit(*key, row.unit))
        report(line, field(kUnit).column, "unit", fmt::format("'{}' does not fit key {}", row.unit, to_string(*key)),
               fmt::format("{} compares figures in '{}'", to_string(*key), published_unit(*key)));
    } else {
      const std::vector<std::string> names = compare_key_names();
      const auto suggestion = closest_match(field(kKey).text, names);
      report(line, field(kKey).column, "key", fmt::format("unknown key '{}'", field(kKey).text),
             suggestion ? fmt::format("did you mean '{}'?", *suggestion)
                        : fmt::format("use one of {}", fmt::join(names, ", ")));
    }
    if (problems_.size() == before) rows_.push_back(std::move(row));
  }

  Result<std::vector<IndexRow>, Diagnostics> finish() {
    if (!problems_.empty()) return fail(std::move(problems_));
    return std::move(rows_);
  }

 private:
  std::string origin_;
  std::array<std::optional<std::size_t>, kColumns.size()> position_{};
  std::size_t width_ = 0;
  std::set<std::string> ids_;
  std::vector<IndexRow> rows_;
  Diagnostics problems_;
};

}  // namespace

Result<std::vector<IndexRow>, Diagnostics> parse_validation_index(std::string_view text, std::string_view origin) {
  IndexReader reader(origin);
  bool header_read = false;
  int line_number = 0;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    const auto fields = split_line(line);
    if (!fields) {
      reader.report(line_number, 1, "", "a quoted field is not closed", "close the quote on the same line");
      continue;
    }
    if (!header_read) {
      header_read = true;
      if (!reader.read_header(*fields)) return reader.finish();
      continue;
    }
    reader.read_row(*fields, line_number);
  }
  if (!header_read)
    reader.report(1, 1, "", "the file is empty", "start with the header id,job,metric,published,unit,key,source");
  return reader.finish();
}

}  // namespace gigasim
