// The Python module (issue 12): gigasim's layers called from Python, with the CLI's JSON contract
// as plain dicts and the CLI's located messages in gigasim.InputError.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <utf8cpp/utf8.h>

#include "app/cores.hpp"
#include "app/input_files.hpp"
#include "app/run_command.hpp"
#include "perf/step_estimate.hpp"
#include "plan/plan.hpp"
#include "report/catalog_table.hpp"
#include "report/estimate_json.hpp"
#include "report/perfetto_trace.hpp"
#include "report/plan_json.hpp"
#include "report/run_report.hpp"
#include "report/search_json.hpp"
#include "report/simulation_json.hpp"
#include "search/layout_batch.hpp"
#include "search/resolve_job.hpp"
#include "sim/step_sim.hpp"
#include "spec/job_parse.hpp"
#include "spec/sweep_file.hpp"
#include "util/text_distance.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

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

[[noreturn]] void raise_input_error(const std::vector<std::string>& problems);

// A path to a file, YAML text, or a dict (dumped as JSON, which is YAML), with the name messages
// use. With `builtins`, a name that is no file may be a built-in scenario's, as on the CLI.
std::pair<std::string, std::string> text_of(const py::object& source, bool builtins = false) {
  if (py::hasattr(source, "_text") && py::hasattr(source, "_origin"))  // a gigasim.Job from load_job
    return {source.attr("_text").cast<std::string>(), source.attr("_origin").cast<std::string>()};
  if (py::isinstance<py::dict>(source))
    return {py::module_::import("json").attr("dumps")(source).cast<std::string>(), "<dict>"};
  if (!py::isinstance<py::str>(source) && py::hasattr(source, "__fspath__"))
    return text_of(py::module_::import("os").attr("fspath")(source), builtins);
  const auto text = source.cast<std::string>();
  const bool one_line = text.find('\n') == std::string::npos;
  if (one_line && std::filesystem::is_regular_file(text)) {  // a path, even one with a ':' in it
    const auto read = read_text_file(text);
    if (!read) raise_input_error({read.error()});
    return {read.value(), text};
  }
  if (!one_line || text.find(':') != std::string::npos) return {text, "<text>"};
  if (builtins) {
    const auto input = read_file_or_builtin_scenario(text);
    if (!input) raise_input_error({input.error()});
    return {input.value().text, input.value().origin};
  }
  if (!std::filesystem::exists(text))
    raise_input_error({"'" + text + "' is not a file; give a job file's path, its YAML text or a dict"});
  const auto read = read_text_file(text);
  if (!read) raise_input_error({read.error()});
  return {read.value(), text};
}

[[noreturn]] void raise_input_error(const std::vector<std::string>& problems) {
  std::string lines;
  for (const std::string& line : problems) lines += (lines.empty() ? "" : "\n") + line;
  // A message may quote what the caller gave, bytes that are not UTF-8 included (load_job(b"\x85")
  // names it as a path): Python's str needs UTF-8, so such bytes show as U+FFFD.
  throw InputError(utf8::replace_invalid(lines));
}

// A count argument within the CLI's own bounds, or InputError naming it (as --top, --trials and
// --threads are bounded on the command line).
void check_count(const char* name, long long value, long long low, long long high) {
  if (value < low || value > high)
    raise_input_error({std::string(name) + ": " + std::to_string(value) + " is not from " + std::to_string(low) +
                       " to " + std::to_string(high)});
}

// Jobs with `auto` layout fields are resolved on every core.
SearchOptions every_core() {
  SearchOptions options;
  options.threads = threads_or_every_core();
  return options;
}

// The command line's bounds (src/app/main.cpp): beyond them a value is a typo, not a wish.
constexpr long long kMaxTop = 1000;
constexpr long long kMaxTrials = 10000000;
constexpr long long kMaxThreads = 1024;

// estimate_many's column of GPU names: not a batch field, since each GPU is its own job.
constexpr std::string_view kGpuColumn = "gpu";

Job job_of(const py::object& source) {
  if (py::isinstance<Job>(source)) return source.cast<Job>();
  const auto [text, origin] = text_of(source);
  auto job = resolve_job(text, origin, builtin(), every_core());
  if (!job) raise_input_error(job.error());
  return std::move(job).value();
}

