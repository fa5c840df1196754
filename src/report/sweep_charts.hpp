#pragma once
// The charts of a sweep's report (`gigasim sweep --db … --report FILE.html`): each numeric output
// against the first numeric axis, one line per combination of the other axes.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "report/html_report.hpp"

namespace gigasim {

struct SweepChartTable {
  std::vector<std::string> axes;     // column names of the axes, in the sweep file's order
  std::vector<std::string> outputs;  // column names of the outputs
  std::vector<std::string> columns;  // of each row
  std::vector<std::vector<nlohmann::json>> rows;
};

inline constexpr std::size_t kMaxSweepCharts = 8;   // outputs drawn
inline constexpr std::size_t kMaxSweepSeries = 12;  // lines per chart; the rest are named in the caption

std::vector<ReportChart> sweep_charts(const SweepChartTable& table);

}  // namespace gigasim
