#include "app/search_command.hpp"

#include <chrono>
#include <cstdio>
#include <iostream>
#include <mutex>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "app/cores.hpp"
#include "app/input_files.hpp"
#include "app/progress_line.hpp"
#include "app/report_file.hpp"
#include "report/report_charts.hpp"
#include "report/search_json.hpp"
#include "report/search_table.hpp"
#include "search/cluster_sizing.hpp"
#include "search/resolve_job.hpp"
#include "spec/job_parse.hpp"
#include "util/number_format.hpp"

namespace gigasim {
namespace {

constexpr int kInvalidInput = 2;
constexpr int kJsonIndent = 2;
// The refusal when no layout fits, located at the job file and naming the commonest reason, after
// the table (or JSON) that lists them all.
std::string no_layout_message(const std::string& job_path, const SearchJob& job, const SearchResult& result) {
  const Rejections& commonest = result.rejected.front();  // the search sorts them, most frequent first
  return fmt::format(
      "{}: no layout fits on {} × {}: every one of the {} candidates was rejected, most often for {} ({}); fix "
      "fewer layout fields, or change what the rejections name\n",
      job_path, with_commas(job.base.cluster.gpus), job.base.cluster.gpu.name, with_commas(double(result.candidates)),
      commonest.reason, with_commas(double(commonest.count)));
}

std::string cut_off_message(const SearchCommandOptions& options) {
  return fmt::format(
      "{}: the {} went past --time-limit {:g} s and was stopped; fix some layout fields (tp, pp, …) to search fewer "
      "layouts, or a longer limit\n",
      options.job_path, options.deadline_days ? "cluster sizing" : "layout search", options.time_limit_s);
}

SearchResult run_layout_search(const SearchJob& job, const SearchCommandOptions& command, const WorkLimit& limit,
                               std::ostream& err) {
  ProgressLine progress(err);
  SearchOptions options = command_search_options(progress, command.threads, limit);
  options.top = command.top;
  options.objective = command.objective;
  return search_layouts(job, options);
}

}  // namespace

int run_search(const SearchCommandOptions& options, std::ostream& out, std::ostream& err) {
  const auto catalog = load_catalog(options.catalog_files);
  if (!catalog) {
    for (const auto& line : catalog.error()) err << line << "\n";
    return kInvalidInput;
  }
  const auto text = read_text_file(options.job_path);
  if (!text) {
    err << text.error() << "\n";
    return kInvalidInput;
  }
  const auto job = parse_search_job(text.value(), options.job_path, catalog.value());
  if (!job) {
    for (const auto& line : formatted(job.error())) err << line << "\n";
    return kInvalidInput;
  }
  const WorkLimit limit = WorkLimit::after_seconds(options.time_limit_s);
  if (!options.deadline_days) {
    const SearchResult result = run_layout_search(job.value(), options, limit, err);
    if (result.cut_off) {
      err << cut_off_message(options);
      return kInvalidInput;
    }
    if (!options.report_path.empty() &&
        !write_report(options.report_path, fmt::format("{}: the layout search", options.job_path),
                      search_table(job.value(), result), search_charts(result, nullptr, 0), search_json(result), err))
      return kInvalidInput;
    if (options.json)
      out << search_json(result).dump(kJsonIndent) << "\n";
    else
      out << search_table(job.value(), result);
    if (!result.best.empty() || result.rejected.empty()) return 0;
    err << no_layout_message(options.job_path, job.value(), result);
    return kInvalidInput;
  }
  if (!job.value().base.training.has_work()) {
    err << options.job_path
        << ": training.tokens: --deadline-days needs the work to train, as tokens or flops; add e.g.\n"
        << "training:\n  tokens: 15.6e12\n";
    return kInvalidInput;
  }
  // Size the cluster, then show the full search at the size found (or the job's own size).
  SizingResult sizing;
  {
    ProgressLine progress(err);
    SearchOptions sizing_options = command_search_options(progress, options.threads, limit);
    sizing_options.objective = options.objective;
    sizing = size_cluster(job.value(), *options.deadline_days, sizing_options);
  }
  SearchJob sized = job.value();
  if (sizing.answer) sized.base.cluster.gpus = sizing.curve[*sizing.answer].gpus;
  const SearchResult result = sizing.cut_off ? SearchResult{} : run_layout_search(sized, options, limit, err);
  if (sizing.cut_off || result.cut_off) {
    err << cut_off_message(options);
    return kInvalidInput;
  }
  nlohmann::json both = search_json(result);
  both["sizing"] = sizing_json(sizing, *options.deadline_days);
  if (!options.report_path.empty() &&
      !write_report(options.report_path,
                    fmt::format("{}: sized for {:g} days", options.job_path, *options.deadline_days),
                    sizing_table(sized, sizing, *options.deadline_days) + "\n" + search_table(sized, result),
                    search_charts(result, &sizing, *options.deadline_days), both, err))
    return kInvalidInput;
  if (options.json) {
    out << both.dump(kJsonIndent) << "\n";
  } else {
    out << sizing_table(sized, sizing, *options.deadline_days) << "\n" << search_table(sized, result);
  }
  if (sizing.answer || sizing.curve.empty()) return 0;
  err << fmt::format(
      "{}: --deadline-days {:g}: no cluster size tried ({} to {} GPUs) trains the work in time; the curve above "
      "shows the fastest; give more days, fewer tokens, or a faster GPU\n",
      options.job_path, *options.deadline_days, with_commas(sizing.curve.front().gpus),
      with_commas(sizing.curve.back().gpus));
  return kInvalidInput;
}

}  // namespace gigasim
