#include "report/html_report.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "spec/embedded_data.hpp"

namespace gigasim {
namespace {

using nlohmann::json;

constexpr double kGib = 1024.0 * 1024.0 * 1024.0;
constexpr int kMonthsShown = 72;
constexpr double kMonthsPerYear = 12;
constexpr double kBillion = 1e9;
constexpr double kPercent = 100;

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

std::string_view echarts_source() {
  for (const EmbeddedText& file : embedded_web_files())
    if (file.name.ends_with("echarts.min.js")) return file.text;
  return {};
}

json stacked_bar(const std::string& unit, const std::vector<std::pair<std::string, double>>& parts, const std::string& axis) {
  json series = json::array();
  for (const auto& [name, value] : parts)
    series.push_back({{"name", name}, {"type", "bar"}, {"stack", "all"}, {"data", {value}}, {"emphasis", {{"focus", "series"}}}});
  return {{"tooltip", {{"trigger", "item"}}},
          {"legend", {{"type", "scroll"}}},
          {"grid", {{"left", 60}, {"right", 30}, {"bottom", 40}, {"top", 60}}},
          {"xAxis", {{"type", "value"}, {"name", unit}}},
          {"yAxis", {{"type", "category"}, {"data", {axis}}}},
          {"series", series}};
}

ReportChart breakdown_chart(const StepEstimate& e) {
  const StepBreakdown& b = e.breakdown;
  return {"step", "Where the step goes",
          "Exposed time of each part of one step, seconds (gigasim estimate: op-level roofline, collectives on the "
          "placed groups, the 1F1B bubble).",
          stacked_bar("s", {{"compute", b.compute.value()}, {"tp_comm", b.tp_comm.value()},
                            {"cp_comm", b.cp_comm.value()}, {"ep_comm", b.ep_comm.value()},
                            {"pp_comm", b.pp_comm.value()}, {"pp_bubble", b.pp_bubble.value()},
                            {"dp_comm", b.dp_comm.value()}, {"optimizer", b.optimizer.value()}},
                      "step")};
}

ReportChart memory_chart(const StepEstimate& e) {
  const MemoryBreakdown& m = e.memory.per_gpu;
  json option = stacked_bar("GiB", {{"weights", m.weights.value() / kGib}, {"grads", m.grads.value() / kGib},
                                    {"optimizer", m.optimizer.value() / kGib},
                                    {"activations", m.activations.value() / kGib},
                                    {"buffers", m.buffers.value() / kGib}, {"overhead", m.overhead.value() / kGib}},
                            "per GPU");
  option["series"][0]["markLine"] = {{"symbol", "none"},
                                     {"label", {{"formatter", "HBM {c} GiB"}}},
                                     {"data", {{{"xAxis", e.memory.capacity.value() / kGib}}}}};
  return {"memory", "Memory per GPU", "The most loaded pipeline stage's memory against the GPU's HBM (workload/memory).",
          option};
}

}  // namespace

std::vector<ReportChart> estimate_charts(const Job& /*job*/, const StepEstimate& estimate) {
  return {breakdown_chart(estimate), memory_chart(estimate)};
}

std::vector<ReportChart> plan_charts(const Scenario& scenario, const Plan& plan, const std::vector<SitePlan>& sites) {
  std::vector<ReportChart> charts = {breakdown_chart(plan.training.estimate), memory_chart(plan.training.estimate)};

  // The power chain as a waterfall: what each stage passes on and what it loses.
  json stages = json::array();
  json passed = json::array();
  json lost = json::array();
  for (const ChainStage& s : plan.chain.stages) {
    stages.push_back(s.stage);
    passed.push_back(s.power_in_mw - s.loss_mw);
    lost.push_back(s.loss_mw);
  }
  charts.push_back({"chain", "From the grid to the GPU",
                    fmt::format("Power through each stage at the facility's peak, MW: {:.1f} MW drawn from the grid, "
                                "{:.1f} MW reaching the GPU cores; cooling and the rest take {:.1f} MW before the UPS "
                                "(facts/datacenter.md §3 efficiencies).",
                                plan.chain.grid_mw, plan.chain.gpu_rail_mw, plan.chain.cooling_and_other_mw),
                    {{"tooltip", {{"trigger", "axis"}}},
                     {"legend", json::object()},
                     {"grid", {{"left", 60}, {"right", 30}, {"bottom", 90}, {"top", 50}}},
                     {"xAxis", {{"type", "category"}, {"data", stages}, {"axisLabel", {{"rotate", 30}}}}},
                     {"yAxis", {{"type", "value"}, {"name", "MW"}}},
                     {"series",
                      {{{"name", "passed on"}, {"type", "bar"}, {"stack", "power"}, {"data", passed}},
                       {{"name", "lost"}, {"type", "bar"}, {"stack", "power"}, {"data", lost}}}}}});

  json components = json::array();
  for (const ComponentPower& c : plan.power.components)
    components.push_back({{"name", c.component}, {"value", c.average_mw}});
  charts.push_back({"power", "Where the power goes",
                    fmt::format("IT power on average by component, MW ({:.1f} MW IT × PUE {:.2f} = {:.1f} MW facility).",
                                plan.power.it_average_mw, plan.power.pue, plan.power.facility_average_mw),
                    {{"tooltip", {{"trigger", "item"}}},
                     {"legend", {{"type", "scroll"}}},
                     {"series", {{{"type", "pie"}, {"radius", {"35%", "65%"}}, {"data", components}}}}}});

  json items = json::array();
  for (const CapexItem& item : plan.cost.capex)
    if (item.usd) items.push_back({{"name", item.item}, {"value", *item.usd / kBillion}});
  charts.push_back({"capex", "What the money buys",
                    "Capex by item, billion USD (facility/cost.hpp: GPU prices from the catalog or the scenario, the "
                    "rest from facts/datacenter.md §5).",
                    {{"tooltip", {{"trigger", "item"}}},
                     {"legend", {{"type", "scroll"}}},
                     {"series", {{{"type", "pie"}, {"radius", {"35%", "65%"}}, {"data", items}}}}}});

  if (plan.cost.cloud_per_year_usd) {
    // Owning: the capex at once, then the opex; renting: the cloud, month by month (the lines the
    // cost estimate defines).
    json months = json::array();
    json owned = json::array();
    json rented = json::array();
    for (int m = 0; m <= kMonthsShown; ++m) {
      months.push_back(m);
      owned.push_back((plan.cost.capex_usd + plan.cost.opex_per_year_usd * m / kMonthsPerYear) / kBillion);
      rented.push_back(*plan.cost.cloud_per_year_usd * m / kMonthsPerYear / kBillion);
    }
    json option = {{"tooltip", {{"trigger", "axis"}}},
                   {"legend", json::object()},
                   {"grid", {{"left", 60}, {"right", 30}, {"bottom", 40}, {"top", 50}}},
                   {"xAxis", {{"type", "category"}, {"data", months}, {"name", "months"}}},
                   {"yAxis", {{"type", "value"}, {"name", "billion USD"}}},
                   {"series",
                    {{{"name", "own"}, {"type", "line"}, {"showSymbol", false}, {"data", owned}},
                     {{"name", "rent"}, {"type", "line"}, {"showSymbol", false}, {"data", rented}}}}};
    charts.push_back(
        {"buy-vs-rent", "Buy or rent",
         plan.cost.breakeven_months
             ? fmt::format("Cumulative cost of owning against renting the same GPUs; owning breaks even after {:.1f} "
                           "months (data/cloud.yaml's dated prices).",
                           *plan.cost.breakeven_months)
             : std::string("Cumulative cost of owning against renting the same GPUs: renting stays cheaper."),
         option});
  }

  if (plan.reliability && !plan.reliability->goodput_by_interval_min.empty()) {
    json points = json::array();
    for (const auto& [minutes, goodput] : plan.reliability->goodput_by_interval_min)
      points.push_back({minutes, goodput * kPercent});
    charts.push_back({"checkpoint", "How often to checkpoint",
                      fmt::format("Goodput against the checkpoint interval (Daly 2006's expected wall time): "
                                  "{:.1f} min chosen, an interruption every {:.2f} h (data/failures.yaml, "
                                  "calibrated on Llama 3).",
                                  plan.reliability->checkpoint_interval_min, plan.reliability->mtti_hours),
                      {{"tooltip", {{"trigger", "axis"}}},
                       {"grid", {{"left", 60}, {"right", 30}, {"bottom", 40}, {"top", 40}}},
                       {"xAxis", {{"type", "log"}, {"name", "minutes"}}},
                       {"yAxis", {{"type", "value"}, {"name", "goodput %"}, {"scale", true}}},
                       {"series",
                        {{{"type", "line"},
                          {"showSymbol", false},
                          {"data", points},
                          {"markLine",
                           {{"symbol", "none"},
                            {"data", {{{"xAxis", plan.reliability->checkpoint_interval_min}}}}}}}}}}});
  }

  if (!sites.empty()) {
    json names = json::array();
    json cost = json::array();
    json co2 = json::array();
    for (const SitePlan& s : sites) {
      names.push_back(s.site.name);
      cost.push_back(s.cost_per_run_usd / 1e6);
      co2.push_back(s.tco2 ? json(*s.tco2) : json(nullptr));
    }
    charts.push_back({"sites", "Where to build",
                      "Cost of the run (million USD) and its CO2 (t) at each site (data/sites.yaml: EIA 2023 prices, "
                      "Electricity Maps 2024 carbon).",
                      {{"tooltip", {{"trigger", "axis"}}},
                       {"legend", json::object()},
                       {"grid", {{"left", 70}, {"right", 70}, {"bottom", 80}, {"top", 50}}},
                       {"xAxis", {{"type", "category"}, {"data", names}, {"axisLabel", {{"rotate", 30}}}}},
                       {"yAxis", {{{"type", "value"}, {"name", "M USD"}}, {{"type", "value"}, {"name", "tCO2"}}}},
                       {"series",
                        {{{"name", "run cost"}, {"type", "bar"}, {"data", cost}},
                         {{"name", "tCO2"}, {"type", "line"}, {"yAxisIndex", 1}, {"data", co2}}}}}});
  }
  if (!plan.options.empty()) {
    json names = json::array();
    json days = json::array();
    for (const AlternativeSummary& o : plan.options) {
      names.push_back(o.name);
      days.push_back(o.days);
    }
    charts.push_back({"alternatives", "Which option trains the model first",
                      fmt::format("Training days of each option; {} finishes first.", plan.first_to_finish),
                      {{"tooltip", {{"trigger", "axis"}}},
                       {"grid", {{"left", 60}, {"right", 30}, {"bottom", 80}, {"top", 40}}},
                       {"xAxis", {{"type", "category"}, {"data", names}, {"axisLabel", {{"rotate", 20}}}}},
                       {"yAxis", {{"type", "value"}, {"name", "days"}}},
                       {"series", {{{"type", "bar"}, {"data", days}}}}}});
  }
  (void)scenario;
  return charts;
}

std::string html_report(const std::string& title, const std::string& brief, const std::vector<ReportChart>& charts,
                        const json& data) {
  json chart_data = json::array();
  std::string sections;
  for (const ReportChart& chart : charts) {
    chart_data.push_back({{"id", chart.id}, {"option", chart.option}});
    sections += fmt::format(R"(<section><h2>{}</h2><div class="chart" id="chart-{}"></div><p class="caption">{}</p></section>
)",
                            escape_html(chart.title), chart.id, escape_html(chart.caption));
  }
  const json inlined = {{"data", data}, {"charts", chart_data}};
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
  page += "<script>\n" + script_safe(std::string(echarts_source())) + "\n</script>\n";
  page += "</head><body>\n";
  page += fmt::format("<h1>{}</h1>\n<pre class=\"brief\">{}</pre>\n", escape_html(title), escape_html(brief));
  page += sections;
  page += "<footer>Made by gigasim. Every figure cites its source in the brief, the captions and gigasim's data/ "
          "files; DATA below holds this report's numbers as JSON.</footer>\n";
  page += "<script id=\"gigasim-data\" type=\"application/json\">" + script_safe(inlined.dump()) + "</script>\n";
  page += R"(<script>
const DATA = JSON.parse(document.getElementById('gigasim-data').textContent);
for (const chart of DATA.charts) {
  const element = document.getElementById('chart-' + chart.id);
  echarts.init(element, null, { renderer: 'canvas' }).setOption(Object.assign({ animation: false }, chart.option));
}
document.body.dataset.rendered = 'yes';
</script>
</body></html>
)";
  return page;
}

}  // namespace gigasim
