#pragma once
// Self-contained HTML reports (`--report FILE.html`, issue 10): one file that opens from disk with
// no network, ECharts inlined (installed from npm at build time: a single ~1 MB file with bar,
// line, pie and waterfall charts on canvas and nothing to fetch; Vega-Lite would need vega,
// vega-lite and vega-embed and compile its specs in the browser), the data inlined as JSON
// (`DATA`: the command's --json output, and each chart's ECharts option built here from the same
// structs) so the report can be re-plotted, and sources cited as plain text.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace gigasim {

struct ReportChart {
  std::string id;
  std::string title;
  std::string caption;    // what it shows and where the numbers come from
  nlohmann::json option;  // the ECharts option, data included
};

// A file of web/ built into the binary, by the end of its path ("echarts.min.js",
// "report-charts.js", "planner.html"); empty when there is none.
std::string_view embedded_web_file(std::string_view name);

// The charts as the page draws them: [{id, title, caption, option}].
nlohmann::json charts_json(const std::vector<ReportChart>& charts);

// The page: a title, a one-page brief (preformatted text), the charts, and `data` inlined as JSON.
std::string html_report(const std::string& title, const std::string& brief, const std::vector<ReportChart>& charts,
                        const nlohmann::json& data);

}  // namespace gigasim
