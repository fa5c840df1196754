// gigasim: the command line. A thin shell: read files, call the layers, print tables or JSON.

#include <cmath>
#include <cstdio>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "app/input_files.hpp"
#include "app/plan_command.hpp"
#include "app/progress_line.hpp"
#include "app/report_file.hpp"
#include "app/run_command.hpp"
#include "app/search_command.hpp"
#include "app/simulate_command.hpp"
#include "app/sweep_command.hpp"
#include "app/validate_command.hpp"
#include "perf/step_estimate.hpp"
#include "report/catalog_table.hpp"
#include "report/estimate_json.hpp"
#include "report/estimate_table.hpp"
#include "report/report_charts.hpp"
#include "search/resolve_job.hpp"
#include "serve/serve_command.hpp"
#include "spec/job_parse.hpp"
#include "spec/scenario.hpp"

namespace {

constexpr int kInvalidInput = 2;
constexpr int kJsonIndent = 2;
// Bounds of the search options: beyond them a value is a typo, not a wish.
constexpr int kMaxTop = 1000;
constexpr int kMaxThreads = 1024;
// CLI::Range lets NaN through (every comparison with it is false): a range that refuses it, and
// infinity, by name.
CLI::Validator finite_range(double min, double max) {
  return {[min, max](std::string& text) -> std::string {
            double value = 0;
            if (!CLI::detail::lexical_cast(text, value) || !std::isfinite(value))
              return fmt::format("'{}' is not a finite number", text);
            if (value < min || value > max) return fmt::format("{} is not between {:g} and {:g}", text, min, max);
            return {};
          },
          fmt::format("FLOAT in [{:g} - {:g}]", min, max)};
}

constexpr double kMinDeadlineDays = 0.001;
constexpr double kMaxDeadlineDays = 1e5;
constexpr int kMaxSimulatedGpus = 1 << 21;  // two million: past any machine planned

int report_errors(const std::vector<std::string>& lines) {
  for (const auto& line : lines) std::cerr << line << "\n";
  return kInvalidInput;
}

struct CommonOptions {
  bool json = false;
  std::vector<std::string> catalog_files;
};

void add_catalog_option(CLI::App& command, std::vector<std::string>& files) {
  command
      .add_option("--catalog", files,
                  "A catalog YAML file whose gpus/nodes/fabrics/models add to or replace the built-in ones "
                  "(repeatable)")
      ->check(CLI::ExistingFile);
}

void add_common_options(CLI::App& command, CommonOptions& options) {
  command.add_flag("--json", options.json, "Print machine-readable JSON instead of a table");
  add_catalog_option(command, options.catalog_files);
}

void add_report_option(CLI::App& command, std::string& path) {
  command.add_option("--report", path,
                     "Also write a self-contained HTML report there: the brief, charts and the data as JSON; opens "
                     "offline (docs/report.md)");
}

// --time-limit for a command whose work (`what`) can run long: none by default, as each shows its
// progress on a terminal; past it the command stops with a message and exits 2.
void add_time_limit_option(CLI::App& command, double& seconds, const std::string& what) {
  command.add_option("--time-limit", seconds, "Stop with a message past this many seconds of " + what)
      ->check(finite_range(0.01, 1e6));
}

int run_estimate(const std::string& job_path, const CommonOptions& options, bool compute_only,
                 const std::string& report_path, double time_limit_s) {
  const auto catalog = gigasim::load_catalog(options.catalog_files);
  if (!catalog) return report_errors(catalog.error());
  const auto text = gigasim::read_text_file(job_path);
  if (!text) return report_errors({text.error()});
  // Fields set to `auto` (or lists) take the layout `gigasim search` ranks first.
  gigasim::ProgressLine progress(std::cerr);
  const auto job = gigasim::resolve_job(
      text.value(), job_path, catalog.value(),
      gigasim::command_search_options(progress, 0, gigasim::WorkLimit::after_seconds(time_limit_s)));
  progress.clear();
  if (!job) return report_errors(job.error());
  const gigasim::StepEstimate estimate =
      compute_only ? gigasim::estimate_compute_only(job.value()) : gigasim::estimate_step(job.value());
  if (!report_path.empty() &&
      !gigasim::write_report(report_path, job_path + ": one step", gigasim::estimate_table(job.value(), estimate),
                             gigasim::estimate_charts(estimate), gigasim::estimate_json(job.value(), estimate),
                             std::cerr))
    return kInvalidInput;
  if (options.json)
    std::cout << gigasim::estimate_json(job.value(), estimate).dump(kJsonIndent) << "\n";
  else
    std::cout << gigasim::estimate_table(job.value(), estimate);
  return 0;
}

int run_catalog(const std::string& section, const CommonOptions& options) {
  const auto catalog = gigasim::load_catalog(options.catalog_files);
  if (!catalog) return report_errors(catalog.error());
  if (options.json)
    std::cout << gigasim::catalog_json(catalog.value(), section).dump(kJsonIndent) << "\n";
  else
    std::cout << gigasim::catalog_table(catalog.value(), section);
  return 0;
}

// `simulate` takes a job, or --collective with --bytes and --gpus; never both.
int run_simulate(const CLI::App& command, const CommonOptions& options, gigasim::SimulateCollectiveOptions collective,
                 gigasim::SimulateStepOptions step) {
  const bool one_collective = command.count("--collective") > 0;
  if (one_collective == !step.job_path.empty()) {
    std::cerr << (one_collective ? "gigasim simulate: give a job file or --collective, not both\n"
                                 : "gigasim simulate: give a job file (gigasim simulate JOB.yaml), or --collective "
                                   "KIND --bytes SIZE --gpus N for one collective\n");
    return kInvalidInput;
  }
  if (one_collective) {
    if (command.count("--report") > 0) {
      std::cerr << "gigasim simulate: --report draws a job's step; for one collective, use --json\n";
      return kInvalidInput;
    }
    for (const char* needed : {"--bytes", "--gpus"})
      if (command.count(needed) == 0) {
        std::cerr << "gigasim simulate: --collective needs " << needed << " too (e.g. --bytes 1GiB --gpus 64)\n";
        return kInvalidInput;
      }
    if (command.count("--network") > 0 &&
        (command.count("--gpu") + command.count("--node") + command.count("--fabric")) > 0) {
      std::cerr << "gigasim simulate: --network describes the whole network; leave out --gpu, --node and --fabric\n";
      return kInvalidInput;
    }
    collective.json = options.json;
    collective.catalog_files = options.catalog_files;
    return gigasim::run_simulate_collective(collective, std::cout, std::cerr);
  }
  for (const char* collective_only : {"--bytes", "--gpus", "--gpu", "--node", "--fabric", "--network", "--algorithm"})
    if (command.count(collective_only) > 0) {
      std::cerr << "gigasim simulate: " << collective_only
                << " belongs to --collective; a job takes its cluster from the job file\n";
      return kInvalidInput;
    }
  step.json = options.json;
  step.catalog_files = options.catalog_files;
  return gigasim::run_simulate_step(step, std::cout, std::cerr);
}

}  // namespace

