#include "report/html_report.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "spec/embedded_data.hpp"

namespace gigasim {
namespace {

using nlohmann::json;

std::string escape_html(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      default: out += c;
    }
  }
  return out;
}

// JSON inside a <script>: "</" would end the script early.
std::string script_safe(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '<' && i + 1 < text.size() && text[i + 1] == '/') {
      out += "<\\/";
      ++i;
    } else {
      out += text[i];
    }
  }
  return out;
}

}  // namespace

std::string_view embedded_web_file(std::string_view name) {
  for (const EmbeddedText& file : embedded_web_files())
    if (file.name.ends_with(name)) return file.text;
  return {};
}

json charts_json(const std::vector<ReportChart>& charts) {
  json out = json::array();
  for (const ReportChart& chart : charts)
    out.push_back({{"id", chart.id}, {"title", chart.title}, {"caption", chart.caption}, {"option", chart.option}});
  return out;
}

std::string html_report(const std::string& title, const std::string& brief, const std::vector<ReportChart>& charts,
                        const json& data) {
  std::string sections;
  for (const ReportChart& chart : charts) {
    sections +=
        fmt::format(R"(<section><h2>{}</h2><div class="chart" id="chart-{}"></div><p class="caption">{}</p></section>
)",
                    escape_html(chart.title), chart.id, escape_html(chart.caption));
  }
  const json inlined = {{"data", data}, {"charts", charts_json(charts)}};
  std::string page;
  page += "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n";
  page += fmt::format("<title>{}</title>\n", escape_html(title));
  page += R"(<style>
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1100px; color: #222; }
h1 { font-size: 1.6em; } h2 { font-size: 1.2em; margin-top: 1.5em; }
pre.brief { background: #f6f6f6; padding: 1em; overflow-x: auto; font-size: 0.8em; }
.chart { width: 100%; height: 380px; }
.caption { color: #555; font-size: 0.85em; }
footer { color: #777; font-size: 0.8em; margin-top: 3em; }
</style>
)";
  page += "<script>\n" + script_safe(std::string(embedded_web_file("echarts.min.js"))) + "\n</script>\n";
  page += "<script>\n" + script_safe(std::string(embedded_web_file("report-charts.js"))) + "\n</script>\n";
  page += "</head><body>\n";
  page += fmt::format("<h1>{}</h1>\n<pre class=\"brief\">{}</pre>\n", escape_html(title), escape_html(brief));
  page += sections;
  page +=
      "<footer>Made by gigasim. Every figure cites its source in the brief, the captions and gigasim's data/ "
      "files; DATA below holds this report's numbers as JSON.</footer>\n";
  page += "<script id=\"gigasim-data\" type=\"application/json\">" + script_safe(inlined.dump()) + "</script>\n";
  page += R"(<script>
const DATA = JSON.parse(document.getElementById('gigasim-data').textContent);
drawGigasimCharts(DATA.charts);
document.body.dataset.rendered = 'yes';
</script>
</body></html>
)";
  return page;
}

}  // namespace gigasim
