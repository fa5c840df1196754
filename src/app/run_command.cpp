#include "app/run_command.hpp"

#include <filesystem>
#include <iostream>
#include <mutex>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "app/cores.hpp"
#include "app/input_files.hpp"
#include "app/progress_line.hpp"
#include "app/report_file.hpp"
#include "perf/step_estimate.hpp"
#include "plan/plan.hpp"
#include "report/report_charts.hpp"
#include "report/run_report.hpp"
#include "search/resolve_job.hpp"
#include "spec/scenario.hpp"
#include "util/number_format.hpp"

namespace gigasim {
namespace {

constexpr int kInvalidInput = 2;
constexpr int kJsonIndent = 2;

// A scenario names itself; a job file does not.
bool is_scenario(const std::string& text) {
  return text.find("\nname:") != std::string::npos || text.starts_with("name:");
}

}  // namespace

Result<std::unique_ptr<PreparedRun>, std::vector<std::string>> prepare_run(
    const std::string& text, const std::string& origin, const Catalog& catalog, const RunCommandOptions& options,
    const std::function<void(int, int)>& progress) {
  const int threads = threads_or_every_core(options.threads);
  auto prepared = std::make_unique<PreparedRun>();
  Job& job = prepared->job;
  StepEstimate step;
  double days = 0;
  RunOptions run_options_given;
  if (is_scenario(text)) {
    const auto scenario = parse_scenario(text, origin, catalog);
    if (!scenario) return fail(formatted(scenario.error()));
    SearchOptions search;
    search.threads = threads;
    search.top = 1;
    search.limit = options.limit;
    run_options_given = run_options(scenario.value());
    const auto plan = make_plan(scenario.value(), search, PlanDepth::core);
    if (!plan) return fail(std::vector<std::string>{fmt::format("{}: {}", origin, plan.error())});
    job = plan.value().training.job;
    step = plan.value().training.estimate;
    days = plan.value().training.days;
  } else {
    ProgressLine searching(std::cerr);
    auto resolved = resolve_job(text, origin, catalog, command_search_options(searching, 0, options.limit));
    if (!resolved) return fail(std::move(resolved.error()));
    job = resolved.value();
    step = estimate_step(job);
    if (step.time_to_train_days) days = *step.time_to_train_days;
  }
  const bool window = options.days > 0;
  if (window) days = options.days;
  if (days <= 0)
    return fail(std::vector<std::string>{
        fmt::format("{}: no training time: give training.tokens in the file, or --days D for a window", origin)});
  const auto failures = load_builtin_failures();
  if (!failures) return fail(formatted(failures.error()));
  RunOptions run_options = run_options_given;  // the scenario's reliability policy, if any
  if (options.asynchronous) run_options.checkpoint.asynchronous = true;
  if (options.recovery == "storage") run_options.checkpoint.recovery = Recovery::storage;
  if (options.recovery == "memory") run_options.checkpoint.recovery = Recovery::memory;
  if (options.recovery == "elastic") run_options.checkpoint.recovery = Recovery::elastic;
  if (options.spares >= 0) run_options.spares = options.spares;

  RunReport& report = prepared->report;
  report.job = &job;
  report.failure_free_days = days;
  report.window = window;
  report.seed = options.seed;
  report.setup = setup_run(job, step, days, failures.value(), run_options);
  report.expected = expected_run(report.setup);
  if (report.expected.interruptions * options.trials > kMostInterruptionsSimulated)
    return fail(std::vector<std::string>{fmt::format(
        "{}: {} trials of this run would draw about {} interruptions, too many to simulate; in closed form "
        "the run takes {:.1f} days with failures (goodput {:.1f}%, an interruption every {:.2f} h). Fewer "
        "--trials, or a recovery that keeps up at this scale (a scenario's reliability: {{ recovery: memory }} "
        "or {{ recovery: elastic }}), brings it within reach",
        origin, with_commas(options.trials), with_suffix(report.expected.interruptions * options.trials),
        report.expected.wall_days, report.expected.goodput * 100.0, report.expected.mtti_hours)});
  report.runs = simulate_runs(report.setup.inputs, options.trials, options.seed, threads, progress, options.limit);
  if (report.runs.cut_off)
    return fail(std::vector<std::string>{fmt::format("{}: the Monte Carlo of {} trials was cut off before it was done",
                                                     origin, with_commas(options.trials))});
  return prepared;
}

int run_run(const RunCommandOptions& options, std::ostream& out, std::ostream& err) {
  const auto catalog = load_catalog(options.catalog_files);
  if (!catalog) {
    for (const std::string& line : catalog.error()) err << line << "\n";
    return kInvalidInput;
  }
  const auto input = read_file_or_builtin_scenario(options.input);
  if (!input) {
    err << "gigasim run: " << input.error() << "\n";
    return kInvalidInput;
  }
  const std::string& origin = input.value().origin;
  const std::string& text = input.value().text;
  // Progress on a terminal only, about ten times a second at most.
  const bool terminal = isatty(STDERR_FILENO) != 0;
  std::mutex printing;
  int shown = -1;
  const auto progress = [&](int done, int total) {
    constexpr int kSteps = 20;
    const int step_now = done * kSteps / total;
    const std::lock_guard lock(printing);
    if (step_now == shown) return;
    shown = step_now;
    err << fmt::format("\rgigasim run: {}/{} trials", done, total) << (done == total ? "\n" : "") << std::flush;
  };
  RunCommandOptions bounded = options;
  bounded.limit = WorkLimit::after_seconds(options.time_limit_s);
  const auto prepared =
      prepare_run(text, origin, catalog.value(), bounded,
                  terminal ? std::function<void(int, int)>(progress) : std::function<void(int, int)>());
  if (!prepared && bounded.limit.reached()) {
    err << fmt::format("{}: the run went past --time-limit {:g} s and was stopped; fewer --trials, or a longer limit\n",
                       origin, options.time_limit_s);
    return kInvalidInput;
  }
  if (!prepared) {
    for (const std::string& line : prepared.error()) err << line << "\n";
    return kInvalidInput;
  }
  const RunReport& report = prepared.value()->report;
  if (!options.report_path.empty() &&
      !write_report(options.report_path, fmt::format("{}: the run with failures", origin), run_table(report),
                    run_charts(report), run_json(report), err))
    return kInvalidInput;
  if (options.json)
    out << run_json(report).dump(kJsonIndent) << "\n";
  else
    out << run_table(report);
  return 0;
}

}  // namespace gigasim