template <typename T>
py::array_t<T> numpy_of(const std::vector<T>& values) {
  return py::array_t<T>(static_cast<py::ssize_t>(values.size()), values.data());
}

// Keyword arguments as columns: 1-D arrays (or lists) of one length, of numbers or of names
// (recompute, precision); a scalar repeats to that length.
std::vector<FieldColumn> columns_of(const py::dict& given) {
  using Numbers = py::array_t<double, py::array::c_style | py::array::forcecast>;
  struct Given {
    std::string field;
    py::array array;  // numbers (Numbers) or names (a NumPy array of str or object)
    bool names = false;
  };
  const py::module_ numpy = py::module_::import("numpy");
  std::vector<Given> arrays;
  std::vector<std::string> problems;
  py::ssize_t rows = -1;
  for (const auto& [key, value] : given) {
    const auto name = key.cast<std::string>();
    const auto& known = batch_fields();
    if (name != kGpuColumn && std::find(known.begin(), known.end(), name) == known.end()) {
      problems.push_back(check_columns({{name, {0.0}}}).front());  // the message naming the fields
      continue;
    }
    Given column{name, {}, false};
    // numpy.asarray drops a masked array's mask and forcecast an imaginary part or a bool's type:
    // each is refused here rather than computed as something the caller did not give.
    if (py::isinstance(value, numpy.attr("ma").attr("MaskedArray")) &&
        numpy.attr("ma").attr("is_masked")(value).cast<bool>()) {
      problems.push_back(name + ": has masked values; fill them (array.filled(x)) or leave those rows out");
      continue;
    }
    bool converted = false;  // a default py::array is a 0-length array, not a null one
    try {
      const py::array as_given = numpy.attr("asarray")(value);
      const char kind = as_given.dtype().kind();
      if (kind == 'c' || kind == 'b') {
        problems.push_back(
            name + (kind == 'c' ? ": has complex values; give real numbers" : ": has true/false values; give numbers"));
        continue;
      }
      column.names = kind == 'U' || kind == 'S' || kind == 'O';
      if (kind == 'O')  // names are str; anything else (ragged lists, mixed types) is no column
        for (const py::handle item : as_given.attr("ravel")().attr("tolist")())
          if (!py::isinstance<py::str>(item)) column.names = false;
      if (kind != 'O' || column.names) {
        column.array = column.names ? as_given : Numbers::ensure(as_given);
        converted = static_cast<bool>(column.array);
      }
    } catch (const py::error_already_set&) {  // ragged lists: NumPy refuses them
    }
    if (!converted || column.array.ndim() > 1) {
      problems.push_back(name +
                         ": is not a value or a 1-D array of values (lists of one length, of numbers or of names); "
                         "give numpy.array([...]) or a list");
      continue;
    }
    if (column.array.ndim() == 1 && column.array.shape(0) == 0) {
      problems.push_back(name + ": is empty; give at least one value");
      continue;
    }
    if (column.array.ndim() == 1) rows = std::max(rows, column.array.shape(0));
    arrays.push_back(std::move(column));
  }
  if (!problems.empty()) raise_input_error(problems);
  std::vector<FieldColumn> columns;
  for (const Given& column : arrays) {
    const bool scalar = column.array.ndim() == 0;
    const auto length = static_cast<std::size_t>(scalar ? std::max<py::ssize_t>(rows, 1) : column.array.shape(0));
    FieldColumn out{column.field, {}, {}};
    if (column.names) {
      const py::list items = column.array.attr("ravel")().attr("tolist")();
      for (std::size_t row = 0; row < length; ++row) out.names.push_back(py::str(items[scalar ? 0 : row]));
    } else {
      const auto* data = static_cast<const double*>(column.array.data());
      for (std::size_t row = 0; row < length; ++row) out.values.push_back(data[scalar ? 0 : row]);
    }
    columns.push_back(std::move(out));
  }
  return columns;
}

