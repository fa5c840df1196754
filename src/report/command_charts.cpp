#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "perf/step_estimate.hpp"
#include "reliability/run_setup.hpp"
#include "report/chart_options.hpp"
#include "report/layout_text.hpp"
#include "report/report_charts.hpp"
#include "report/run_report.hpp"
#include "search/cluster_sizing.hpp"
#include "sim/step_sim.hpp"
#include "sim/ticks.hpp"

namespace gigasim {
namespace {

using nlohmann::json;

constexpr double kMillisecondsPerSecond = 1e3;
constexpr double kPercent = 100;
constexpr double kSecondsPerMinute = 60;
// A timeline excerpt: the first lanes, and at most this many bars, so the report stays small and
// quick to draw (a 16k-GPU step has tens of thousands of passes; the trace keeps them all).
constexpr int kTimelineLanes = 16;
constexpr std::size_t kTimelineBars = 12000;
constexpr int kGoodputBins = 20;

const char* const kStepCaption =
    "Exposed time of each part of one step, seconds (gigasim estimate: op-level roofline, collectives on the "
    "placed groups, the pipeline bubble).";

std::string lane_name(const Lane& lane, int replica_classes) {
  return replica_classes > 1 ? fmt::format("stage {} class {}", lane.stage, lane.replica_class)
                             : fmt::format("stage {}", lane.stage);
}

// Passes on one row per lane, messages and collectives on a second: a Gantt chart, one custom
// series per kind (so the legend names them) drawn by the page's `gantt` renderer (html_report.cpp).
ReportChart timeline_chart(const SimulatedStep& simulated) {
  const int lanes = std::min<int>(kTimelineLanes, static_cast<int>(simulated.lanes.size()));
  // Rows bottom to top, so that stage 0 comes out on top: lane l's passes are row 2(lanes-1-l)+1,
  // its communication the row below.
  json rows = json::array();
  for (int l = lanes - 1; l >= 0; --l) {
    const std::string name = lane_name(simulated.lanes[static_cast<std::size_t>(l)], simulated.replica_classes);
    rows.push_back(name + " comm");
    rows.push_back(name);
  }
  constexpr std::array kKinds = {ActivityKind::forward, ActivityKind::backward,  ActivityKind::optimizer,
                                 ActivityKind::pp_send, ActivityKind::dp_reduce, ActivityKind::dp_gather};
  std::array<json, kKinds.size()> bars;
  for (json& b : bars) b = json::array();
  std::size_t drawn = 0;
  std::size_t left_out = 0;
  for (const Activity& a : simulated.activities) {
    if (a.lane >= lanes) continue;
    if (drawn == kTimelineBars) {
      ++left_out;
      continue;
    }
    const bool pass =
        a.kind == ActivityKind::forward || a.kind == ActivityKind::backward || a.kind == ActivityKind::optimizer;
    const int row = 2 * (lanes - 1 - a.lane) + (pass ? 1 : 0);
    const double start_ms = seconds_of(a.start - simulated.started).value() * kMillisecondsPerSecond;
    const double end_ms = seconds_of(a.end - simulated.started).value() * kMillisecondsPerSecond;
    const std::string label = a.micro_batch >= 0
                                  ? fmt::format("{} mb{} chunk{}", to_string(a.kind), a.micro_batch, a.chunk)
                                  : std::string(to_string(a.kind));
    const auto k = static_cast<std::size_t>(std::find(kKinds.begin(), kKinds.end(), a.kind) - kKinds.begin());
    bars[k].push_back({{"name", label}, {"value", {row, start_ms, end_ms}}});
    ++drawn;
  }
  json series = json::array();
  for (std::size_t k = 0; k < kKinds.size(); ++k)
    series.push_back({{"name", to_string(kKinds[k])},
                      {"type", "custom"},
                      {"renderItem", "gantt"},
                      {"encode", {{"x", {1, 2}}, {"y", 0}}},
                      {"data", bars[k]}});
  const std::string excerpt =
      static_cast<int>(simulated.lanes.size()) > lanes || left_out > 0
          ? fmt::format(
                " An excerpt: the first {} of {} lanes{}; `gigasim simulate --trace` writes them all for "
                "Perfetto.",
                lanes, simulated.lanes.size(),
                left_out > 0 ? fmt::format(", {} activities left out", left_out) : std::string())
          : std::string();
  return {"timeline",
          "The step, event by event",
          fmt::format("Passes (forward, backward, optimizer) and communication (pipeline sends, data-parallel "
                      "buckets) of each simulated lane, milliseconds from the step's start (gigasim's discrete-event "
                      "simulator, flows on the fabric with max-min fair sharing); zoom with the slider.{}",
                      excerpt),
          {{"tooltip", {{"trigger", "item"}}},
           {"legend", json::object()},
           {"grid", {{"left", 140}, {"right", 30}, {"bottom", 60}, {"top", 50}}},
           {"xAxis", {{"type", "value"}, {"name", "ms"}}},
           {"yAxis", {{"type", "category"}, {"data", rows}}},
           {"dataZoom",
            {{{"type", "inside"}, {"filterMode", "weakFilter"}},
             {{"type", "slider"}, {"height", 18}, {"filterMode", "weakFilter"}}}},
           {"series", series}}};
}

ReportChart tier_chart(const SimulatedStep& simulated) {
  json tiers = json::array();
  json peak = json::array();
  json mean = json::array();
  for (const TierUtilisation& t : simulated.link_utilisation) {
    tiers.push_back(t.tier);
    peak.push_back(t.peak * kPercent);
    mean.push_back(t.mean_busy * kPercent);
  }
  return {"tiers",
          "Load on each fabric tier",
          "Bytes each tier's busiest link carried over the step, as a share of what it could carry in the step "
          "time (peak), and the mean over the links that carried traffic, percent.",
          {{"tooltip", {{"trigger", "axis"}}},
           {"legend", json::object()},
           {"grid", {{"left", 60}, {"right", 30}, {"bottom", 40}, {"top", 50}}},
           {"xAxis", {{"type", "category"}, {"data", tiers}}},
           {"yAxis", {{"type", "value"}, {"name", "% of capacity"}}},
           {"series",
            {{{"name", "peak"}, {"type", "bar"}, {"data", peak}},
             {{"name", "mean busy"}, {"type", "bar"}, {"data", mean}}}}}};
}

}  // namespace

std::vector<ReportChart> estimate_charts(const StepEstimate& estimate) {
  return {step_chart({{"step", &estimate}}, kStepCaption), memory_chart(estimate)};
}

std::vector<ReportChart> simulation_charts(const SimulatedStep& simulated) {
  return {step_chart({{"simulated", &simulated.step}, {"analytical", &simulated.analytical}},
                     "The critical lane's step as the event simulator saw it, against the analytical estimate of the "
                     "same job, seconds."),
          memory_chart(simulated.step), timeline_chart(simulated), tier_chart(simulated)};
}

std::vector<ReportChart> search_charts(const SearchResult& result, const SizingResult* sizing, double deadline_days) {
  std::vector<ReportChart> charts;
  if (sizing != nullptr && !sizing->curve.empty()) {
    // Sizes without a feasible layout are left out (the table lists them); a log axis, since the
    // sizes double before the bisection.
    json days = json::array();
    json mfu = json::array();
    for (const SizingPoint& point : sizing->curve) {
      if (!point.best) continue;
      days.push_back({point.gpus, point.days()});
      mfu.push_back({point.gpus, point.best->estimate.mfu * kPercent});
    }
    charts.push_back(
        {"scaling",
         "Where adding GPUs stops paying",
         fmt::format("Days to train with the best layout at each size tried, and its MFU, against the {:g}-day "
                     "deadline{} (gigasim search --deadline-days: node counts doubled, then bisected; sizes with no "
                     "feasible layout left out).",
                     deadline_days,
                     sizing->answer
                         ? fmt::format("; {} GPUs is the fewest that meet it", sizing->curve[*sizing->answer].gpus)
                         : std::string("; no size tried meets it")),
         {{"tooltip", {{"trigger", "axis"}}},
          {"legend", json::object()},
          {"grid", {{"left", 60}, {"right", 60}, {"bottom", 50}, {"top", 50}, {"containLabel", true}}},
          {"xAxis", {{"type", "log"}, {"name", "GPUs"}, {"nameLocation", "middle"}, {"nameGap", 28}}},
          {"yAxis", {{{"type", "log"}, {"name", "days"}}, {{"type", "value"}, {"name", "MFU %"}, {"max", 100}}}},
          {"series",
           {{{"name", "days"},
             {"type", "line"},
             {"data", days},
             {"markLine", {{"symbol", "none"}, {"data", {{{"yAxis", deadline_days}, {"name", "deadline"}}}}}}},
            {{"name", "MFU"}, {"type", "line"}, {"yAxisIndex", 1}, {"data", mfu}}}}}});
  }
  json layouts = json::array();
  json step_s = json::array();
  json mfu = json::array();
  for (const RankedLayout& layout : result.best) {
    layouts.push_back(compact_layout(layout.job.parallelism));
    step_s.push_back(layout.estimate.step_time.value());
    mfu.push_back(layout.estimate.mfu * kPercent);
  }
  charts.push_back({"layouts",
                    "The best layouts",
                    fmt::format("Step time and MFU of the {} best of {} feasible layouts ({} in the space), best "
                                "first.",
                                result.best.size(), result.evaluated, result.candidates),
                    {{"tooltip", {{"trigger", "axis"}}},
                     {"legend", json::object()},
                     {"grid", {{"left", 60}, {"right", 60}, {"bottom", 20}, {"top", 50}, {"containLabel", true}}},
                     {"xAxis", {{"type", "category"}, {"data", layouts}, {"axisLabel", {{"rotate", 30}}}}},
                     {"yAxis", {{{"type", "value"}, {"name", "step s"}}, {{"type", "value"}, {"name", "MFU %"}}}},
                     {"series",
                      {{{"name", "step time"}, {"type", "bar"}, {"data", step_s}},
                       {{"name", "MFU"}, {"type", "line"}, {"yAxisIndex", 1}, {"data", mfu}}}}}});
  return charts;
}

std::vector<ReportChart> run_charts(const RunReport& report) {
  std::vector<ReportChart> charts;
  const std::vector<double>& goodput = report.runs.goodput_by_trial;
  if (!goodput.empty()) {
    const auto [low, high] = std::minmax_element(goodput.begin(), goodput.end());
    const double width = std::max((*high - *low) / kGoodputBins, std::numeric_limits<double>::epsilon());
    std::vector<int> counts(kGoodputBins, 0);
    for (const double g : goodput)
      ++counts[static_cast<std::size_t>(std::min<double>(kGoodputBins - 1, std::floor((g - *low) / width)))];
    json bins = json::array();
    for (int b = 0; b < kGoodputBins; ++b) bins.push_back(fmt::format("{:.2f}", (*low + (b + 0.5) * width) * kPercent));
    charts.push_back(
        {"goodput",
         "Goodput over the trials",
         fmt::format("How many of the {} simulated runs reached each goodput (useful training time over wall time, "
                     "percent): p10 {:.1f}%, median {:.1f}%, p90 {:.1f}% (seed {}).",
                     report.runs.trials, report.runs.goodput.p10 * kPercent, report.runs.goodput.p50 * kPercent,
                     report.runs.goodput.p90 * kPercent, report.seed),
         {{"tooltip", {{"trigger", "axis"}}},
          {"grid", {{"left", 60}, {"right", 30}, {"bottom", 50}, {"top", 40}}},
          {"xAxis", {{"type", "category"}, {"data", bins}, {"name", "goodput %"}, {"nameLocation", "middle"}, {"nameGap", 28}}},
          {"yAxis", {{"type", "value"}, {"name", "runs"}}},
          {"series", {{{"type", "bar"}, {"data", counts}}}}}});
  }
  json causes = json::array();
  json per_run = json::array();
  for (const auto& [cause, mean] : report.runs.by_cause) {
    causes.push_back(cause);
    per_run.push_back(mean);
  }
  charts.push_back({"causes",
                    "What interrupts the run",
                    "Interruptions per run by cause, mean over the trials (data/failures.yaml, calibrated on Llama 3's "
                    "54-day table).",
                    {{"tooltip", {{"trigger", "axis"}}},
                     {"grid", {{"left", 60}, {"right", 30}, {"bottom", 100}, {"top", 40}}},
                     {"xAxis", {{"type", "category"}, {"data", causes}, {"axisLabel", {{"rotate", 30}}}}},
                     {"yAxis", {{"type", "value"}, {"name", "per run"}}},
                     {"series", {{{"type", "bar"}, {"data", per_run}}}}}});
  charts.push_back(checkpoint_chart(goodput_by_interval_min(report.setup),
                                    report.setup.checkpoint.interval.value() / kSecondsPerMinute,
                                    report.expected.mtti_hours));
  return charts;
}

}  // namespace gigasim
