// The Python module (issue 12): gigasim's layers called from Python, with the CLI's JSON contract
// as plain dicts and the CLI's located messages in gigasim.InputError.
#include <algorithm>
#include <filesystem>
#include <thread>

#include <nlohmann/json.hpp>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "app/input_files.hpp"
#include "app/run_command.hpp"
#include "app/search_command.hpp"
#include "perf/step_estimate.hpp"
#include "plan/plan.hpp"
#include "report/catalog_table.hpp"
#include "report/estimate_json.hpp"
#include "report/plan_json.hpp"
#include "report/run_report.hpp"
#include "report/search_json.hpp"
#include "report/simulation_json.hpp"
#include "sim/step_sim.hpp"
#include "spec/job_parse.hpp"

namespace py = pybind11;

namespace gigasim {
namespace {

// Invalid input, raised to Python as gigasim.InputError (a ValueError) with every located line.
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Python values from the JSON the CLI prints: json.loads of its text keeps the types exact.
py::object to_python(const nlohmann::json& value) {
  return py::module_::import("json").attr("loads")(value.dump());
}

const Catalog& builtin() {
  static const Catalog catalog = [] {
    auto loaded = load_catalog({});
    if (!loaded) throw std::runtime_error(loaded.error().front());
    return std::move(loaded.value());
  }();
  return catalog;
}

// A path to a file, YAML text, or a dict (dumped as JSON, which is YAML), with the name messages use.
std::pair<std::string, std::string> text_of(const py::object& source) {
  if (py::isinstance<py::dict>(source))
    return {py::module_::import("json").attr("dumps")(source).cast<std::string>(), "<dict>"};
  const auto text = source.cast<std::string>();
  if (text.find('\n') == std::string::npos && text.find(':') == std::string::npos && std::filesystem::exists(text)) {
    const auto read = read_text_file(text);
    if (!read) throw py::value_error(read.error());
    return {read.value(), text};
  }
  return {text, "<text>"};
}

[[noreturn]] void raise_input_error(const std::vector<std::string>& problems) {
  std::string lines;
  for (const std::string& line : problems) lines += (lines.empty() ? "" : "\n") + line;
  throw InputError(lines);
}

int every_core() {
  return static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
}

}  // namespace
}  // namespace gigasim

PYBIND11_MODULE(gigasim, module) {
  using namespace gigasim;
  module.doc() =
      "gigasim: plan and simulate LLM training on AI supercomputers. Results are dicts with the keys and units of "
      "the CLI's --json (INTERFACE.md): seconds (_s), bytes (_bytes), watts (_w).";
  py::register_exception<InputError>(module, "InputError", PyExc_ValueError).doc() =
      "Invalid input: str() is every problem, one located line each (file:line:col: field: problem; fix).";

  py::class_<Job>(module, "Job", "A training job: model, cluster and parallel layout, resolved and checked.")
      .def_property_readonly(
          "gpus", [](const Job& job) { return job.cluster.gpus; }, "GPUs in the cluster")
      .def_property_readonly(
          "model", [](const Job& job) { return job.model.name; }, "the model's catalog name")
      .def("__repr__", [](const Job& job) {
        return "<gigasim.Job " + job.model.name + " on " + std::to_string(job.cluster.gpus) + " x " +
               job.cluster.gpu.name + ">";
      });

  module.def(
      "catalog", [] { return to_python(catalog_json(builtin(), "")); },
      "The built-in catalog: gpus, nodes, fabrics, models and options, each with its figures and sources "
      "(as `gigasim catalog --json`).");
  module.def(
      "load_job",
      [](const py::object& source) {
        const auto [text, origin] = text_of(source);
        const auto job = resolve_job(text, origin, builtin());
        if (!job) raise_input_error(job.error());
        return job.value();
      },
      py::arg("source"),
      "A job from a job file's path, its YAML text, or a dict of the same fields. Fields set to `auto` take the "
      "best layout the search finds. Raises gigasim.InputError with every problem located.");
  module.def(
      "estimate", [](const Job& job) { return to_python(estimate_json(job, estimate_step(job))); }, py::arg("job"),
      "One training step of `job`: memory per GPU (bytes), FLOPs, step time (s), MFU, tokens/s and time to train "
      "(days), as `gigasim estimate --json` (INTERFACE.md §2).");
  module.def(
      "search",
      [](const py::object& source, int top, const std::string& objective) {
        const auto [text, origin] = text_of(source);
        const auto job = parse_search_job(text, origin, builtin());
        if (!job) raise_input_error(formatted(job.error()));
        SearchOptions options;
        options.top = top;
        options.threads = every_core();
        if (objective == "time")
          options.objective = SearchObjective::time;
        else if (objective == "cost")
          options.objective = SearchObjective::cost;
        else if (objective != "throughput")
          raise_input_error({"objective: '" + objective + "' is not throughput, time or cost"});
        py::gil_scoped_release unlocked;
        const SearchResult result = search_layouts(job.value(), options);
        py::gil_scoped_acquire locked;
        return to_python(search_json(result));
      },
      py::arg("source"), py::arg("top") = kDefaultTop, py::arg("objective") = "throughput",
      "The best layouts of a job whose layout fields are `auto` or lists (a path, YAML text or dict), with the "
      "rejected ones counted by reason, as `gigasim search --json`. objective: throughput, time or cost.");
  module.def(
      "simulate",
      [](const Job& job) {
        py::gil_scoped_release unlocked;
        const SimulatedStep simulated = simulate_step(job);
        py::gil_scoped_acquire locked;
        return to_python(simulation_json(job, simulated));
      },
      py::arg("job"), "One step of `job` simulated event by event on its fabric, as `gigasim simulate --json`.");
  module.def(
      "plan",
      [](const py::object& source) {
        const auto [text, origin] = text_of(source);
        const auto scenario = parse_scenario(text, origin, builtin());
        if (!scenario) raise_input_error(formatted(scenario.error()));
        SearchOptions options;
        options.threads = every_core();
        options.top = 1;
        const auto planned = make_plan(scenario.value(), options);
        if (!planned) raise_input_error({origin + ": " + planned.error()});
        return to_python(plan_json(scenario.value(), planned.value()));
      },
      py::arg("scenario"),
      "The plan of a scenario (a path, YAML text or dict): layout, days, build-out, power from the grid to the GPU "
      "(MW), energy, cost (USD), reliability and scaling, as `gigasim plan --json` (INTERFACE.md §4).");
  module.def(
      "run",
      [](const py::object& source, int trials, unsigned long long seed) {
        const auto [text, origin] = text_of(source);
        RunCommandOptions options;
        options.trials = trials;
        options.seed = seed;
        const auto prepared = prepare_run(text, origin, builtin(), options);
        if (!prepared) raise_input_error(prepared.error());
        return to_python(run_json(prepared.value()->report));
      },
      py::arg("source"), py::arg("trials") = 1000, py::arg("seed") = 1,
      "A training run with failures as a seeded Monte Carlo (a job or scenario: path, YAML text or dict): wall days, "
      "interruptions and goodput, as `gigasim run --json`; the same seed gives the same answer.");
}