// estimate_many with a `gpu` column: the base's text is parsed again with each GPU named in
// `cluster.gpu`, as its file would be (the node and fabric follow the GPU's catalog defaults
// unless the file names them), and each GPU's rows are estimated on that job. A GPU the catalog
// lacks is an input error; a job the parser refuses with that GPU is a problem of its rows.
BatchEstimates estimate_by_gpu(const std::pair<std::string, std::string>& base, const FieldColumn& gpu,
                               const std::vector<FieldColumn>& others, int threads) {
  std::vector<std::string> names;
  for (const auto& [name, spec] : builtin().gpus) names.push_back(name);
  std::vector<std::string> order;  // distinct GPUs, as they first appear
  std::map<std::string, std::vector<std::size_t>> rows_of;
  for (std::size_t row = 0; row < gpu.names.size(); ++row) {
    const std::string& name = gpu.names[row];
    if (!builtin().gpus.contains(name)) {
      const auto close = closest_match(name, names);
      raise_input_error({fmt::format("gpu[{}]: '{}' is not in the catalog; {}", row, name,
                                     close ? "did you mean '" + *close + "'?" : "see `gigasim catalog gpus`")});
    }
    auto& rows = rows_of[name];
    if (rows.empty()) order.push_back(name);
    rows.push_back(row);
  }
  BatchEstimates whole = empty_estimates(gpu.names.size());
  py::gil_scoped_release unlocked;
  for (const std::string& name : order) {
    const std::vector<std::size_t>& rows = rows_of[name];
    const auto text = with_field(base.first, base.second, "cluster.gpu", nlohmann::json(name).dump());
    if (!text) raise_input_error(formatted(text.error()));
    const std::string origin = base.second + " with gpu " + name;
    const auto job = resolve_job(text.value(), origin, builtin(), every_core());
    if (!job) {
      const std::string problem = without_places(job.error(), origin);
      for (const std::size_t row : rows) whole.problem[row] = problem;
      continue;
    }
    std::vector<FieldColumn> part;
    for (const FieldColumn& column : others) {
      FieldColumn picked{column.field, {}, {}};
      for (const std::size_t row : rows) {
        if (column.names.empty())
          picked.values.push_back(column.values[row]);
        else
          picked.names.push_back(column.names[row]);
      }
      part.push_back(std::move(picked));
    }
    // Without other columns each row is the job itself: its own GPU count varies nothing.
    if (part.empty()) part.push_back({"gpus", std::vector<double>(rows.size(), job.value().cluster.gpus), {}});
    place_rows(whole, estimate_batch(job.value(), part, threads), rows);
  }
  return whole;
}

// The answers as columns, after the varied inputs: a pandas DataFrame when pandas is there and
// `frame` is not False, else a dict of NumPy arrays.
py::object answer_columns(const std::vector<FieldColumn>& columns, const BatchEstimates& out, const py::object& frame) {
  py::dict table;
  const py::module_ numpy = py::module_::import("numpy");
  for (const FieldColumn& column : columns) {
    if (!column.names.empty()) {
      table[py::str(column.field)] = numpy.attr("array")(py::cast(column.names), "dtype"_a = "object");
      continue;
    }
    const bool whole = column.field != "tokens";
    py::object values = numpy_of(column.values);
    table[py::str(column.field)] = whole ? values.attr("astype")(numpy.attr("int64")) : values;
  }
  if (!table.contains("dp")) table["dp"] = numpy_of(out.dp).attr("astype")(numpy.attr("int64"));
  table["fits"] = numpy_of(out.fits).attr("astype")(numpy.attr("bool_"));
  table["memory_per_gpu_gib"] = numpy_of(out.memory_per_gpu_gib);
  table["step_time_s"] = numpy_of(out.step_time_s);
  table["tokens_per_s"] = numpy_of(out.tokens_per_s);
  table["mfu"] = numpy_of(out.mfu);
  py::list peaks(out.mfu_peak.size());
  for (std::size_t row = 0; row < out.mfu_peak.size(); ++row)
    peaks[row] = out.mfu_peak[row] ? py::object(py::str(std::string(to_string(*out.mfu_peak[row])))) : py::none();
  table["mfu_peak"] = numpy.attr("array")(peaks, "dtype"_a = "object");
  table["hfu"] = numpy_of(out.hfu);
  table["model_tflops_per_gpu"] = numpy_of(out.model_tflops_per_gpu);
  table["time_to_train_days"] = numpy_of(out.time_to_train_days);
  for (std::size_t part = 0; part < breakdown_parts().size(); ++part)
    table[py::str(std::string(breakdown_parts()[part]) + "_s")] = numpy_of(out.breakdown_s[part]);
  py::list problems(out.problem.size());
  for (std::size_t row = 0; row < out.problem.size(); ++row)
    problems[row] = out.problem[row].empty() ? py::object(py::none()) : py::object(py::str(out.problem[row]));
  table["problem"] = numpy.attr("array")(problems, "dtype"_a = "object");
  if (!frame.is_none() && !frame.cast<bool>()) return table;
  try {
    return py::module_::import("pandas").attr("DataFrame")(table);
  } catch (const py::error_already_set& missing) {
    if (!missing.matches(PyExc_ImportError) || (!frame.is_none() && frame.cast<bool>())) throw;
    return table;
  }
}

}  // namespace
}  // namespace gigasim

