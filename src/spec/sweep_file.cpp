#include "spec/sweep_file.hpp"

#include <cctype>
#include <cmath>
#include <set>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "spec/job_parse.hpp"
#include "spec/yaml_fields.hpp"
#include "spec/yaml_load.hpp"
#include "util/number_format.hpp"

namespace gigasim {
namespace {

using yaml_fields::location_of;
using yaml_fields::MappingReader;

constexpr std::size_t kMaxAxisValues = 100'000;  // a range longer than this is a typo in its step
constexpr Range kChunkRange{1, 1e6};
constexpr Range kTrialsRange{1, 1e7};
constexpr Range kSeedRange{0, 1.8e19};

constexpr NamedChoice<SweepCompute> kComputeChoices[] = {
    {"estimate", SweepCompute::estimate, "the step model at each point (a job)"},
    {"search", SweepCompute::search, "the best layout at each point (a job with auto or list layout fields)"},
    {"plan", SweepCompute::plan, "the whole plan at each point (a scenario)"},
    {"run", SweepCompute::run, "the run with failures at each point (a job or scenario)"},
};

// Points committed together: a few seconds of work on one core, so a kill loses little.
std::uint64_t default_chunk(SweepCompute compute) {
  switch (compute) {
    case SweepCompute::estimate: return 64;
    case SweepCompute::search:
    case SweepCompute::plan:
    case SweepCompute::run: return 4;
  }
  return 1;
}

// What a sweep keeps when the file does not say: the headline numbers of each command's --json.
std::vector<std::pair<std::string, std::string>> default_outputs(SweepCompute compute) {
  switch (compute) {
    case SweepCompute::estimate:
      // The layout as resolved (auto fields take the search's best) beside the numbers.
      return {{"tp", "job.parallelism.tp"},
              {"pp", "job.parallelism.pp"},
              {"vpp", "job.parallelism.vpp"},
              {"cp", "job.parallelism.cp"},
              {"dp", "job.parallelism.dp"},
              {"micro_batch", "job.parallelism.micro_batch"},
              {"fits", "fits"},
              {"memory_per_gpu_gib", "memory_per_gpu_gib"},
              {"step_time_s", "step_time_s"},
              {"tokens_per_s", "tokens_per_s"},
              {"mfu", "mfu"},
              {"days", "time_to_train_days"}};
    case SweepCompute::search:
      return {{"tp", "results.0.job.parallelism.tp"},
              {"pp", "results.0.job.parallelism.pp"},
              {"vpp", "results.0.job.parallelism.vpp"},
              {"cp", "results.0.job.parallelism.cp"},
              {"ep", "results.0.job.parallelism.ep"},
              {"dp", "results.0.job.parallelism.dp"},
              {"zero", "results.0.job.parallelism.zero"},
              {"micro_batch", "results.0.job.parallelism.micro_batch"},
              {"recompute", "results.0.job.parallelism.recompute"},
              {"step_time_s", "results.0.step_time_s"},
              {"mfu", "results.0.mfu"},
              {"days", "results.0.time_to_train_days"},
              {"feasible_layouts", "evaluated"}};
    case SweepCompute::plan:
      // The layout beside the days: a size slower than a smaller one shows the layout its GPU count
      // forced (batch divisibility), as the plan's own scaling curve explains it.
      return {{"gpus", "cluster_build.gpus"},
              {"tp", "training.estimate.job.parallelism.tp"},
              {"pp", "training.estimate.job.parallelism.pp"},
              {"vpp", "training.estimate.job.parallelism.vpp"},
              {"cp", "training.estimate.job.parallelism.cp"},
              {"dp", "training.estimate.job.parallelism.dp"},
              {"micro_batch", "training.estimate.job.parallelism.micro_batch"},
              {"days", "training.days"},
              {"mfu", "training.estimate.mfu"},
              {"days_with_failures", "reliability.days_with_failures"},
              {"facility_mw", "power.facility_mw"},
              {"facility_peak_mw", "power.facility_peak_mw"},
              {"energy_mwh", "energy.mwh"},
              {"tco2", "energy.tco2"},
              {"capex_usd", "cost.capex_usd"},
              {"cost_per_run_usd", "cost.cost_per_run_usd"}};
    case SweepCompute::run:
      return {{"failure_free_days", "failure_free_days"},
              {"wall_days", "wall_days.mean"},
              {"wall_days_p90", "wall_days.p90"},
              {"interruptions", "interruptions.mean"},
              {"goodput", "goodput"}};
  }
  return {};
}

// A database column name from a path: letters, digits and underscores.
std::string column_of(std::string_view path) {
  std::string column;
  for (const char c : path) column += std::isalnum(static_cast<unsigned char>(c)) != 0 ? c : '_';
  return column;
}

std::optional<double> number_of(const YAML::Node& node) {
  if (!node.IsScalar()) return std::nullopt;
  const std::string& text = node.Scalar();
  std::size_t consumed = 0;
  double value = 0;
  try {
    value = std::stod(text, &consumed);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  if (consumed != text.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

std::string flow_text(const YAML::Node& node) {
  YAML::Emitter out;
  out.SetMapFormat(YAML::Flow);
  out.SetSeqFormat(YAML::Flow);
  out << node;
  return out.c_str();
}

// {from, to, factor} or {from, to, step}: a geometric or arithmetic range, both ends included.
std::vector<SweepValue> range_values(const YAML::Node& node, const std::string& path, std::string_view origin,
                                     Diagnostics& out) {
  MappingReader range(node, "axes." + path, origin, out);
  constexpr Range kAny{-1e300, 1e300};
  const auto from = range.number("from", kAny);
  const auto to = range.number("to", kAny);
  const auto factor = range.number("factor", Range{1.000001, 1e300});
  const auto step = range.number("step", Range{1e-300, 1e300});
  range.require("from", "give the first value, e.g. from: 8192");
  range.require("to", "give the last value, e.g. to: 131072");
  if (range.has("factor") == range.has("step"))
    range.report("factor", "a range needs exactly one of factor and step",
                 "write factor: 2 for 8192, 16384, … or step: 1024 for 8192, 9216, …");
  range.reject_unknown_keys();
  if (!from || !to || (!factor && !step)) return {};
  if (*to < *from) {
    range.report("to", fmt::format("{:g} is below from ({:g})", *to, *from), "give to ≥ from");
    return {};
  }
  if (factor && *from <= 0) {
    range.report("from", "a range with a factor must start above 0", "give from > 0, or use step");
    return {};
  }
  const double increment = factor ? *factor : *step;
  const bool whole = std::floor(*from) == *from && std::floor(increment) == increment;
  std::vector<SweepValue> values;
  double value = *from;
  const double last = *to * (1 + 1e-12);
  for (std::size_t i = 0; value <= last; ++i) {
    if (values.size() == kMaxAxisValues) {
      range.report(factor ? "factor" : "step", fmt::format("makes more than {} values", kMaxAxisValues),
                   "use a larger step or a shorter range");
      return {};
    }
    const std::string text = whole ? fmt::format("{:.0f}", value) : fmt::format("{}", value);
    values.push_back({text, value});
    value = factor ? value * *factor : *from + static_cast<double>(i + 1) * *step;
  }
  return values;
}

std::vector<SweepAxis> read_axes(MappingReader& top, std::string_view origin, Diagnostics& out) {
  std::vector<SweepAxis> axes;
  top.require("axes", "give at least one axis, e.g. axes: { cluster.gpus: [8192, 16384] }");
  const YAML::Node node = top.node("axes");
  if (!node.IsDefined()) return axes;
  if (!node.IsMap() || node.size() == 0) {
    top.report("axes", "expected a mapping of field paths to values",
               "write e.g. axes: { cluster.gpus: [8192, 16384], cluster.gpu: [h100-sxm, b200] }");
    return axes;
  }
  std::set<std::string> seen;
  for (const auto& entry : node) {
    SweepAxis axis;
    axis.path = entry.first.Scalar();
    axis.where = location_of(entry.first, origin);
    axis.column = column_of(axis.path);
    const YAML::Node& values = entry.second;
    const auto problem = [&](std::string what, std::string fix) {
      out.push_back({axis.where, "axes." + axis.path, std::move(what), std::move(fix)});
    };
    if (axis.path.empty() || axis.path.front() == '.' || axis.path.back() == '.' ||
        axis.path.find("..") != std::string::npos) {
      problem("is not a field path", "write the job file's field names joined by dots, e.g. cluster.gpus");
      continue;
    }
    if (!seen.insert(axis.path).second) {
      problem("is given more than once", "keep one");
      continue;
    }
    if (values.IsSequence()) {
      if (values.size() == 0) problem("has no values", "list at least one, e.g. [8192, 16384]");
      for (const auto& value : values) axis.values.push_back({flow_text(value), number_of(value)});
    } else if (values.IsMap()) {
      axis.values = range_values(values, axis.path, origin, out);
    } else if (values.IsScalar()) {
      axis.values.push_back({flow_text(values), number_of(values)});
    } else {
      problem("has no values", "give a list [a, b, …] or a range {from: …, to: …, factor: …}");
    }
    if (!axis.values.empty()) axes.push_back(std::move(axis));
  }
  return axes;
}

std::vector<SweepOutput> read_outputs(MappingReader& top, SweepCompute compute, std::string_view origin,
                                      Diagnostics& out) {
  std::vector<SweepOutput> outputs;
  const YAML::Node node = top.node("keep");
  if (!node.IsDefined()) {
    for (auto& [column, path] : default_outputs(compute)) outputs.push_back({column, path, {}});
    return outputs;
  }
  if (!node.IsSequence() || node.size() == 0) {
    top.report("keep", "expected a list of output paths",
               "write e.g. keep: [step_time_s, mfu, days: time_to_train_days]");
    return outputs;
  }
  for (const auto& item : node) {
    const SourceLocation where = location_of(item, origin);
    if (item.IsScalar()) {
      const std::string& path = item.Scalar();
      outputs.push_back({column_of(path.substr(path.rfind('.') + 1)), path, where});
    } else if (item.IsMap() && item.size() == 1 && item.begin()->second.IsScalar()) {
      outputs.push_back({column_of(item.begin()->first.Scalar()), item.begin()->second.Scalar(), where});
    } else {
      out.push_back({where, "keep", "an entry is neither a path nor one `column: path` pair",
                     "write a path such as power.facility_mw, or rename it: facility: power.facility_mw"});
    }
  }
  return outputs;
}

// Every column once: axes, outputs and the database's own (point, error, json).
void check_columns_unique(const SweepSpec& spec, std::string_view origin, Diagnostics& out) {
  std::set<std::string> taken{"point", "error", "json"};
  for (const SweepAxis& axis : spec.axes)
    if (!taken.insert(axis.column).second)
      out.push_back({axis.where, "axes." + axis.path, fmt::format("its column '{}' is taken", axis.column),
                     "the names point, error and json are the database's own"});
  for (const SweepOutput& output : spec.outputs)
    if (!taken.insert(output.column).second)
      out.push_back({output.where.file.empty() ? SourceLocation{std::string(origin), 1, 1} : output.where, "keep",
                     fmt::format("column '{}' is taken by an axis or another output", output.column),
                     fmt::format("rename it: keep: [{{ other_name: {} }}]", output.path)});
}

}  // namespace

std::string_view to_string(SweepCompute compute) {
  for (const auto& choice : kComputeChoices)
    if (choice.value == compute) return choice.name;
  return "?";
}

std::uint64_t SweepSpec::points() const {
  std::uint64_t total = 1;
  for (const SweepAxis& axis : axes) total *= axis.values.size();  // bounded by parse_sweep
  return total;
}

std::vector<std::size_t> SweepSpec::digits(std::uint64_t point) const {
  std::vector<std::size_t> index(axes.size());
  for (std::size_t axis = axes.size(); axis-- > 0;) {
    index[axis] = static_cast<std::size_t>(point % axes[axis].values.size());
    point /= axes[axis].values.size();
  }
  return index;
}

Result<SweepSpec, Diagnostics> parse_sweep(std::string_view text, std::string_view origin) {
  Diagnostics problems;
  const auto root = load_yaml_mapping(text, origin, "job: or scenario:, compute: and axes:", problems);
  if (!root) return fail(std::move(problems));
  MappingReader top(*root, "", origin, problems);
  SweepSpec spec;

  const bool has_job = top.has("job");
  const bool has_scenario = top.has("scenario");
  if (has_job == has_scenario) {
    top.report(has_job ? "scenario" : "job",
               has_job ? "is given together with job" : "neither job: nor scenario: is given",
               "give one base: job: (a job file or its fields) or scenario: (a scenario file, a built-in name or "
               "its fields)");
  } else {
    const std::string key = has_job ? "job" : "scenario";
    spec.base.scenario = has_scenario;
    spec.base.where = top.where(key);
    const YAML::Node base = top.node(key);
    if (base.IsScalar())
      spec.base.reference = base.Scalar();
    else if (base.IsMap())
      spec.base.inline_text = YAML::Dump(base);
    else
      top.report(key, "expected a file path, a built-in name or a mapping of its fields",
                 "write e.g. job: ../llama3-405b-16k-h100.yaml");
  }
  spec.compute = top.choice("compute", std::span<const NamedChoice<SweepCompute>>(kComputeChoices))
                     .value_or(spec.base.scenario ? SweepCompute::plan : SweepCompute::estimate);
  if (spec.base.scenario && (spec.compute == SweepCompute::estimate || spec.compute == SweepCompute::search))
    top.report("compute", fmt::format("{} takes a job: base, not a scenario", to_string(spec.compute)),
               "use compute: plan or run with a scenario, or give a job:");
  if (!spec.base.scenario && has_job && spec.compute == SweepCompute::plan)
    top.report("compute", "plan takes a scenario: base, not a job", "use compute: estimate, search or run");

  spec.axes = read_axes(top, origin, problems);
  spec.outputs = read_outputs(top, spec.compute, origin, problems);
  spec.chunk_points = static_cast<std::uint64_t>(
      top.integer("chunk", kChunkRange).value_or(static_cast<int>(default_chunk(spec.compute))));
  spec.keep_json = top.boolean("json").value_or(true);

  if (top.has("run")) {
    MappingReader run(top.node("run"), "run", origin, problems);
    if (spec.compute != SweepCompute::run)
      top.report("run", "is set but compute is not run", "remove it, or write compute: run");
    spec.run_trials = run.integer("trials", kTrialsRange).value_or(spec.run_trials);
    spec.run_seed = static_cast<std::uint64_t>(run.number("seed", kSeedRange).value_or(1));
    run.reject_unknown_keys();
  }
  if (top.has("search")) {
    MappingReader search(top.node("search"), "search", origin, problems);
    if (spec.compute != SweepCompute::search)
      top.report("search", "is set but compute is not search", "remove it, or write compute: search");
    const auto objective = search.text("objective");
    if (objective && *objective != "throughput" && *objective != "time" && *objective != "cost")
      search.report("objective", fmt::format("unknown value '{}'", *objective), "use throughput, time or cost");
    else if (objective)
      spec.search_objective = *objective;
    search.reject_unknown_keys();
  }
  top.reject_unknown_keys();

  double total = 1;
  for (const SweepAxis& axis : spec.axes) total *= static_cast<double>(axis.values.size());
  if (total > static_cast<double>(kMaxSweepPoints))
    top.report(
        "axes", fmt::format("make {} points", with_suffix(total)),
        fmt::format("split the sweep: at most {} points a file", with_commas(static_cast<double>(kMaxSweepPoints))));
  check_columns_unique(spec, origin, problems);
  if (!problems.empty()) return fail(std::move(problems));
  return spec;
}

// ---------------------------------------------------------------------------------------------
// Point texts.

struct SweepPoints::Trees {
  YAML::Node base;
  std::vector<std::vector<YAML::Node>> values;  // by axis, then value
  std::vector<std::vector<std::string>> paths;  // each axis's path split at dots
};

namespace {

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (std::size_t dot = path.find('.'); dot != std::string::npos; dot = path.find('.', start)) {
    parts.push_back(path.substr(start, dot - start));
    start = dot + 1;
  }
  parts.push_back(path.substr(start));
  return parts;
}

// Sets `value` at `path[depth…]` under `node`, creating mappings on the way; false when the way
// crosses a value that is not a mapping. (Nodes are handles: copies refer to the same tree.)
bool set_at(YAML::Node node, const std::vector<std::string>& path, const YAML::Node& value, std::size_t depth = 0) {
  const std::string& key = path[depth];
  if (depth + 1 == path.size()) {
    node[key] = value;
    return true;
  }
  if (!node[key].IsDefined() || node[key].IsNull()) node[key] = YAML::Node(YAML::NodeType::Map);
  const YAML::Node child = node[key];
  if (!child.IsMap()) return false;
  return set_at(child, path, value, depth + 1);
}

std::string block_text(const YAML::Node& node) {
  YAML::Emitter out;
  out << node;
  return std::string(out.c_str()) + "\n";
}

}  // namespace

SweepPoints::SweepPoints(const SweepSpec& spec, std::shared_ptr<Trees> trees)
    : spec_(&spec), trees_(std::move(trees)) {}

Result<SweepPoints, Diagnostics> SweepPoints::make(const SweepSpec& spec, std::string_view base_text,
                                                   std::string_view base_origin) {
  Diagnostics problems;
  auto root = load_yaml_mapping(base_text, base_origin, "a job or scenario", problems);
  if (!root) return fail(std::move(problems));
  auto trees = std::make_shared<Trees>();
  trees->base = *root;
  for (const SweepAxis& axis : spec.axes) {
    std::vector<YAML::Node> nodes;
    for (const SweepValue& value : axis.values) nodes.push_back(YAML::Load(value.yaml));
    trees->values.push_back(std::move(nodes));
    trees->paths.push_back(split_path(axis.path));
    YAML::Node trial = YAML::Clone(trees->base);
    if (!set_at(trial, trees->paths.back(), trees->values.back().front()))
      problems.push_back({axis.where, "axes." + axis.path,
                          fmt::format("crosses a field of {} that is a single value, not a mapping", base_origin),
                          "vary that field itself, or write it as a mapping in the base"});
  }
  if (!problems.empty()) return fail(std::move(problems));
  return SweepPoints(spec, std::move(trees));
}

namespace {

// The base's tree with the point's values set.
YAML::Node point_tree(const SweepPoints::Trees& trees, const SweepSpec& spec, std::uint64_t point) {
  YAML::Node tree = YAML::Clone(trees.base);
  const std::vector<std::size_t> digits = spec.digits(point);
  for (std::size_t axis = 0; axis < digits.size(); ++axis)
    set_at(tree, trees.paths[axis], YAML::Clone(trees.values[axis][digits[axis]]));
  return tree;
}

}  // namespace

Result<std::string, Diagnostics> with_field(std::string_view text, std::string_view origin, std::string_view path,
                                            std::string_view value_yaml) {
  Diagnostics problems;
  auto root = load_yaml_mapping(text, origin, "a job or scenario", problems);
  if (!root) return fail(std::move(problems));
  if (!set_at(*root, split_path(std::string(path)), YAML::Load(std::string(value_yaml)))) {
    problems.push_back({{std::string(origin), 1, 1},
                        std::string(path),
                        fmt::format("crosses a field of {} that is a single value, not a mapping", origin),
                        "write that field as a mapping"});
    return fail(std::move(problems));
  }
  return block_text(*root);
}

std::string SweepPoints::text(std::uint64_t point) const {
  return block_text(point_tree(*trees_, *spec_, point));
}

Result<SearchJob, Diagnostics> SweepPoints::search_job(std::uint64_t point, std::string_view origin,
                                                       const Catalog& catalog) const {
  return parse_search_job_mapping(point_tree(*trees_, *spec_, point), origin, catalog);
}

std::string SweepPoints::text_with(std::size_t axis, std::size_t value) const {
  YAML::Node tree = YAML::Clone(trees_->base);
  set_at(tree, trees_->paths[axis], YAML::Clone(trees_->values[axis][value]));
  return block_text(tree);
}

}  // namespace gigasim
