#include "search/layout_batch.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <span>

#include <fmt/format.h>

#include "cluster/topology.hpp"
#include "perf/compiled_step.hpp"
#include "spec/choices.hpp"
#include "spec/field_range.hpp"
#include "spec/job_validate.hpp"
#include "spec/stage_layers.hpp"
#include "util/shared_threads.hpp"

namespace gigasim {
namespace {

constexpr std::size_t kChunk = 256;  // rows a worker takes at a time
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;

struct BatchField {
  std::string_view name;
  Range range;  // the job file's (spec/field_range.hpp)
  bool whole;
  void (*apply)(Job& job, double value);
  // For a field that takes names: the accepted ones ("none | selective | …"), and setting one.
  std::string (*accepted)() = nullptr;
  bool (*apply_name)(Job& job, std::string_view name) = nullptr;
};

template <class T>
std::string accepted_names(std::span<const NamedChoice<T>> choices) {
  std::string names;
  for (const auto& choice : choices) names += (names.empty() ? "" : " | ") + std::string(choice.name);
  return names;
}

template <class T>
std::optional<T> named(std::span<const NamedChoice<T>> choices, std::string_view name) {
  for (const auto& choice : choices)
    if (choice.name == name) return choice.value;
  return std::nullopt;
}

void no_number(Job& /*job*/, double /*value*/) {}

const BatchField kFields[] = {
    {"gpus", kGpusRange, true, [](Job& job, double v) { job.cluster.gpus = static_cast<int>(v); }},
    {"dp", kDpRange, true, [](Job& job, double v) { job.parallelism.dp = static_cast<int>(v); }},
    {"tp", kTpRange, true, [](Job& job, double v) { job.parallelism.tp = static_cast<int>(v); }},
    {"pp", kPpRange, true, [](Job& job, double v) { job.parallelism.pp = static_cast<int>(v); }},
    {"vpp", kVppRange, true, [](Job& job, double v) { job.parallelism.vpp = static_cast<int>(v); }},
    {"cp", kCpRange, true, [](Job& job, double v) { job.parallelism.cp = static_cast<int>(v); }},
    {"ep", kEpRange, true, [](Job& job, double v) { job.parallelism.ep = static_cast<int>(v); }},
    {"zero", kZeroRange, true, [](Job& job, double v) { job.parallelism.zero = static_cast<int>(v); }},
    {"micro_batch", kMicroBatchRange, true,
     [](Job& job, double v) { job.parallelism.micro_batch = static_cast<int>(v); }},
    {"global_batch", kGlobalBatchRange, true,
     [](Job& job, double v) { job.parallelism.global_batch = static_cast<int>(v); }},
    {"seq_len", kSeqRange, true, [](Job& job, double v) { job.parallelism.seq_len = static_cast<int>(v); }},
    {"tokens", kTrainTokensRange, false, [](Job& job, double v) { job.training.tokens = v; }},
    {"recompute",
     {0, 0},
     false,
     no_number,
     [] { return accepted_names(recompute_choices()); },
     [](Job& job, std::string_view name) {
       const auto mode = named(recompute_choices(), name);
       if (mode) job.parallelism.recompute = *mode;
       return mode.has_value();
     }},
    {"precision",
     {0, 0},
     false,
     no_number,
     [] { return accepted_names(precision_choices()); },
     [](Job& job, std::string_view name) {
       const auto precision = named(precision_choices(), name);
       if (precision) job.parallelism.precision = *precision;
       return precision.has_value();
     }},
};

const BatchField* field_named(std::string_view name) {
  const auto* found =
      std::find_if(std::begin(kFields), std::end(kFields), [&](const BatchField& f) { return f.name == name; });
  return found == std::end(kFields) ? nullptr : found;
}

std::size_t column_length(const FieldColumn& column) {
  return column.names.empty() ? column.values.size() : column.names.size();
}

bool varies(const std::vector<FieldColumn>& columns, std::string_view name) {
  return std::any_of(columns.begin(), columns.end(), [&](const FieldColumn& c) { return c.field == name; });
}

// What every row shares: the columns resolved to their fields, and which derived fields to redo.
struct BatchPlan {
  std::vector<const FieldColumn*> columns;
  std::vector<const BatchField*> fields;  // of each column
  bool dp_given = false;
  bool gpus_given = false;
  bool sp_follows_tp = false;  // the base job's sp is the default (on exactly when tp > 1)
  bool restage = false;        // pp or vpp varies: each row deals its layers afresh
};

struct Worker {
  Job job;  // scratch: the base job with one row's values at a time
  const Job* base = nullptr;
  const BatchPlan* plan = nullptr;
  FieldLocations nowhere{""};
  std::map<int, Topology> topologies;  // by GPU count, built once per worker

