#include "report/validation_table.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "util/number_format.hpp"

namespace gigasim {
namespace {

constexpr double kPercent = 100.0;
constexpr double kWholeNumbersFrom = 1000.0;  // 30,376 tokens/s rather than 30376.0
constexpr double kOneDecimalFrom = 10.0;      // 137.0 TFLOP/s, 44.3 %
constexpr std::size_t kMinIdWidth = 12;

// A figure in its published unit, as wide as it needs and no wider.
std::string figure_text(double value) {
  if (std::fabs(value) >= kWholeNumbersFrom) return with_commas(std::round(value));
  if (std::fabs(value) >= kOneDecimalFrom) return fmt::format("{:.1f}", value);
  return fmt::format("{:.3g}", value);
}

std::string percent_text(double fraction) {
  return fmt::format("{:.1f}%", kPercent * fraction);
}

std::string off_text(const GroupSummary& group) {
  if (group.rows == 0) return "-";
  return fmt::format("{} ({:.0f}%)", group.over_threshold, kPercent * group.over_threshold / group.rows);
}

std::string mape_text(const GroupSummary& group) {
  return group.rows > 0 ? percent_text(group.mape) : "-";
}

std::string signed_percent(double fraction) {
  return fmt::format("{:+.1f}%", kPercent * fraction);
}

// The median speed error and the share of rows predicted fast: "+12.2%  86%".
std::string bias_text(const GroupSummary& group) {
  return group.rows > 0 ? signed_percent(group.median_speed_error) : "-";
}

std::string fast_text(const GroupSummary& group) {
  return group.rows > 0 ? fmt::format("{:.0f}%", kPercent * group.faster / group.rows) : "-";
}

void group_rows(std::string& out, const char* title, const std::vector<GroupSummary>& groups, double threshold) {
  std::size_t width = std::string_view(title).size();
  for (const GroupSummary& group : groups) width = std::max(width, group.name.size());
  out += fmt::format("\n{:<{}}  {:>5}  {:>7}  {:>7}  {:>5}  {:>10}\n", title, width, "rows", "MAPE", "bias", "fast",
                     fmt::format("off >{:.0f}%", kPercent * threshold));
  for (const GroupSummary& group : groups) {
    out += fmt::format("{:<{}}  {:>5}  {:>7}  {:>7}  {:>5}  {:>10}", group.name, width, group.rows, mape_text(group),
                       bias_text(group), fast_text(group), off_text(group));
    if (group.unpredicted > 0) out += fmt::format("  ({} without a prediction)", group.unpredicted);
    out += "\n";
  }
}

}  // namespace

std::string validation_table(const std::vector<Comparison>& rows, const ValidationSummary& summary) {
  std::size_t id_width = kMinIdWidth;
  std::size_t metric_width = std::string_view("metric").size();
  std::size_t key_width = std::string_view("compared with").size();
  for (const Comparison& row : rows) {
    id_width = std::max(id_width, row.id.size());
    metric_width = std::max(metric_width, row.metric.size());
    key_width = std::max(key_width, to_string(row.key).size());
  }
  std::string out =
      fmt::format("{:<{}}  {:<{}}  {:<{}}  {:>11}  {:>11}  {:>8}  {:>8}  {}\n", "id", id_width, "metric", metric_width,
                  "compared with", key_width, "predicted", "published", "error", "speed", "unit");
  for (const Comparison& row : rows) {
    const std::optional<double> error = relative_error(row);
    const std::optional<double> speed = speed_error(row);
    out += fmt::format("{:<{}}  {:<{}}  {:<{}}  {:>11}  {:>11}  {:>8}  {:>8}  {}\n", row.id, id_width, row.metric,
                       metric_width, to_string(row.key), key_width, row.predicted ? figure_text(*row.predicted) : "-",
                       figure_text(row.published), error ? signed_percent(*error) : "-",
                       speed ? signed_percent(*speed) : "-", row.unit);
  }
  group_rows(out, "by metric", summary.by_metric, summary.threshold);
  group_rows(out, "by source", summary.by_source, summary.threshold);
  group_rows(out, "by feature", summary.by_feature, summary.threshold);
  const GroupSummary& all = summary.overall;
  out += fmt::format("\n{} rows: MAPE {}; {} of {} off by more than {:.0f}%", all.rows + all.unpredicted,
                     mape_text(all), all.over_threshold, all.rows, kPercent * summary.threshold);
  if (all.rows > 0) out += fmt::format(" ({:.0f}%)", kPercent * all.over_threshold / all.rows);
  if (all.unpredicted > 0) out += fmt::format("; {} without a prediction", all.unpredicted);
  if (all.rows > 0) out += fmt::format("; speed bias {} (median), {} predicted fast", bias_text(all), fast_text(all));
  out +=
      "\nerror = (predicted − published) / published; MAPE = mean |error|, by metric, source and feature.\n"
      "speed = predicted speed / published speed − 1 (+ is predicted faster than it ran); bias = its median;\n"
      "fast = the share of rows predicted faster than they ran. A row counts once per feature of its job.\n";
  return out;
}

}  // namespace gigasim
