#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "plan/plan.hpp"
#include "report/chart_options.hpp"
#include "report/report_charts.hpp"

namespace gigasim {
namespace {

using nlohmann::json;

constexpr int kMonthsShown = 72;
constexpr double kMonthsPerYear = 12;
constexpr double kBillion = 1e9;
constexpr double kMillion = 1e6;

}  // namespace

std::vector<ReportChart> plan_charts(const Plan& plan, const std::vector<SitePlan>& sites) {
  std::vector<ReportChart> charts = {
      step_chart({{"step", &plan.training.estimate}},
                 "Exposed time of each part of one step of the chosen layout, seconds (gigasim estimate: op-level "
                 "roofline, collectives on the placed groups, the pipeline bubble)."),
      memory_chart(plan.training.estimate)};

  if (!plan.scaling.empty()) {
    json days = json::array();
    json mw = json::array();
    json cost = json::array();
    for (const ScalingPoint& point : plan.scaling) {
      days.push_back({point.gpus, point.days});
      mw.push_back({point.gpus, point.facility_peak_mw});
      cost.push_back({point.gpus, point.cost_per_run_usd / kMillion});
    }
    const json the_plan = {{plan.training.job.cluster.gpus, plan.training.days}};
    charts.push_back(
        {"scaling",
         "Where adding GPUs stops paying",
         "Days to train, the facility's peak MW and the cost of the run against the GPU count, each size with its "
         "best layout (every layout field searched); the dot is this plan with its own layout.",
         {{"tooltip", {{"trigger", "axis"}}},
          {"legend", json::object()},
          {"grid", {{"left", 60}, {"right", 120}, {"bottom", 50}, {"top", 60}, {"containLabel", true}}},
          {"xAxis", {{"type", "log"}, {"name", "GPUs"}, {"nameLocation", "middle"}, {"nameGap", 28}}},
          {"yAxis",
           {{{"type", "log"}, {"name", "days"}},
            {{"type", "value"}, {"name", "MW"}, {"position", "right"}},
            {{"type", "value"}, {"name", "M USD"}, {"position", "right"}, {"offset", 60}}}},
          {"series",
           {{{"name", "days"}, {"type", "line"}, {"data", days}},
            {{"name", "facility peak MW"}, {"type", "line"}, {"yAxisIndex", 1}, {"data", mw}},
            {{"name", "run cost"}, {"type", "line"}, {"yAxisIndex", 2}, {"data", cost}},
            {{"name", "this plan"}, {"type", "scatter"}, {"symbolSize", 12}, {"data", the_plan}}}}}});
  }

  // The power chain as a waterfall: what each stage passes on and what it loses.
  json stages = json::array();
  json passed = json::array();
  json lost = json::array();
  for (const ChainStage& s : plan.chain.stages) {
    // Transformer stages carry their units, the item that runs short after GPUs.
    stages.push_back(s.transformers && s.rating_mva
                         ? fmt::format("{} ({}× {:.0f} MVA)", s.stage, *s.transformers, *s.rating_mva)
                         : s.stage);
    passed.push_back(s.power_in_mw - s.loss_mw);
    lost.push_back(s.loss_mw);
  }
  charts.push_back(
      {"chain",
       "From the grid to the GPU",
       fmt::format("Power through each stage at the facility's peak, MW: {:.1f} MW drawn from the grid, "
                   "{:.1f} MW reaching the GPU cores; cooling and the rest take {:.1f} MW before the UPS "
                   "(typical efficiencies of each stage; transformer units and ratings under their stages).",
                   plan.chain.grid_mw, plan.chain.gpu_rail_mw, plan.chain.cooling_and_other_mw),
       {{"tooltip", {{"trigger", "axis"}}},
        {"legend", json::object()},
        {"grid", {{"left", 60}, {"right", 30}, {"bottom", 20}, {"top", 50}, {"containLabel", true}}},
        {"xAxis", {{"type", "category"}, {"data", stages}, {"axisLabel", {{"rotate", 30}}}}},
        {"yAxis", {{"type", "value"}, {"name", "MW"}}},
        {"series",
         {{{"name", "passed on"}, {"type", "bar"}, {"stack", "power"}, {"data", passed}},
          {{"name", "lost"}, {"type", "bar"}, {"stack", "power"}, {"data", lost}}}}}});

  json components = json::array();
  for (const ComponentPower& c : plan.power.components)
    components.push_back({{"name", c.component}, {"value", c.average_mw}});
  charts.push_back(
      {"power",
       "Where the power goes",
       fmt::format("IT power on average by component, MW ({:.1f} MW IT × PUE {:.2f} = {:.1f} MW facility).",
                   plan.power.it_average_mw, plan.power.pue, plan.power.facility_average_mw),
       {{"tooltip", {{"trigger", "item"}}},
        {"legend", {{"type", "scroll"}}},
        {"series", {{{"type", "pie"}, {"radius", {"35%", "65%"}}, {"data", components}}}}}});

  json items = json::array();
  for (const CapexItem& item : plan.cost.capex)
    if (item.usd) items.push_back({{"name", item.item}, {"value", *item.usd / kBillion}});
  charts.push_back({"capex",
                    "What the money buys",
                    "Capex by item, billion USD (GPU prices from the catalog or the scenario, the rest from the "
                    "cost defaults of docs/scenario-file.md).",
                    {{"tooltip", {{"trigger", "item"}}},
                     {"legend", {{"type", "scroll"}}},
                     {"series", {{{"type", "pie"}, {"radius", {"35%", "65%"}}, {"data", items}}}}}});

  // A year of owning it: depreciation and the running costs.
  json year = json::array({{{"name", "depreciation"}, {"value", plan.cost.depreciation_per_year_usd / kMillion}},
                           {{"name", "maintenance"}, {"value", plan.cost.maintenance_per_year_usd / kMillion}},
                           {{"name", "staff"}, {"value", plan.cost.staff_per_year_usd / kMillion}}});
  if (plan.cost.electricity_per_year_usd)
    year.push_back({{"name", "electricity"}, {"value", *plan.cost.electricity_per_year_usd / kMillion}});
  charts.push_back({"opex",
                    "What a year costs",
                    fmt::format("Cost per year, million USD: depreciation of the hardware and the facility, and opex "
                                "${:.0f}M: electricity at the site's price, maintenance and staff as shares of the "
                                "hardware (facility/cost.hpp's defaults, or the scenario's finance:).",
                                plan.cost.opex_per_year_usd / kMillion),
                    {{"tooltip", {{"trigger", "item"}}},
                     {"legend", {{"type", "scroll"}}},
                     {"series", {{{"type", "pie"}, {"radius", {"35%", "65%"}}, {"data", year}}}}}});

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

  if (plan.reliability && !plan.reliability->goodput_by_interval_min.empty())
    charts.push_back(checkpoint_chart(plan.reliability->goodput_by_interval_min,
                                      plan.reliability->checkpoint_interval_min, plan.reliability->mtti_hours));

  if (!sites.empty()) {
    json names = json::array();
    json cost = json::array();
    json co2 = json::array();
    for (const SitePlan& s : sites) {
      names.push_back(s.site.name);
      cost.push_back(s.cost_per_run_usd / kMillion);
      co2.push_back(s.tco2 ? json(*s.tco2) : json(nullptr));
    }
    charts.push_back({"sites",
                      "Where to build",
                      "Cost of the run (million USD) and its CO2 (t) at each site (data/sites.yaml: EIA 2023 prices, "
                      "Electricity Maps 2024 carbon).",
                      {{"tooltip", {{"trigger", "axis"}}},
                       {"legend", json::object()},
                       {"grid", {{"left", 70}, {"right", 70}, {"bottom", 20}, {"top", 50}, {"containLabel", true}}},
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
    charts.push_back({"alternatives",
                      "Which option trains the model first",
                      fmt::format("Training days of each option; {} finishes first.", plan.first_to_finish),
                      {{"tooltip", {{"trigger", "axis"}}},
                       {"grid", {{"left", 60}, {"right", 30}, {"bottom", 20}, {"top", 40}, {"containLabel", true}}},
                       {"xAxis", {{"type", "category"}, {"data", names}, {"axisLabel", {{"rotate", 20}}}}},
                       {"yAxis", {{"type", "value"}, {"name", "days"}}},
                       {"series", {{{"type", "bar"}, {"data", days}}}}}});
  }
  return charts;
}

}  // namespace gigasim