  // The row's problem, or empty with `estimate` set.
  std::string run(std::size_t row, StepEstimate& estimate) {
    job.parallelism = base->parallelism;
    job.cluster.gpus = base->cluster.gpus;
    for (std::size_t c = 0; c < plan->columns.size(); ++c) {
      const FieldColumn& column = *plan->columns[c];
      if (column.names.empty())
        plan->fields[c]->apply(job, column.values[row]);
      else
        plan->fields[c]->apply_name(job, column.names[row]);  // check_columns checked the names
    }
    Parallelism& p = job.parallelism;
    const double model_parallel = double(p.tp) * p.pp * p.cp;
    if (plan->dp_given && !plan->gpus_given) {
      const double gpus = model_parallel * p.dp;
      if (gpus > kGpusRange.max)
        return fmt::format("cluster.gpus: dp·tp·pp·cp = {:g} GPUs is out of range; use a value {}", gpus,
                           range_text(kGpusRange));
      job.cluster.gpus = static_cast<int>(gpus);
    } else if (!plan->dp_given) {
      p.dp = std::max(1, static_cast<int>(job.cluster.gpus / model_parallel));  // as the job parser derives it
    }
    if (plan->sp_follows_tp) p.sp = p.tp > 1;
    if (plan->restage) p.stage_layers.clear();
    if (first_invalid_field(job, nowhere)) {
      const Diagnostic first = validate_job(job, nowhere).front();
      return first.field + ": " + first.problem + "; " + first.fix;
    }
    if (p.stage_layers.empty()) assign_default_stage_layers(job.model.layers, p.pp, p.vpp, p.stage_layers);
    auto topology = topologies.find(job.cluster.gpus);
    if (topology == topologies.end())
      topology = topologies.emplace(job.cluster.gpus, build_topology(job.cluster)).first;
    estimate = evaluate(compile_step(job, topology->second));
    return {};
  }
};

void store(BatchEstimates& out, std::size_t row, int dp, Precision precision, const StepEstimate& e) {
  out.dp[row] = dp;
  out.mfu_peak[row] = precision;
  out.fits[row] = e.memory.fits();
  out.memory_per_gpu_gib[row] = e.memory.per_gpu.total().value() / kGiB;
  out.step_time_s[row] = e.step_time.value();
  out.tokens_per_s[row] = e.tokens_per_s;
  out.mfu[row] = e.mfu;
  out.hfu[row] = e.hfu;
  out.model_tflops_per_gpu[row] = e.model_flops_per_gpu.value() / 1e12;
  out.time_to_train_days[row] = e.time_to_train_days.value_or(kNaN);
  if (!e.memory.fits()) {
    // A layout that does not fit trains nothing: no days, and the row says why (its step time and
    // breakdown stay, as what it would take with the memory).
    out.time_to_train_days[row] = kNaN;
    out.problem[row] = fmt::format(
        "memory: needs {:.1f} GiB per GPU of {:.1f}; shard more (tp, pp, zero), recompute, or "
        "a smaller micro_batch",
        e.memory.per_gpu.total().value() / kGiB, e.memory.capacity.value() / kGiB);
  }
  const StepBreakdown& b = e.breakdown;
  const Seconds parts[] = {b.compute, b.tp_comm, b.cp_comm, b.ep_comm, b.pp_comm, b.pp_bubble, b.dp_comm, b.optimizer};
  for (std::size_t part = 0; part < out.breakdown_s.size(); ++part) out.breakdown_s[part][row] = parts[part].value();
}

}  // namespace

const std::vector<std::string_view>& batch_fields() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> all;
    for (const BatchField& field : kFields) all.push_back(field.name);
    return all;
  }();
  return names;
}

const std::vector<std::string_view>& breakdown_parts() {
  static const std::vector<std::string_view> parts = {"compute", "tp_comm",   "cp_comm", "ep_comm",
                                                      "pp_comm", "pp_bubble", "dp_comm", "optimizer"};
  return parts;
}

BatchEstimates empty_estimates(std::size_t rows) {
  BatchEstimates out;
  out.dp.assign(rows, 0);
  out.fits.assign(rows, 0);
  for (auto* column : {&out.memory_per_gpu_gib, &out.step_time_s, &out.tokens_per_s, &out.mfu, &out.hfu,
                       &out.model_tflops_per_gpu, &out.time_to_train_days})
    column->assign(rows, kNaN);
  out.mfu_peak.assign(rows, std::nullopt);
  out.breakdown_s.assign(breakdown_parts().size(), std::vector<double>(rows, kNaN));
  out.problem.assign(rows, {});
  return out;
}

