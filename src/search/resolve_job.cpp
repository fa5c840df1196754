#include "search/resolve_job.hpp"

#include <fmt/format.h>

#include "spec/job_parse.hpp"
#include "util/diagnostic.hpp"
#include "util/number_format.hpp"

namespace gigasim {

std::string rejection_lines(const SearchResult& result) {
  std::string lines;
  for (const Rejections& entry : result.rejected)
    lines += fmt::format("\n  {} ({} layouts), e.g. {}", entry.reason, with_commas(double(entry.count)), entry.example);
  return lines;
}

Result<Job, std::vector<std::string>> resolve_job(const std::string& text, const std::string& origin,
                                                  const Catalog& catalog, SearchOptions options) {
  const auto searched = parse_search_job(text, origin, catalog);
  if (!searched) return fail(formatted(searched.error()));
  return resolve_job(
      searched.value(), [&text] { return text; }, origin, catalog, std::move(options));
}

Result<Job, std::vector<std::string>> resolve_job(const SearchJob& searched, const std::function<std::string()>& text,
                                                  const std::string& origin, const Catalog& catalog,
                                                  SearchOptions options) {
  if (auto job = fixed_job(searched)) return std::move(*job);
  if (searched.space.fixed()) {
    // One layout with a problem: parse it as a job, so the problem is reported with its place.
    auto job = parse_job(text(), origin, catalog);
    if (!job) return fail(formatted(job.error()));
    return std::move(job.value());
  }
  options.top = 1;
  options.objective = SearchObjective::throughput;
  const SearchResult result = search_layouts(searched, options);
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
