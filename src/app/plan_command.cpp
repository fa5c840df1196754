#include "app/plan_command.hpp"

#include <filesystem>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "app/cores.hpp"
#include "app/input_files.hpp"
#include "app/progress_line.hpp"
#include "app/report_file.hpp"
#include "plan/plan.hpp"
#include "report/plan_brief.hpp"
#include "report/plan_json.hpp"
#include "report/report_charts.hpp"
#include "spec/scenario.hpp"

namespace gigasim {
namespace {

constexpr int kInvalidInput = 2;
constexpr int kJsonIndent = 2;
constexpr std::string_view kDefaultScenario = "gigafactory-100k-h100";

}  // namespace

int run_plan(const PlanCommandOptions& options, std::ostream& out, std::ostream& err) {
  const auto catalog = load_catalog(options.catalog_files);
  if (!catalog) {
    for (const std::string& line : catalog.error()) err << line << "\n";
    return kInvalidInput;
  }
  const auto input =
      read_file_or_builtin_scenario(options.scenario.empty() ? std::string(kDefaultScenario) : options.scenario);
  if (!input) {
    err << "gigasim plan: " << input.error() << "\n";
    return kInvalidInput;
  }
  const std::string& origin = input.value().origin;
  const std::string& text = input.value().text;
  auto scenario = parse_scenario(text, origin, catalog.value());
  if (!scenario) {
    for (const std::string& line : formatted(scenario.error())) err << line << "\n";
    return kInvalidInput;
  }
  if (options.trials > 0) scenario.value().reliability.trials = options.trials;
  ProgressLine progress(err);
  SearchOptions search =
      command_search_options(progress, options.threads, WorkLimit::after_seconds(options.time_limit_s));
  search.top = 1;
  const auto cut_off = [&] {
    err << fmt::format(
        "{}: the plan went past --time-limit {:g} s and was stopped; fix some layout fields (tp, pp, …) to search "
        "fewer layouts, fewer reliability.trials, or a longer limit\n",
        origin, options.time_limit_s);
    return kInvalidInput;
  };
  if (options.compare_sites) {
    const auto sites = compare_sites(scenario.value(), search);
    progress.clear();
    if (!sites && sites.error() == kPlanCutOff) return cut_off();
    if (!sites) {
      err << fmt::format("{}: {}\n", origin, sites.error());
      return kInvalidInput;
    }
    if (options.json)
      out << sites_json(sites.value()).dump(kJsonIndent) << "\n";
    else
      out << sites_table(scenario.value(), sites.value());
    return 0;
  }
  const auto plan = make_plan(scenario.value(), search);
  progress.clear();
  if (!plan && plan.error() == kPlanCutOff) return cut_off();
  if (!plan) {
    err << fmt::format("{}: {}\n", origin, plan.error());
    return kInvalidInput;
  }
  if (!options.report_path.empty()) {
    const auto sites = compare_sites(scenario.value(), search);
    progress.clear();
    if (!sites && sites.error() == kPlanCutOff) return cut_off();
    if (!write_report(options.report_path, fmt::format("{}: the plan", scenario.value().name),
                      plan_brief(scenario.value(), plan.value()),
                      plan_charts(plan.value(), sites ? sites.value() : std::vector<SitePlan>{}),
                      plan_json(scenario.value(), plan.value()), err))
      return kInvalidInput;
  }
  if (options.json)
    out << plan_json(scenario.value(), plan.value()).dump(kJsonIndent) << "\n";
  else
    out << plan_brief(scenario.value(), plan.value());
  return 0;
}

}  // namespace gigasim
