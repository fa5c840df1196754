#include "sweep/sweep_point.hpp"

#include <cctype>
#include <charconv>
#include <functional>

#include <fmt/format.h>

#include "app/cores.hpp"
#include "app/input_files.hpp"
#include "app/run_command.hpp"
#include "perf/step_estimate.hpp"
#include "plan/plan.hpp"
#include "report/estimate_json.hpp"
#include "report/plan_json.hpp"
#include "report/run_report.hpp"
#include "report/search_json.hpp"
#include "search/layout_search.hpp"
#include "search/resolve_job.hpp"
#include "spec/job_parse.hpp"

namespace gigasim {
namespace {

// Points are texts no one has seen, so their messages name no line: "point:3:7: cluster.gpus: …"
// becomes "cluster.gpus: …".
constexpr std::string_view kOrigin = "point";

PointOutcome failed(const std::vector<std::string>& lines) {
  return {nullptr, without_places(lines, kOrigin)};
}

SearchOptions one_thread() {
  SearchOptions options;
  options.threads = 1;
  return options;
}

// An estimate or search point from its parsed job; `text` gives the text for located messages.
PointOutcome compute_job_point(const SweepSpec& spec, const Result<SearchJob, Diagnostics>& job,
                               const std::function<std::string()>& text, const Catalog& catalog) {
  if (!job) return failed(formatted(job.error()));
  if (spec.compute == SweepCompute::estimate) {
    SearchOptions every_core;
    every_core.threads = threads_or_every_core();
    const auto resolved = resolve_job(job.value(), text, std::string(kOrigin), catalog, every_core);
    if (!resolved) return failed(resolved.error());
    return {estimate_json(resolved.value(), estimate_step(resolved.value())), std::nullopt};
  }
  SearchOptions options = one_thread();
  options.top = 1;
  if (spec.search_objective == "time") options.objective = SearchObjective::time;
  if (spec.search_objective == "cost") options.objective = SearchObjective::cost;
  const SearchResult result = search_layouts(job.value(), options);
  nlohmann::json answer = search_json(result);
  if (result.best.empty()) {
    std::string why = "no layout is feasible";
    if (!result.rejected.empty())
      why += fmt::format(" (most turned down for {}: {})", result.rejected.front().reason,
                         result.rejected.front().example);
    return {std::move(answer), why};
  }
  return {std::move(answer), std::nullopt};
}

}  // namespace

PointOutcome compute_point(const SweepSpec& spec, const SweepPoints& points, std::uint64_t point,
                           const Catalog& catalog) {
  if (spec.compute != SweepCompute::estimate && spec.compute != SweepCompute::search)
    return compute_point(spec, points.text(point), catalog);
  return compute_job_point(
      spec, points.search_job(point, kOrigin, catalog), [&] { return points.text(point); }, catalog);
}

PointOutcome compute_point(const SweepSpec& spec, const std::string& text, const Catalog& catalog) {
  const std::string origin(kOrigin);
  switch (spec.compute) {
    case SweepCompute::estimate:
    case SweepCompute::search:
      return compute_job_point(
          spec, parse_search_job(text, origin, catalog), [&] { return text; }, catalog);
    case SweepCompute::plan: {
      const auto scenario = parse_scenario(text, origin, catalog);
      if (!scenario) return failed(formatted(scenario.error()));
      SearchOptions options = one_thread();
      options.top = 1;
      // The sweep is the scaling curve: each point's own (three more searches) would triple the work.
      const auto planned = make_plan(scenario.value(), options, PlanDepth::core);
      if (!planned) return failed({planned.error()});
      return {plan_json(scenario.value(), planned.value()), std::nullopt};
    }
    case SweepCompute::run: {
      RunCommandOptions options;
      options.trials = spec.run_trials;
      options.seed = spec.run_seed;
      options.threads = 1;
      const auto prepared = prepare_run(text, origin, catalog, options);
      if (!prepared) return failed(prepared.error());
      return {run_json(prepared.value()->report), std::nullopt};
    }
  }
  return failed({"unknown compute"});
}

std::optional<std::string> parse_point(const SweepSpec& spec, const std::string& text, const Catalog& catalog) {
  const std::string origin(kOrigin);
  if (spec.base.scenario) {
    const auto scenario = parse_scenario(text, origin, catalog);
    if (!scenario) return without_places(formatted(scenario.error()), kOrigin);
  } else {
    const auto job = parse_search_job(text, origin, catalog);  // takes fixed, auto and listed layout fields
    if (!job) return without_places(formatted(job.error()), kOrigin);
  }
  return std::nullopt;
}

std::optional<nlohmann::json> value_at(const nlohmann::json& answer, const std::string& path) {
  const nlohmann::json* node = &answer;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = path.find('.', start);
    const std::string part = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (node->is_object()) {
      const auto found = node->find(part);
      if (found == node->end()) return std::nullopt;
      node = &*found;
    } else if (node->is_array()) {
      std::size_t index = 0;
      const auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), index);
      if (error != std::errc() || end != part.data() + part.size() || index >= node->size()) return std::nullopt;
      node = &(*node)[index];
    } else {
      return std::nullopt;
    }
    if (dot == std::string::npos) return *node;
    start = dot + 1;
  }
}

}  // namespace gigasim
