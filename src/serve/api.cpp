#include "serve/api.hpp"

#include <charconv>
#include <optional>

#include <fmt/format.h>
#include <utf8cpp/utf8.h>

#include "app/cores.hpp"
#include "app/input_files.hpp"
#include "app/run_command.hpp"
#include "plan/plan.hpp"
#include "report/catalog_table.hpp"
#include "report/estimate_json.hpp"
#include "report/html_report.hpp"
#include "report/plan_brief.hpp"
#include "report/plan_json.hpp"
#include "report/report_charts.hpp"
#include "report/run_report.hpp"
#include "report/search_json.hpp"
#include "report/simulation_json.hpp"
#include "search/cluster_sizing.hpp"
#include "search/resolve_job.hpp"
#include "sim/step_sim.hpp"
#include "spec/cluster_file.hpp"
#include "spec/job_parse.hpp"
#include "spec/scenario.hpp"

namespace gigasim {
namespace {

using nlohmann::json;

constexpr int kBadRequest = 400;
constexpr int kNotFound = 404;
constexpr int kTooMuchWork = 422;             // well-formed, but more than the server's limits allow
constexpr int kDefect = 500;                  // the built-in data failed to load: a broken build
constexpr std::string_view kOrigin = "body";  // what located messages call the request's body
constexpr int kMaxTop = 1000;

ApiResponse failure(int status, const std::vector<std::string>& lines) {
  return {status, api_error(lines), {}};
}

// Query parameters arrive percent-decoded: any bytes. Those that are not UTF-8 are refused before
// they can reach a message (JSON text is UTF-8).
std::optional<std::string> non_utf8_parameter(const ApiQuery& query) {
  for (const auto& [name, value] : query)
    if (!utf8::is_valid(name.begin(), name.end()) || !utf8::is_valid(value.begin(), value.end()))
      return "query parameters: not UTF-8 text; percent-encode the UTF-8 bytes of each name and value";
  return std::nullopt;
}

// Query parameters, each checked against its range; the first problem wins.
class Query {
 public:
  explicit Query(const ApiQuery& query) : query_(query) {}

  template <class Number>
  Number number(std::string_view name, Number fallback, Number low, Number high) {
    const auto found = query_.find(name);
    if (found == query_.end()) return fallback;
    const std::string& text = found->second;
    Number value{};
    const auto [end, code] = std::from_chars(text.data(), text.data() + text.size(), value);
    // Written so that NaN, which every comparison calls false, is out of range too.
    if (code != std::errc() || end != text.data() + text.size() || !(value >= low && value <= high)) {
      if (!problem_)
        problem_ = fmt::format("query parameter {}: '{}' is not a number from {} to {}; give e.g. ?{}={}", name, text,
                               low, high, name, fallback == Number{} ? low : fallback);
      return fallback;
    }
    return value;
  }

  bool flag(std::string_view name) {
    const auto found = query_.find(name);
    if (found == query_.end()) return false;
    if (found->second.empty() || found->second == "1" || found->second == "true") return true;
    if (found->second == "0" || found->second == "false") return false;
    if (!problem_) problem_ = fmt::format("query parameter {}: '{}' is not true or false", name, found->second);
    return false;
  }

  std::optional<std::string> text(std::string_view name) const {
    const auto found = query_.find(name);
    return found == query_.end() ? std::nullopt : std::optional<std::string>(found->second);
  }
  [[nodiscard]] const std::optional<std::string>& problem() const { return problem_; }