void place_rows(BatchEstimates& whole, const BatchEstimates& part, const std::vector<std::size_t>& rows) {
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const std::size_t row = rows[i];
    whole.dp[row] = part.dp[i];
    whole.fits[row] = part.fits[i];
    whole.memory_per_gpu_gib[row] = part.memory_per_gpu_gib[i];
    whole.step_time_s[row] = part.step_time_s[i];
    whole.tokens_per_s[row] = part.tokens_per_s[i];
    whole.mfu[row] = part.mfu[i];
    whole.mfu_peak[row] = part.mfu_peak[i];
    whole.hfu[row] = part.hfu[i];
    whole.model_tflops_per_gpu[row] = part.model_tflops_per_gpu[i];
    whole.time_to_train_days[row] = part.time_to_train_days[i];
    for (std::size_t p = 0; p < whole.breakdown_s.size(); ++p) whole.breakdown_s[p][row] = part.breakdown_s[p][i];
    whole.problem[row] = part.problem[i];
  }
}

std::vector<std::string> check_columns(const std::vector<FieldColumn>& columns) {
  std::vector<std::string> problems;
  if (columns.empty()) return {"no columns: vary at least one field, e.g. gpus=numpy.array([8192, 16384])"};
  const std::size_t rows = column_length(columns.front());
  for (const FieldColumn& column : columns) {
    const BatchField* field = field_named(column.field);
    if (field == nullptr) {
      std::string names;
      for (const std::string_view name : batch_fields()) names += (names.empty() ? "" : ", ") + std::string(name);
      problems.push_back(fmt::format("{}: is not a field a batch can vary; use one of {}", column.field, names));
      continue;
    }
    if (column_length(column) != rows) {
      problems.push_back(fmt::format("{}: has {} values but {} has {}; give every column the same length", column.field,
                                     column_length(column), columns.front().field, rows));
      continue;
    }
    if ((field->apply_name != nullptr) == column.names.empty()) {
      problems.push_back(field->apply_name != nullptr
                             ? fmt::format("{}: takes names, not numbers; use {}", column.field, field->accepted())
                             : fmt::format("{}: takes numbers, not names", column.field));
      continue;
    }
    if (field->apply_name != nullptr) {
      Job scratch;
      for (std::size_t row = 0; row < rows; ++row)
        if (!field->apply_name(scratch, column.names[row])) {
          problems.push_back(fmt::format("{}[{}]: '{}' is not a {} mode; use {}", column.field, row, column.names[row],
                                         column.field, field->accepted()));
          break;
        }
      continue;
    }
    // The first bad value of a column stands for the rest: a million-row column prints one line.
    for (std::size_t row = 0; row < rows; ++row) {
      const double value = column.values[row];
      if (!(value >= field->range.min && value <= field->range.max)) {
        problems.push_back(fmt::format("{}[{}]: {:g} is out of range; use a value {}", column.field, row, value,
                                       range_text(field->range)));
        break;
      }
      if (field->whole && value != std::floor(value)) {
        problems.push_back(fmt::format("{}[{}]: {:g} is not a whole number; use an integer", column.field, row, value));
        break;
      }
    }
  }
  return problems;
}

BatchEstimates estimate_batch(const Job& base, const std::vector<FieldColumn>& columns, int threads) {
  const std::size_t rows = columns.empty() ? 0 : column_length(columns.front());
  BatchPlan plan;
  for (const FieldColumn& column : columns) {
    plan.columns.push_back(&column);
    plan.fields.push_back(field_named(column.field));
  }
  plan.dp_given = varies(columns, "dp");
  plan.gpus_given = varies(columns, "gpus");
  plan.sp_follows_tp = base.parallelism.sp == (base.parallelism.tp > 1);
  plan.restage = varies(columns, "pp") || varies(columns, "vpp");

  BatchEstimates out = empty_estimates(rows);

  std::vector<Worker> workers(static_cast<std::size_t>(std::max(1, threads)),
                              Worker{base, &base, &plan, FieldLocations{""}, {}});
  std::atomic<std::size_t> next{0};
  const auto work = [&](Worker& worker) {
    StepEstimate estimate;
    for (std::size_t start = next.fetch_add(kChunk); start < rows; start = next.fetch_add(kChunk)) {
      const std::size_t end = std::min(rows, start + kChunk);
      for (std::size_t row = start; row < end; ++row) {
        std::string problem = worker.run(row, estimate);
        if (problem.empty())
          store(out, row, worker.job.parallelism.dp, worker.job.parallelism.precision, estimate);
        else
          out.problem[row] = std::move(problem);
      }
    }
  };
  run_on_threads(static_cast<int>(workers.size()), [&](int t) { work(workers[static_cast<std::size_t>(t)]); });
  return out;
}

}  // namespace gigasim
