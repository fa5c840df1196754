#include "report/sweep_charts.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

namespace gigasim {
namespace {

using nlohmann::json;

std::string label_of(const json& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

std::size_t index_of(const std::vector<std::string>& columns, const std::string& name) {
  return static_cast<std::size_t>(std::find(columns.begin(), columns.end(), name) - columns.begin());
}

bool numeric_column(const SweepChartTable& table, std::size_t column) {
  bool any = false;
  for (const auto& row : table.rows) {
    if (row[column].is_null()) continue;
    if (!row[column].is_number()) return false;
    any = true;
  }
  return any;
}

}  // namespace

std::vector<ReportChart> sweep_charts(const SweepChartTable& table) {
  std::vector<ReportChart> charts;
  if (table.rows.empty()) return charts;
  // x: the first axis with numbers (the GPU count, usually); without one, the point index.
  std::string x_name = "point";
  for (const std::string& axis : table.axes)
    if (numeric_column(table, index_of(table.columns, axis))) {
      x_name = axis;
      break;
    }
  const std::size_t x = index_of(table.columns, x_name);
  std::vector<std::size_t> others;
  for (const std::string& axis : table.axes)
    if (axis != x_name) others.push_back(index_of(table.columns, axis));
  // One line per combination of the other axes, in the order they first appear.
  std::vector<std::string> series_names;
  std::map<std::string, std::size_t> series_of;
  std::vector<std::size_t> row_series;
  for (const auto& row : table.rows) {
    std::string name;
    for (const std::size_t column : others)
      name += (name.empty() ? "" : ", ") + table.columns[column] + " " + label_of(row[column]);
    if (name.empty()) name = "all points";
    const auto [entry, added] = series_of.try_emplace(name, series_names.size());
    if (added) series_names.push_back(name);
    row_series.push_back(entry->second);
  }
  const std::size_t drawn = std::min(series_names.size(), kMaxSweepSeries);
  const std::string left_out = series_names.size() > drawn
                                   ? fmt::format(" {} more combinations are left out; narrow the query with --where.",
                                                 series_names.size() - drawn)
                                   : "";

  for (const std::string& output : table.outputs) {
    const std::size_t y = index_of(table.columns, output);
    if (y == table.columns.size() || !numeric_column(table, y)) continue;
    if (charts.size() == kMaxSweepCharts) break;
    std::vector<json> data(drawn, json::array());
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
      const auto& row = table.rows[r];
      if (row_series[r] >= drawn || row[x].is_null() || row[y].is_null()) continue;
      data[row_series[r]].push_back({row[x], row[y]});
    }
    json series = json::array();
    for (std::size_t s = 0; s < drawn; ++s) {
      std::sort(data[s].begin(), data[s].end(), [](const json& a, const json& b) { return a[0] < b[0]; });
      series.push_back({{"name", series_names[s]}, {"type", "line"}, {"data", data[s]}});
    }
    charts.push_back(
        {"sweep-" + output,
         fmt::format("{} against {}", output, x_name),
         fmt::format("Each line is one combination of the other axes; points without a value (errors) are left "
                     "out.{}",
                     left_out),
         {{"tooltip", {{"trigger", "axis"}}},
          {"legend", {{"type", "scroll"}}},
          {"grid", {{"left", 60}, {"right", 30}, {"bottom", 50}, {"top", 60}, {"containLabel", true}}},
          {"xAxis",
           {{"type", "value"}, {"name", x_name}, {"nameLocation", "middle"}, {"nameGap", 28}, {"scale", true}}},
          {"yAxis", {{"type", "value"}, {"name", output}, {"scale", true}}},
          {"series", series}}});
  }
  return charts;
}

}  // namespace gigasim
