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
#include "app/report_file.hpp"
#include "report/report_charts.hpp"
#include "report/search_json.hpp"
#include "report/search_table.hpp"
#include "search/cluster_sizing.hpp"
#include "spec/job_parse.hpp"
#include "util/number_format.hpp"

namespace gigasim {
namespace {

constexpr int kInvalidInput = 2;
constexpr int kJsonIndent = 2;
constexpr std::chrono::milliseconds kProgressRedraw{200};  // five redraws a second

// "searched 12,288 of 92,160 layouts (41.2k/s, about 2 s left)", redrawn at most five times a
// second on a terminal; nothing when stderr is a file or a pipe.
class ProgressLine {
 public:
  explicit ProgressLine(std::ostream& err) : err_(err), enabled_(isatty(fileno(stderr)) != 0) {}
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;
  ~ProgressLine() {
    if (drawn_) err_ << "\r\033[K" << std::flush;
  }
  void update(std::size_t done, std::size_t total) {
    if (!enabled_) return;
    const std::lock_guard lock(mutex_);
    const auto now = std::chrono::steady_clock::now();
    if (drawn_ && now - last_ < kProgressRedraw && done < total) return;
    last_ = now;
    drawn_ = true;
    const double elapsed_s = std::chrono::duration<double>(now - start_).count();
    const double rate = elapsed_s > 0 ? double(done) / elapsed_s : 0.0;
    const double left_s = rate > 0 ? double(total - done) / rate : 0.0;
    err_ << fmt::format("\r\033[Ksearched {} of {} layouts ({}/s, about {} left)", with_commas(double(done)),
                        with_commas(double(total)), with_suffix(rate), duration_text(left_s))
         << std::flush;
  }

 private:
  std::ostream& err_;
  bool enabled_;
  bool drawn_ = false;
  std::mutex mutex_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_;
};

SearchResult run_layout_search(const SearchJob& job, int top, SearchObjective objective, int threads, std::ostream& err,
                               std::optional<std::chrono::steady_clock::time_point> deadline = {}) {
  ProgressLine progress(err);
  SearchOptions options;
  options.top = top;
  options.objective = objective;
  options.threads = threads_or_every_core(threads);
  options.progress = [&progress](std::size_t done, std::size_t total) { progress.update(done, total); };
  options.deadline = deadline;
  return search_layouts(job, options);
}

std::string rejection_lines(const SearchResult& result) {
  std::string lines;
  for (const Rejections& entry : result.rejected)
    lines += fmt::format("\n  {} ({} layouts), e.g. {}", entry.reason, with_commas(double(entry.count)), entry.example);
  return lines;
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
  if (!options.deadline_days) {
    const SearchResult result = run_layout_search(job.value(), options.top, options.objective, options.threads, err);
    if (!options.report_path.empty() &&
        !write_report(options.report_path, fmt::format("{}: the layout search", options.job_path),
                      search_table(job.value(), result), search_charts(result, nullptr, 0), search_json(result), err))
      return kInvalidInput;
    if (options.json)
      out << search_json(result).dump(kJsonIndent) << "\n";
    else
      out << search_table(job.value(), result);
    return 0;
  }
  if (!job.value().base.training.has_work()) {
    err << options.job_path
        << ": training.tokens: --deadline-days needs the work to train, as tokens or flops; add e.g.\n"
        << "training:\n  tokens: 15.6e12\n";
    return kInvalidInput;
  }
  // Size the cluster, then show the full search at the size found (or the job's own size).
  SearchOptions sizing_options;
  sizing_options.objective = options.objective;
  sizing_options.threads = threads_or_every_core(options.threads);
  const SizingResult sizing = size_cluster(job.value(), *options.deadline_days, sizing_options);
  SearchJob sized = job.value();
  if (sizing.answer) sized.base.cluster.gpus = sizing.curve[*sizing.answer].gpus;
  const SearchResult result = run_layout_search(sized, options.top, options.objective, options.threads, err);
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
  return 0;
}

Result<Job, std::vector<std::string>> resolve_job(const std::string& text, const std::string& origin,
                                                  const Catalog& catalog,
                                                  std::optional<std::chrono::steady_clock::time_point> deadline) {
  const auto searched = parse_search_job(text, origin, catalog);
  if (!searched) return fail(formatted(searched.error()));
  return resolve_job(
      searched.value(), [&text] { return text; }, origin, catalog, deadline);
}

Result<Job, std::vector<std::string>> resolve_job(const SearchJob& searched, const std::function<std::string()>& text,
                                                  const std::string& origin, const Catalog& catalog,
                                                  std::optional<std::chrono::steady_clock::time_point> deadline) {
  if (auto job = fixed_job(searched)) return std::move(*job);
  if (searched.space.fixed()) {
    // One layout with a problem: parse it as a job, so the problem is reported with its place.
    auto job = parse_job(text(), origin, catalog);
    if (!job) return fail(formatted(job.error()));
    return std::move(job.value());
  }
  const SearchResult result = run_layout_search(searched, 1, SearchObjective::throughput, 0, std::cerr, deadline);
  if (result.cut_off)
    return fail(std::vector<std::string>{fmt::format(
        "{}: the search for the `auto` layout fields ran past the time limit; fix some of them to search fewer "
        "layouts",
        origin)});
  if (result.best.empty())
    return fail(std::vector<std::string>{fmt::format(
        "{}: no layout of the `auto` and listed parallelism fields is feasible:{}", origin, rejection_lines(result))});
  return result.best.front().job;
}

}  // namespace gigasim
