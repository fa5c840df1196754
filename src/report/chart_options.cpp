#include "report/chart_options.hpp"

#include <fmt/format.h>

#include "perf/step_estimate.hpp"

namespace gigasim {
namespace {

using nlohmann::json;

constexpr double kGib = 1024.0 * 1024.0 * 1024.0;
constexpr double kPercent = 100;

}  // namespace

json stacked_bars(const std::string& unit, const std::vector<std::string>& rows,
                  const std::vector<std::pair<std::string, std::vector<double>>>& parts) {
  json series = json::array();
  for (const auto& [name, values] : parts)
    series.push_back(
        {{"name", name}, {"type", "bar"}, {"stack", "all"}, {"data", values}, {"emphasis", {{"focus", "series"}}}});
  return {{"tooltip", {{"trigger", "item"}}},
          {"legend", {{"type", "scroll"}}},
          {"grid", {{"left", 90}, {"right", 30}, {"bottom", 40}, {"top", 60}}},
          {"xAxis", {{"type", "value"}, {"name", unit}}},
          {"yAxis", {{"type", "category"}, {"data", rows}}},
          {"series", series}};
}

ReportChart step_chart(const std::vector<std::pair<std::string, const StepEstimate*>>& rows,
                       const std::string& caption) {
  std::vector<std::string> names;
  std::vector<std::pair<std::string, std::vector<double>>> parts = {
      {"compute", {}}, {"tp_comm", {}},   {"cp_comm", {}}, {"ep_comm", {}},
      {"pp_comm", {}}, {"pp_bubble", {}}, {"dp_comm", {}}, {"optimizer", {}}};
  for (const auto& [name, estimate] : rows) {
    names.push_back(name);
    const StepBreakdown& b = estimate->breakdown;
    const double values[] = {b.compute.value(), b.tp_comm.value(),   b.cp_comm.value(), b.ep_comm.value(),
                             b.pp_comm.value(), b.pp_bubble.value(), b.dp_comm.value(), b.optimizer.value()};
    for (std::size_t i = 0; i < parts.size(); ++i) parts[i].second.push_back(values[i]);
  }
  return {"step", "Where the step goes", caption, stacked_bars("s", names, parts)};
}

ReportChart memory_chart(const StepEstimate& estimate) {
  const MemoryBreakdown& m = estimate.memory.per_gpu;
  json option = stacked_bars("GiB", {"per GPU"},
                             {{"weights", {m.weights.value() / kGib}},
                              {"grads", {m.grads.value() / kGib}},
                              {"optimizer", {m.optimizer.value() / kGib}},
                              {"activations", {m.activations.value() / kGib}},
                              {"buffers", {m.buffers.value() / kGib}},
                              {"overhead", {m.overhead.value() / kGib}}});
  option["series"][0]["markLine"] = {{"symbol", "none"},
                                     {"label", {{"formatter", "HBM {c} GiB"}}},
                                     {"data", {{{"xAxis", estimate.memory.capacity.value() / kGib}}}}};
  return {"memory", "Memory per GPU",
          fmt::format("The most loaded pipeline stage's memory, {:.1f} GiB, against the GPU's {:.0f} GiB of HBM "
                      "(workload/memory: weights, gradients and optimizer state by ZeRO stage, activations by "
                      "recompute mode, Korthikanti et al. 2022).",
                      estimate.memory.per_gpu.total().value() / kGib, estimate.memory.capacity.value() / kGib),
          option};
}

ReportChart checkpoint_chart(const std::vector<std::pair<double, double>>& goodput_by_interval_min, double chosen_min,
                             double mtti_hours) {
  json points = json::array();
  for (const auto& [minutes, goodput] : goodput_by_interval_min) points.push_back({minutes, goodput * kPercent});
  return {"checkpoint",
          "How often to checkpoint",
          fmt::format("Expected goodput against the checkpoint interval (Daly 2006's expected wall time): {:.1f} min "
                      "chosen, an interruption every {:.2f} h (data/failures.yaml, calibrated on Llama 3).",
                      chosen_min, mtti_hours),
          {{"tooltip", {{"trigger", "axis"}}},
           {"grid", {{"left", 60}, {"right", 30}, {"bottom", 40}, {"top", 40}}},
           {"xAxis", {{"type", "log"}, {"name", "minutes"}, {"nameLocation", "middle"}, {"nameGap", 28}}},
           {"yAxis", {{"type", "value"}, {"name", "goodput %"}, {"scale", true}}},
           {"series",
            {{{"type", "line"},
              {"showSymbol", false},
              {"data", points},
              {"markLine", {{"symbol", "none"}, {"data", {{{"xAxis", chosen_min}}}}}}}}}}};
}

}  // namespace gigasim
