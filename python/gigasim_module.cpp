// The Python module (issue 12): gigasim's layers called from Python, with the CLI's JSON contract
// as plain dicts and the CLI's located messages in gigasim.InputError.
#include <filesystem>

#include <nlohmann/json.hpp>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "app/input_files.hpp"
#include "app/search_command.hpp"
#include "perf/step_estimate.hpp"
#include "report/catalog_table.hpp"
#include "report/estimate_json.hpp"

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
        if (!job) {
          std::string lines;
          for (const std::string& line : job.error()) lines += (lines.empty() ? "" : "\n") + line;
          throw InputError(lines);
        }
        return job.value();
      },
      py::arg("source"),
      "A job from a job file's path, its YAML text, or a dict of the same fields. Fields set to `auto` take the "
      "best layout the search finds. Raises gigasim.InputError with every problem located.");
  module.def(
      "estimate", [](const Job& job) { return to_python(estimate_json(job, estimate_step(job))); }, py::arg("job"),
      "One training step of `job`: memory per GPU (bytes), FLOPs, step time (s), MFU, tokens/s and time to train "
      "(days), as `gigasim estimate --json` (INTERFACE.md §2).");
}