 private:
  const ApiQuery& query_;
  std::optional<std::string> problem_;
};

// Each request's work stops at the server's time limit, or as soon as its client leaves.
WorkLimit work_limit(const ApiLimits& limits) {
  return {std::chrono::steady_clock::now() + limits.compute, limits.cancelled};
}

// A request's layout search: every core, until the server's compute limit.
SearchOptions search_options(const ApiLimits& limits) {
  SearchOptions options;
  options.threads = threads_or_every_core();
  options.limit = work_limit(limits);
  return options;
}

// The 422 answer's message: which work ran past the limit, and the way out.
std::string too_long_message(std::string_view work, const ApiLimits& limits, std::string_view way_out) {
  return fmt::format("{}: the {} ran past the server's {:g} s limit; {}, or run the command on your own machine",
                     kOrigin, work, std::chrono::duration<double>(limits.compute).count(), way_out);
}

std::string search_too_long_message(const ApiLimits& limits) {
  return too_long_message("layout search", limits, "fix some layout fields (tp, pp, …) to search fewer layouts");
}

ApiResponse estimate(const std::string& body, const Catalog& catalog, const ApiLimits& limits) {
  const auto job = resolve_job(body, std::string(kOrigin), catalog, search_options(limits));
  if (!job) return failure(kBadRequest, job.error());
  return {200, estimate_json(job.value(), estimate_step(job.value())), {}};
}

ApiResponse search(const std::string& body, Query& query, const Catalog& catalog, const ApiLimits& limits) {
  SearchOptions options;
  options.top = query.number("top", kDefaultTop, 1, kMaxTop);
  const double deadline_days = query.number("deadline_days", 0.0, 0.0, 1e5);
  const std::string objective = query.text("objective").value_or("throughput");
  if (objective == "time")
    options.objective = SearchObjective::time;
  else if (objective == "cost")
    options.objective = SearchObjective::cost;
  else if (objective != "throughput")
    return failure(kBadRequest,
                   {fmt::format("query parameter objective: '{}' is not throughput, time or cost", objective)});
  if (query.problem()) return failure(kBadRequest, {*query.problem()});
  const auto job = parse_search_job(body, kOrigin, catalog);
  if (!job) return failure(kBadRequest, formatted(job.error()));
  options.threads = limits.search_threads;
  options.limit = work_limit(limits);
  SearchJob sized = job.value();
  json sizing_part;
  if (deadline_days > 0) {
    if (!sized.base.training.has_work())
      return failure(kBadRequest, {fmt::format("{}: training.tokens: deadline_days needs the work to train, as tokens "
                                               "or flops; add e.g. training: {{ tokens: 15.6e12 }}",
                                               kOrigin)});
    const SizingResult sizing = size_cluster(job.value(), deadline_days, options);
    if (sizing.cut_off) return failure(kTooMuchWork, {search_too_long_message(limits)});
    if (sizing.answer) sized.base.cluster.gpus = sizing.curve[*sizing.answer].gpus;
    sizing_part = sizing_json(sizing, deadline_days);
  }
  const SearchResult result = search_layouts(sized, options);
  if (result.cut_off) return failure(kTooMuchWork, {search_too_long_message(limits)});
  json answer = search_json(result);
  if (deadline_days > 0) answer["sizing"] = sizing_part;
  return {200, answer, {}};
}

ApiResponse simulate(const std::string& body, Query& query, const Catalog& catalog, const ApiLimits& limits) {
  const bool full = query.flag("full");
  if (query.problem()) return failure(kBadRequest, {*query.problem()});
  if (is_cluster_file(body))
    return failure(kBadRequest, {fmt::format("{}: a cluster file (jobs:) is simulated by `gigasim simulate "
                                             "CLUSTER.yaml` for now; POST one job here",
                                             kOrigin)});
  const auto job = resolve_job(body, std::string(kOrigin), catalog, search_options(limits));
  if (!job) return failure(kBadRequest, job.error());
  if (const auto refusal = simulation_refusal(job.value()))
    return failure(kBadRequest, {fmt::format("{}: {}", kOrigin, *refusal)});
  StepSimOptions simulating;
  simulating.full = full;
  simulating.limit = work_limit(limits);
  const SimulatedStep simulated = simulate_step(job.value(), simulating);
  if (simulated.cut_off)
    return failure(kTooMuchWork, {too_long_message("simulation", limits,
                                                   full ? "leave out full=true to simulate one replica per stage"
                                                        : "simulate fewer GPUs")});
  return {200, simulation_json(job.value(), simulated), {}};
}

ApiResponse plan(const std::string& body, Query& query, const Catalog& catalog, const ApiLimits& limits) {
  const std::optional<std::string> report = query.text("report");
  if (report && *report != "html")
    return failure(kBadRequest, {fmt::format("query parameter report: '{}'; the only report is report=html", *report)});
  const std::optional<std::string> view = query.text("view");
  if (view && *view != "page")
    return failure(kBadRequest, {fmt::format("query parameter view: '{}'; the only view is view=page", *view)});
  const auto scenario = parse_scenario(body, kOrigin, catalog);
  if (!scenario) return failure(kBadRequest, formatted(scenario.error()));
  SearchOptions options;
  options.threads = limits.search_threads;
  options.top = 1;
  options.limit = work_limit(limits);
  const auto plan_too_long = [&] {
    return failure(kTooMuchWork, {too_long_message("plan", limits,
                                                   "fix some layout fields (tp, pp, …) to search fewer layouts, or "
                                                   "ask for fewer reliability.trials")});
  };
  const auto planned = make_plan(scenario.value(), options);
  if (!planned && planned.error() == kPlanCutOff) return plan_too_long();
  if (!planned) return failure(kBadRequest, {fmt::format("{}: {}", kOrigin, planned.error())});
  json answer = plan_json(scenario.value(), planned.value());
  if (!report && !view) return {200, answer, {}};
  // The report's and the page's site comparison: cut off, the answer is refused, not left without it.
  const auto sites = compare_sites(scenario.value(), options);
  if (!sites && sites.error() == kPlanCutOff) return plan_too_long();
  const std::vector<ReportChart> charts = plan_charts(planned.value(), sites ? sites.value() : std::vector<SitePlan>{});
  const std::string brief = plan_brief(scenario.value(), planned.value());
  // view=page: what the planner page draws, from the report's own charts.
  if (view) return {200, {{"data", answer}, {"brief", brief}, {"charts", charts_json(charts)}}, {}};
  return {200, nullptr, html_report(fmt::format("{}: the plan", scenario.value().name), brief, charts, answer)};
}

ApiResponse run(const std::string& body, Query& query, const Catalog& catalog, const ApiLimits& limits) {
  RunCommandOptions options;
  options.trials = query.number("trials", options.trials, 1, limits.max_trials);
  options.seed = query.number("seed", options.seed, 0ULL, ~0ULL);
  options.days = query.number("days", 0.0, 0.0, 1e5);
  options.spares = query.number("spares", -1, 0, 10'000'000);
  options.asynchronous = query.flag("async_checkpoints");
  if (query.problem()) return failure(kBadRequest, {*query.problem()});
  options.threads = limits.search_threads;
  options.limit = work_limit(limits);
  const auto prepared = prepare_run(body, std::string(kOrigin), catalog, options);
  // Whatever stopped the run past the limit stopped because of it.
  if (!prepared && options.limit.reached())
    return failure(kTooMuchWork, {too_long_message("run", limits, "ask for fewer trials")});
  if (!prepared) return failure(kBadRequest, prepared.error());
  return {200, run_json(prepared.value()->report), {}};
}

}  // namespace

json api_error(const std::vector<std::string>& lines) {
  return {{"error", lines.empty() ? std::string("error") : lines.front()}, {"problems", lines}};
}

ApiResponse api_call(std::string_view endpoint, const std::string& body, const ApiQuery& query, const Catalog& catalog,
                     const ApiLimits& limits) {
  if (body.find_first_not_of(" \t\r\n") == std::string::npos)
    return failure(kBadRequest, {fmt::format("{}: empty; send the YAML (or JSON) a {} file holds", kOrigin,
                                             endpoint == "plan" ? "scenario" : "job")});
  if (const auto problem = non_utf8_parameter(query)) return failure(kBadRequest, {*problem});
  Query checked(query);
  if (endpoint == "estimate") return estimate(body, catalog, limits);
  if (endpoint == "search") return search(body, checked, catalog, limits);
  if (endpoint == "simulate") return simulate(body, checked, catalog, limits);
  if (endpoint == "plan") return plan(body, checked, catalog, limits);
  if (endpoint == "run") return run(body, checked, catalog, limits);
  return failure(kNotFound,
                 {fmt::format("no endpoint /api/{}; POST to /api/estimate, search, simulate, plan or run", endpoint)});
}

ApiResponse api_sites() {
  const auto sites = load_builtin_sites();
  if (!sites) return failure(kDefect, formatted(sites.error()));
  json rows = json::array();
  for (const auto& [name, site] : sites.value())
    rows.push_back({{"name", name},
                    {"description", site.description},
                    {"electricity_usd_per_mwh",
                     site.electricity_usd_per_mwh ? json(*site.electricity_usd_per_mwh) : json(nullptr)},
                    {"grid_g_co2_per_kwh", site.grid_g_co2_per_kwh ? json(*site.grid_g_co2_per_kwh) : json(nullptr)},
                    {"pue", site.pue ? json(*site.pue) : json(nullptr)},
                    {"available_mw", site.available_mw ? json(*site.available_mw) : json(nullptr)}});
  return {200, {{"sites", rows}}, {}};
}

ApiResponse api_catalog(const Catalog& catalog, const ApiQuery& query) {
  if (const auto problem = non_utf8_parameter(query)) return failure(kBadRequest, {*problem});
  const auto found = query.find("section");
  const std::string section = found == query.end() ? std::string() : found->second;
  if (!section.empty() && section != "gpus" && section != "nodes" && section != "fabrics" && section != "models" &&
      section != "options")
    return failure(
        kBadRequest,
        {fmt::format("query parameter section: '{}' is not gpus, nodes, fabrics, models or options", section)});
  return {200, catalog_json(catalog, section), {}};
}

}  // namespace gigasim