namespace {

int run(int argc, char** argv) {
  CLI::App app{"gigasim: plan and simulate LLM training on AI supercomputers", "gigasim"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "gigasim 0.1.0");

  CommonOptions estimate_options;
  std::string job_path;
  CLI::App* estimate = app.add_subcommand(
      "estimate",
      "Memory per GPU, FLOPs and step time of one training job (a job YAML file: see examples/ and docs/job-file.md; "
      "`gigasim catalog` lists the names it may use)");
  estimate->add_option("job", job_path, "The job file: model, cluster, parallelism")->required();
  add_common_options(*estimate, estimate_options);
  std::string estimate_report;
  add_report_option(*estimate, estimate_report);
  bool compute_only = false;
  estimate->add_flag("--compute-only", compute_only,
                     "Leave communication out (an ideal network): the difference to the full estimate is what the "
                     "fabric costs");
  double estimate_time_limit_s = 0;
  add_time_limit_option(*estimate, estimate_time_limit_s, "the search for the job's `auto` layout fields");

  CommonOptions search_options;
  gigasim::SearchCommandOptions search_settings;
  CLI::App* search = app.add_subcommand(
      "search",
      "The fastest parallel layouts of a job whose parallelism fields are `auto` or lists (e.g. tp: auto, "
      "pp: [8, 16]), with every rejected layout counted by the field at fault");
  search->add_option("job", search_settings.job_path, "The job file; searched fields are `auto` or lists")->required();
  add_common_options(*search, search_options);
  search->add_option("--top", search_settings.top, "How many of the best layouts to show")
      ->check(CLI::Range(1, kMaxTop))
      ->capture_default_str();
  search
      ->add_option("--objective", search_settings.objective,
                   "What best means: throughput (tokens/s), time (to train training.tokens) or cost (GPU-hours), "
                   "alike on one cluster; or robust: tokens/s at the slow end of each layout's error band")
      ->transform(CLI::CheckedTransformer(
          std::map<std::string, gigasim::SearchObjective>{{"throughput", gigasim::SearchObjective::throughput},
                                                          {"time", gigasim::SearchObjective::time},
                                                          {"cost", gigasim::SearchObjective::cost},
                                                          {"robust", gigasim::SearchObjective::robust}},
          CLI::ignore_case))
      ->default_str("throughput");
  search->add_option("--threads", search_settings.threads, "Worker threads (default: every core)")
      ->check(CLI::Range(1, kMaxThreads));
  search
      ->add_option("--deadline-days", search_settings.deadline_days,
                   "Size the cluster: the fewest GPUs, in whole nodes, whose best layout trains training.tokens "
                   "within this many days, with the scaling curve walked to find it")
      ->check(finite_range(kMinDeadlineDays, kMaxDeadlineDays));
  add_time_limit_option(*search, search_settings.time_limit_s, "the layout search, or the sizing");
  add_report_option(*search, search_settings.report_path);

  // Every built-in scenario by name, from the one registry `gigasim catalog scenarios` lists.
  const std::string builtin_names = fmt::format("{}", fmt::join(gigasim::builtin_scenario_names(), ", "));
  CommonOptions plan_options;
  gigasim::PlanCommandOptions plan_settings;
  CLI::App* plan = app.add_subcommand(
      "plan",
      "Plan a gigafactory from a scenario: the layout and training time, what to build (nodes, racks, switches, "
      "optics), its power from the grid to the GPU (transformers included), energy and CO2, and the scenario's "
      "claims checked; with no scenario, the built-in 100,000-H100 gigafactory");
  plan->add_option("scenario", plan_settings.scenario,
                   "A scenario file (docs/scenario-file.md), or a built-in one's name (gigasim catalog scenarios): " +
                       builtin_names + " (default: gigafactory-100k-h100)");
  plan->add_flag("--compare-sites", plan_settings.compare_sites,
                 "Plan the scenario at every built-in site (data/sites.yaml) and rank them by the cost of the run, "
                 "with PUE, power, electricity and CO2");
  add_report_option(*plan, plan_settings.report_path);
  plan->add_option("--threads", plan_settings.threads, "Worker threads for the layout search (default: every core)")
      ->check(CLI::Range(1, kMaxThreads));
  plan->add_option("--trials", plan_settings.trials,
                   "Days with failures from a Monte Carlo of this many runs (seed 1): the deadline, the finish date "
                   "and gpus: auto hold to its 90th percentile (default: the scenario's reliability.trials, else "
                   "the closed form)")
      ->check(CLI::Range(10, 100000));
  add_time_limit_option(*plan, plan_settings.time_limit_s,
                        "the plan's layout searches (sizing, alternatives, scaling curve) and Monte Carlo");
  add_common_options(*plan, plan_options);

  CommonOptions run_options;
  gigasim::RunCommandOptions run_settings;
  CLI::App* run_command = app.add_subcommand(
      "run",
      "A whole training run with failures, as a seeded Monte Carlo: interruptions by cause (calibrated on Llama 3), "
      "checkpoints every Daly interval, restarts and hot spares; the distribution of wall days, interruptions and "
      "goodput");
  run_command
      ->add_option(
          "input", run_settings.input,
          "A job file (with training.tokens), a scenario file, or a built-in scenario's name: " + builtin_names)
      ->required();
  run_command->add_option("--trials", run_settings.trials, "Runs to simulate")
      ->check(CLI::Range(1, 10000000))
      ->capture_default_str();
  run_command
      ->add_option("--seed", run_settings.seed,
                   "The seed: the same seed gives the same result on any machine and thread count")
      ->capture_default_str();
  run_command
      ->add_option("--days", run_settings.days,
                   "Simulate a window of this many days of training instead of the whole run")
      ->check(finite_range(0.001, 100000.0));
  run_command->add_option("--spares", run_settings.spares, "Hot-spare nodes (default: 1% of the nodes)")
      ->check(CLI::Range(0, 10000000));
  run_command->add_flag("--async-checkpoints", run_settings.asynchronous,
                        "Checkpoint asynchronously: the GPUs stall only for the copy to host memory");
  run_command
      ->add_option("--recovery", run_settings.recovery,
                   "How the job recovers: storage (roll back to the checkpoint on storage), memory (checkpoints in "
                   "host memory, hot spares) or elastic (the failed replica drops out); default: the scenario's, "
                   "else storage")
      ->check(CLI::IsMember({"storage", "memory", "elastic"}));
  run_command->add_option("--threads", run_settings.threads, "Worker threads (default: every core)")
      ->check(CLI::Range(1, kMaxThreads));
  add_time_limit_option(*run_command, run_settings.time_limit_s, "the Monte Carlo's trials and any layout search");
  add_report_option(*run_command, run_settings.report_path);
  add_common_options(*run_command, run_options);

  CommonOptions catalog_options;
  std::string section;
  CLI::App* catalog = app.add_subcommand(
      "catalog",
      "List the built-in GPUs, nodes, fabrics and models with their figures and sources, and the named "
      "values job fields accept");
  catalog->add_option("section", section, "Only one section: gpus, nodes, fabrics, models, options or scenarios")
      ->check(CLI::IsMember({"gpus", "nodes", "fabrics", "models", "options", "scenarios"}));
  add_common_options(*catalog, catalog_options);

  CommonOptions validate_options;
  std::string index_path = "validation/step_runs.csv";
  CLI::App* validate = app.add_subcommand(
      "validate",
      "Predicted against published step time, throughput and utilisation of real training runs, with the mean "
      "absolute percentage error (MAPE) per metric and per source (see validation/README.md)");
  validate
      ->add_option("index", index_path,
                   "The index CSV: id,job,metric,published,unit,key,source; job paths are relative to its folder")
      ->capture_default_str();
  add_common_options(*validate, validate_options);
  bool validate_search = false;
  validate->add_flag("--search", validate_search,
                     "Rank each job's published layout among those `gigasim search` finds for it, with how much "
                     "faster the best predicted one is (more than 2x points at a model bug)");
  std::string residuals_path;
  validate->add_option("--residuals", residuals_path,
                       "Also write each job's speed error with what the job is, the evidence of estimates' error "
                       "bands (data/validation_residuals.csv)");

  CommonOptions simulate_options;
  gigasim::SimulateCollectiveOptions simulate_settings;
  gigasim::SimulateStepOptions step_settings;
  CLI::App* simulate = app.add_subcommand(
      "simulate",
      "Simulate one training step event by event on the job's fabric (flows sharing links, the real pipeline "
      "schedule, stragglers), or one collective alone (--collective), as nccl-tests would run it");
  simulate->add_option("job", step_settings.job_path, "The job file (as for estimate), with optional stragglers:")
      ->check(CLI::ExistingFile);
  simulate->add_option("--trace", step_settings.trace_path,
                       "Write the step as Chrome/Perfetto trace JSON to this file (open it in ui.perfetto.dev)");
  simulate->add_flag("--full", step_settings.full,
                     "Simulate every data-parallel replica and every rank's flows instead of one lane per stage "
                     "standing for its peers (slower; for checking the symmetry)");
  add_time_limit_option(*simulate, step_settings.time_limit_s,
                        "simulation, with a job or cluster file (the search for `auto` fields included)");
  simulate->add_option("--collective", simulate_settings.collective,
                       "Instead of a job: all-reduce, all-gather, reduce-scatter (ring) or all-to-all (direct), over "
                       "the first --gpus GPUs");
  simulate->add_option("--bytes", simulate_settings.bytes,
                       "With --collective: the buffer, with its unit (NCCL's sizes): 1GiB, 256MiB; at most 1TiB");
  simulate->add_option("--gpus", simulate_settings.gpus, "With --collective: GPUs taking part")
      ->check(CLI::Range(2, kMaxSimulatedGpus));
  simulate->add_option("--gpu", simulate_settings.gpu, "With --collective: the GPU (gigasim catalog gpus)")
      ->capture_default_str();
  simulate->add_option("--node", simulate_settings.node, "With --collective: the node (default: the GPU's)");
  simulate->add_option("--fabric", simulate_settings.fabric,
                       "With --collective: the scale-out fabric (default: the node's)");
  simulate->add_option(
      "--algorithm", simulate_settings.algorithm,
      "With --collective: ring, tree, hierarchical, in-network, direct or automatic (the fastest "
      "simulated, as NCCL chooses); default automatic (hierarchical with --network; direct for all-to-all)");
  simulate
      ->add_option("--network", simulate_settings.network_path,
                   "With --collective: an ASTRA-sim analytical network YAML (topology, npus_count, bandwidth, "
                   "latency) instead of --gpu/--node/--fabric; --gpus must equal its NPUs")
      ->check(CLI::ExistingFile);
  add_report_option(*simulate, step_settings.report_path);
  add_common_options(*simulate, simulate_options);

  gigasim::ServeOptions serve_settings;
  CLI::App* serve = app.add_subcommand(
      "serve",
      "Serve the HTTP API (POST /api/estimate, search, simulate, plan, run with a job or scenario as the body; GET "
      "/api/catalog, /healthz) on this machine's loopback by default");
  serve->add_option("--host", serve_settings.host, "The address to listen on (0.0.0.0: every interface)")
      ->capture_default_str();
  serve->add_option("--port", serve_settings.port, "The port (0: any free one, printed on start)")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  serve
      ->add_option("--workers", serve_settings.workers,
                   "Requests computing at once, the others waiting their turn (default: one per core)")
      ->check(CLI::Range(1, kMaxThreads));
  serve->add_option("--max-body-bytes", serve_settings.max_body_bytes, "The largest request body accepted")
      ->check(CLI::Range(1024, 1 << 30))
      ->capture_default_str();
  serve
      ->add_option("--time-limit", serve_settings.time_limit_s,
                   "Seconds of work (layout search, simulation, Monte Carlo) a request may use before it is cut off "
                   "with a message (422)")
      ->check(finite_range(0.01, 3600.0))
      ->capture_default_str();
  serve
      ->add_option("--request-timeout", serve_settings.request_timeout_s,
                   "Seconds a client has to send a whole request, headers and body, before it gets 408")
      ->check(finite_range(0.1, 3600.0))
      ->capture_default_str();
  serve
      ->add_option("--max-connections", serve_settings.max_connections,
                   "Connections open at once; more get 503 (default: what the file limit allows, up to 10,000)")
      ->check(CLI::Range(1, 1000000));
  add_catalog_option(*serve, serve_settings.catalog_files);

  CommonOptions sweep_options;
  gigasim::SweepCommandOptions sweep_settings;
  long long sweep_top = 0;
  CLI::App* sweep = app.add_subcommand(
      "sweep",
      "Run a design-space sweep (a base job or scenario, axes that vary it, what to compute) into a SQLite "
      "database, on every core or over MPI ranks (mpirun, srun), resumable after a kill; or query one");
  // No file checks here: under MPI only rank 0 reads the inputs (other nodes may not have them),
  // and it reports a missing one itself.
  sweep->add_option("sweep", sweep_settings.sweep_path,
                    "A sweep file (see examples/sweeps/ and docs/sweep.md); leave it out to query --db");
  sweep->add_option("--db", sweep_settings.db_path, "The SQLite database the results go to, or are read from")
      ->required();
  sweep->add_flag("--resume", sweep_settings.resume,
                  "Finish a sweep this database holds part of: committed chunks are kept, the rest computed");
  sweep
      ->add_option("--threads", sweep_settings.threads,
                   "Compute threads per process (default: every core; one per rank under MPI)")
      ->check(CLI::Range(1, kMaxThreads));
  CLI::Option* top_option =
      sweep->add_option("--top", sweep_top, "Show this many points (with --order: the best first)")
          ->check(CLI::Range(1LL, 1LL << 40));
  sweep->add_option("--where", sweep_settings.where,
                    "Only points where this SQL expression over the columns holds, e.g. \"facility_mw < 150\"");
  sweep->add_option("--order", sweep_settings.order, "Sort by this column, smallest first");
  sweep->add_flag("--desc", sweep_settings.descending, "With --order: largest first");
  sweep
      ->add_option("--time-limit", sweep_settings.time_limit_s,
                   "Seconds a query may run before it is stopped with a message (a --where is any SQL expression)")
      ->check(finite_range(0.01, 86400.0))
      ->capture_default_str();
  sweep->add_flag("--csv", sweep_settings.csv, "Print the selected points as CSV");
  add_report_option(*sweep, sweep_settings.report_path);
  sweep->add_flag("--json", sweep_options.json, "Print the selected points as JSON instead of a table");
  sweep->add_option("--catalog", sweep_options.catalog_files,
                    "A catalog YAML file whose gpus/nodes/fabrics/models add to or replace the built-in ones "
                    "(repeatable; under MPI only rank 0 reads it)");

  if (argc == 1) {
    std::cout << app.help();
    return kInvalidInput;
  }
  const auto is_command = [&app](const std::string& word) {
    for (const CLI::App* command : app.get_subcommands({}))
      if (command->get_name() == word) return true;
    return false;
  };
  if (const std::string first = argv[1]; !first.starts_with("-") && !is_command(first)) {
    std::cerr << "gigasim: unknown command '" << first
              << "'; the commands are estimate, search, simulate, plan, run, sweep, catalog, validate and serve "
                 "(gigasim --help)\n";
    return kInvalidInput;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    return code == 0 ? 0 : kInvalidInput;
  }
  if (estimate->parsed())
    return run_estimate(job_path, estimate_options, compute_only, estimate_report, estimate_time_limit_s);
  if (search->parsed()) {
    search_settings.json = search_options.json;
    search_settings.catalog_files = search_options.catalog_files;
    return gigasim::run_search(search_settings, std::cout, std::cerr);
  }
  if (simulate->parsed()) return run_simulate(*simulate, simulate_options, simulate_settings, step_settings);
  if (plan->parsed()) {
    plan_settings.json = plan_options.json;
    plan_settings.catalog_files = plan_options.catalog_files;
    return gigasim::run_plan(plan_settings, std::cout, std::cerr);
  }
  if (run_command->parsed()) {
    run_settings.json = run_options.json;
    run_settings.catalog_files = run_options.catalog_files;
    return gigasim::run_run(run_settings, std::cout, std::cerr);
  }
  if (serve->parsed()) return gigasim::run_serve(serve_settings, std::cout, std::cerr);
  if (sweep->parsed()) {
    if (top_option->count() > 0) sweep_settings.top = sweep_top;
    sweep_settings.json = sweep_options.json;
    sweep_settings.catalog_files = sweep_options.catalog_files;
    return gigasim::run_sweep(sweep_settings, std::cout, std::cerr);
  }
  if (catalog->parsed()) return run_catalog(section, catalog_options);
  if (validate->parsed())
    return gigasim::run_validate(
        {index_path, validate_options.json, validate_options.catalog_files, validate_search, residuals_path}, std::cout,
        std::cerr);
  return kInvalidInput;
}

}  // namespace

int main(int argc, char** argv) {
  // Input errors are values reported above; anything thrown here is a defect, reported, not a crash.
  constexpr int kInternalError = 70;  // EX_SOFTWARE (sysexits.h)
  try {
    return run(argc, argv);
  } catch (const std::exception& error) {
    std::cerr << "gigasim: internal error: " << error.what() << " (please report it with the input that caused it)\n";
  } catch (...) {
    std::cerr << "gigasim: internal error (please report it with the input that caused it)\n";
  }
  return kInternalError;
}
