#include "app/validate_command.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <ostream>
#include <set>

#include <nlohmann/json.hpp>
#include <unistd.h>

#include "app/cores.hpp"
#include "app/input_files.hpp"
#include "app/validation_index.hpp"
#include "perf/step_estimate.hpp"
#include "report/layout_rank.hpp"
#include "report/validation_json.hpp"
#include "report/validation_report.hpp"
#include "report/validation_table.hpp"
#include "spec/choices.hpp"
#include "spec/job_parse.hpp"
#include "spec/validation_residuals.hpp"
#include "workload/parameter_count.hpp"

namespace gigasim {
namespace {

constexpr int kInvalidInput = 2;  // INTERFACE.md §2
constexpr int kJsonIndent = 2;
constexpr double kBillion = 1e9;  // the residuals file counts parameters in billions

struct Estimated {
  Job job;
  StepEstimate estimate;
};

int report_errors(const std::vector<std::string>& lines, std::ostream& err) {
  for (const auto& line : lines) err << line << "\n";
  return kInvalidInput;
}

// A job path from the index: as written when absolute, else beside the index file.
std::string job_path(const std::string& index_path, const std::string& job) {
  const std::filesystem::path path(job);
  if (path.is_absolute()) return job;
  return (std::filesystem::path(index_path).parent_path() / path).lexically_normal().string();
}

// Parses and estimates each job of the index once; every problem of every job is collected.
std::map<std::string, Estimated> estimate_jobs(const std::vector<IndexRow>& rows, const std::string& index_path,
                                               const Catalog& catalog, std::vector<std::string>& problems) {
  std::map<std::string, Estimated> jobs;
  std::set<std::string> tried;
  for (const IndexRow& row : rows) {
    if (!tried.insert(row.job).second) continue;
    const std::string path = job_path(index_path, row.job);
    const auto text = read_text_file(path);
    if (!text) {
      problems.push_back(text.error());
      continue;
    }
    const auto job = parse_job(text.value(), path, catalog);
    if (!job) {
      for (auto& line : formatted(job.error())) problems.push_back(std::move(line));
      continue;
    }
    jobs.emplace(row.job, Estimated{job.value(), estimate_step(job.value())});
  }
  return jobs;
}

// The prediction in the row's published unit; nothing when the estimate is not a finite number.
std::optional<double> predicted_in_published_unit(const IndexRow& row, const Estimated& estimated) {
  const double in_key_units = predicted_value(row.key, estimated.job, estimated.estimate);
  const double key_units_per_unit = key_units_per_published_unit(row.key, row.unit).value_or(1.0);
  const double value = in_key_units / key_units_per_unit;
  if (!std::isfinite(value)) return std::nullopt;
  return value;
}

// Each job's published layout ranked in the open layout space around it, on every core; a line of
// progress per job on a terminal.
std::vector<LayoutRank> rank_published_layouts(const std::map<std::string, Estimated>& jobs, std::ostream& err) {
  const bool terminal = isatty(fileno(stderr)) != 0;
  std::vector<LayoutRank> ranks;
  ranks.reserve(jobs.size());
  for (const auto& [path, estimated] : jobs) {
    if (terminal) err << "\r\033[Kranking " << ranks.size() + 1 << " of " << jobs.size() << ": " << path << std::flush;
    SearchOptions options;
    options.top = 1;
    options.threads = threads_or_every_core();
    options.reference_tokens_per_s = estimated.estimate.tokens_per_s;
    ranks.push_back(
        {path, estimated.job, estimated.estimate, search_layouts(open_layout_search(estimated.job), options)});
  }
  if (terminal) err << "\r\033[K" << std::flush;
  return ranks;
}

// Each job's median speed error over its published figures, with what the job is.
std::vector<ValidatedRun> residuals_of(const std::vector<Comparison>& rows,
                                       const std::map<std::string, Estimated>& jobs) {
  std::map<std::string, std::vector<double>> speeds;
  for (const Comparison& row : rows)
    if (const auto speed = speed_error(row)) speeds[row.job].push_back(*speed);
  std::vector<ValidatedRun> runs;
  for (const auto& [path, values] : speeds) {
    const Job& job = jobs.at(path).job;
    const Parallelism& p = job.parallelism;
    runs.push_back({path, job.cluster.gpu.architecture, p.precision == Precision::fp8, job.model.moe.has_value(),
                    std::string(to_string(job.training.framework)), job.cluster.gpus, p.tp, p.pp, p.cp, p.ep, p.dp,
                    p.zero, p.seq_len, model_parameters(job.model).total() / kBillion, median(values)});
  }
  return runs;
}

}  // namespace

int run_validate(const ValidateOptions& options, std::ostream& out, std::ostream& err) {
  const auto catalog = load_catalog(options.catalog_files);
  if (!catalog) return report_errors(catalog.error(), err);
  const auto text = read_text_file(options.index_path);
  if (!text) return report_errors({text.error()}, err);
  const auto index = parse_validation_index(text.value(), options.index_path);
  if (!index) return report_errors(formatted(index.error()), err);

  std::vector<std::string> problems;
  const auto jobs = estimate_jobs(index.value(), options.index_path, catalog.value(), problems);
  if (!problems.empty()) return report_errors(problems, err);
  if (options.search) {
    const std::vector<LayoutRank> ranks = rank_published_layouts(jobs, err);
    if (options.json)
      out << layout_rank_json(ranks).dump(kJsonIndent) << "\n";
    else
      out << layout_rank_table(ranks);
    return 0;
  }

  std::vector<Comparison> rows;
  rows.reserve(index.value().size());
  for (const IndexRow& row : index.value()) {
    const Estimated& estimated = jobs.at(row.job);
    rows.push_back(Comparison{.id = row.id,
                              .job = row.job,
                              .metric = row.metric,
                              .source = row.source,
                              .unit = row.unit,
                              .key = row.key,
                              .predicted = predicted_in_published_unit(row, estimated),
                              .published = row.published,
                              .features = job_features(estimated.job)});
  }
  if (!options.residuals_path.empty()) {
    const auto written = write_text_file(options.residuals_path, validation_residuals_csv(residuals_of(rows, jobs)));
    if (!written) return report_errors({written.error()}, err);
  }
  const ValidationSummary summary = summarize(rows);
  if (options.json)
    out << validation_json(rows, summary).dump(kJsonIndent) << "\n";
  else
    out << validation_table(rows, summary);
  return 0;
}

}  // namespace gigasim