PYBIND11_MODULE(gigasim, module) {
  using namespace gigasim;
  module.doc() =
      "gigasim: plan and simulate LLM training on AI supercomputers. Results are dicts with the keys and units of "
      "the CLI's --json (docs/): seconds (_s), bytes (_bytes), watts (_w).";
  py::register_exception<InputError>(module, "InputError", PyExc_ValueError).doc() =
      "Invalid input: str() is every problem, one located line each (file:line:col: field: problem; fix).";

  // dynamic_attr: load_job keeps the job's text on it, so run(job) reads it as the CLI reads the file.
  py::class_<Job>(module, "Job", "A training job: model, cluster and parallel layout, resolved and checked.",
                  py::dynamic_attr())
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
      R"(The built-in catalog, as `gigasim catalog --json`: gpus (peak TFLOP/s by precision, HBM GiB and
TB/s, TDP W, price USD), nodes, fabrics (link GB/s, latency s, radix), models (layers, widths,
parameters in billions) and the choices of each field, every figure with its source.)");
  module.def(
      "load_job",
      [](const py::object& source) {
        const auto [text, origin] = text_of(source);
        const auto job = resolve_job(text, origin, builtin(), every_core());
        if (!job) raise_input_error(job.error());
        py::object loaded = py::cast(job.value());
        loaded.attr("_text") = text;
        loaded.attr("_origin") = origin;
        return loaded;
      },
      py::arg("source"),
      R"(A job from a job file's path, its YAML text, or a dict of the same fields (docs/job-file.md).
Layout fields set to `auto` take the best layout the search finds. Raises gigasim.InputError with
every problem located, as the CLI prints them.)");
  module.def(
      "estimate",
      [](const py::object& source) {
        const Job job = job_of(source);
        return to_python(estimate_json(job, estimate_step(job)));
      },
      py::arg("job"),
      R"(One training step of `job` (a gigasim.Job, a job file's path, its YAML text or a dict) by the analytical model, as `gigasim estimate --json` (docs/job-file.md):
fits, memory_per_gpu_gib and memory_gib by kind (GiB), step_time_s and breakdown_s (exposed
seconds of compute, tp_comm, cp_comm, ep_comm, pp_comm, pp_bubble, dp_comm, optimizer; they sum to
the step), tokens_per_s (whole job), model_flops_per_step, model_tflops_per_gpu, mfu and hfu
(fractions of the dense peak named by mfu_peak: the job's precision), mfu_bf16 (against the 16-bit
peak whatever the precision), time_to_train_days, and the job as resolved.)");
  module.def(
      "search",
      [](const py::object& source, int top, const std::string& objective) {
        check_count("top", top, 1, kMaxTop);
        SearchJob searched;
        if (py::isinstance<Job>(source)) {
          searched = open_layout_search(source.cast<Job>());  // every layout field of the job searched
        } else {
          const auto [text, origin] = text_of(source);
          auto job = parse_search_job(text, origin, builtin());
          if (!job) raise_input_error(formatted(job.error()));
          searched = std::move(job).value();
        }
        SearchOptions options;
        options.top = top;
        options.threads = threads_or_every_core();
        if (objective == "time")
          options.objective = SearchObjective::time;
        else if (objective == "cost")
          options.objective = SearchObjective::cost;
        else if (objective != "throughput")
          raise_input_error({"objective: '" + objective + "' is not throughput, time or cost"});
        py::gil_scoped_release unlocked;
        const SearchResult result = search_layouts(searched, options);
        py::gil_scoped_acquire locked;
        return to_python(search_json(result));
      },
      py::arg("source"), py::arg("top") = kDefaultTop, py::arg("objective") = "throughput",
      R"(The best layouts of a job whose layout fields are `auto` or lists (a path, YAML text or dict) or, for
a gigasim.Job, of every layout of its model on its cluster (each layout field searched), as
`gigasim search --json`: the `top` best, each with its estimate (step_time_s, tokens_per_s, mfu,
memory GiB), and the rejected layouts counted by reason with an example. Runs on every core.
objective: throughput (tokens/s), time (days) or cost (GPU-hours per token).)");
  module.def(
      "simulate",
      [](const py::object& source, const py::object& trace, bool full) {
        const Job job = job_of(source);
        if (const auto refusal = simulation_refusal(job)) raise_input_error({*refusal});
        std::ofstream trace_file;
        std::string trace_path;
        if (!trace.is_none()) {
          trace_path = py::str(py::module_::import("os").attr("fspath")(trace)).cast<std::string>();
          trace_file.open(trace_path);
          if (!trace_file) {
            PyErr_SetFromErrnoWithFilename(PyExc_OSError, trace_path.c_str());
            throw py::error_already_set();
          }
        }
        SimulatedStep simulated;
        {
          py::gil_scoped_release unlocked;
          simulated = simulate_step(job, {.full = full, .trace = trace_file.is_open(), .limit = {}, .progress = {}});
          if (trace_file.is_open()) {
            write_perfetto_trace(job, simulated, trace_file);
            trace_file.close();
          }
        }
        if (!trace_path.empty() && !trace_file) {
          PyErr_SetString(PyExc_OSError, (trace_path + ": writing the trace failed (disk full?)").c_str());
          throw py::error_already_set();
        }
        return to_python(simulation_json(job, simulated));
      },
      py::arg("job"), py::arg("trace") = py::none(), py::arg("full") = false,
      R"(One step of `job` (a gigasim.Job, a path, YAML text or a dict) simulated event by event on its fabric, as `gigasim simulate --json`: step_time_s
and breakdown_s (seconds), critical_path, link_utilisation per tier (0 to 1), vs_estimate.

trace: a path; writes the step's Perfetto timeline there (open it at ui.perfetto.dev), as --trace.
full: simulate every replica and flow instead of one lane per symmetric stage, as --full.)");
  module.def(
      "plan",
      [](const py::object& source) {
        const auto [text, origin] = text_of(source.is_none() ? py::str("gigafactory-100k-h100") : source, true);
        const auto scenario = parse_scenario(text, origin, builtin());
        if (!scenario) raise_input_error(formatted(scenario.error()));
        SearchOptions options;
        options.threads = threads_or_every_core();
        options.top = 1;
        py::gil_scoped_release unlocked;
        const auto planned = make_plan(scenario.value(), options);
        py::gil_scoped_acquire locked;
        if (!planned) raise_input_error({origin + ": " + planned.error()});
        return to_python(plan_json(scenario.value(), planned.value()));
      },
      py::arg("scenario") = py::none(),
      R"(The plan of a scenario, as `gigasim plan --json` (docs/scenario-file.md): training (layout, days),
cluster_build (nodes, racks, switches, cables), power (MW from the grid to the GPU rail, W per
GPU), energy (MWh, tCO2), cost (USD), reliability (days with failures, goodput), scaling and checks.
scenario: a path, YAML text, a dict, a built-in scenario's name, or None for the default
gigafactory-100k-h100.)");
  module.def(
      "run",
      [](const py::object& source, int trials, unsigned long long seed) {
        check_count("trials", trials, 1, kMaxTrials);
        const auto [text, origin] = text_of(source, true);
        RunCommandOptions options;
        options.trials = trials;
        options.seed = seed;
        py::gil_scoped_release unlocked;
        const auto prepared = prepare_run(text, origin, builtin(), options);
        py::gil_scoped_acquire locked;
        if (!prepared) raise_input_error(prepared.error());
        return to_python(run_json(prepared.value()->report));
      },
      py::arg("source"), py::arg("trials") = 1000, py::arg("seed") = 1,
      R"(A training run with failures as a seeded Monte Carlo, as `gigasim run --json`: wall-clock days
(mean and percentiles over `trials`), interruptions by cause, checkpoint interval (min) and
goodput (fraction of wall time that trains). source: a gigasim.Job, or a job or scenario (path, YAML
text, dict or a built-in scenario's name). The same seed gives the same answer.)");
  module.def(
      "estimate_many",
      [](const py::object& base, int threads, const py::object& frame, const py::kwargs& given) {
        check_count("threads", threads, 0, kMaxThreads);
        const std::vector<FieldColumn> columns = columns_of(given);
        std::vector<FieldColumn> others;
        const FieldColumn* gpu = nullptr;
        for (const FieldColumn& column : columns)
          if (column.field == kGpuColumn)
            gpu = &column;
          else
            others.push_back(column);
        const int workers = threads_or_every_core(threads);
        if (gpu != nullptr) {
          if (gpu->names.empty()) raise_input_error({"gpu: takes names, not numbers; use `gigasim catalog gpus`"});
          if (!others.empty() && gpu->names.size() != others.front().values.size() + others.front().names.size())
            raise_input_error(
                {fmt::format("gpu: has {} values but {} has {}; give every column the same length", gpu->names.size(),
                             others.front().field, others.front().values.size() + others.front().names.size())});
          if (!others.empty())
            if (const auto problems = check_columns(others); !problems.empty()) raise_input_error(problems);
          return answer_columns(columns, estimate_by_gpu(text_of(base), *gpu, others, workers), frame);
        }
        const Job job = job_of(base);
        const std::vector<std::string> problems = check_columns(columns);
        if (!problems.empty()) raise_input_error(problems);
        BatchEstimates out;
        {
          py::gil_scoped_release unlocked;
          out = estimate_batch(job, columns, workers);
        }
        return answer_columns(columns, out, frame);
      },
      py::arg("base"), py::kw_only(), py::arg("threads") = 0, py::arg("frame") = py::none(),
      R"(Many variants of one job estimated at once, on every core with the GIL released.

base: a gigasim.Job, or a job file's path, YAML text or dict.
**columns: the fields to vary, each a 1-D NumPy array (or list) of one length; a scalar repeats.
  gpus (cluster GPUs), dp, tp, pp, vpp, cp, ep, zero, micro_batch, global_batch (sequences),
  seq_len (tokens), tokens (training tokens); and by name recompute (none, selective,
  op-selective, full), precision (bf16, fp16, fp8, ...) and gpu (catalog names: the base's file
  is read again with each, its node and fabric following the GPU's defaults unless it names them). dp is derived from gpus / (tp*pp*cp) unless given;
  dp given without gpus sets the GPU count. sp follows tp > 1 when the base job's did; pp or vpp
  varied deals the layers to stages afresh.
threads: 0 for every core.
frame: a pandas DataFrame when pandas is installed (None) or required (True); False for a dict.

Returns one row per input row: the varied columns, dp, fits, memory_per_gpu_gib, step_time_s,
tokens_per_s (whole job), mfu, mfu_peak (the dense peak it divides by: bf16, fp16 or fp8, the row's
precision), hfu, model_tflops_per_gpu, time_to_train_days (NaN without
tokens), the exposed time of each part (compute_s, tp_comm_s, cp_comm_s, ep_comm_s, pp_comm_s,
pp_bubble_s, dp_comm_s, optimizer_s) and problem: None, or why the row does not train: not a valid
layout ("parallelism.tp: ...", as the CLI words it; its numbers NaN), or more memory than the GPU
holds ("memory: needs ... GiB per GPU of ..."; fits False and no days, its step time kept). Each row equals
gigasim.estimate() of the same job. A column out of the job file's range raises InputError.)");
}
