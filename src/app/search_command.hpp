#pragma once
// `gigasim search JOB.yaml`: the best layouts of a job whose parallelism fields are `auto` or
// lists, with the rejections counted by reason; and the layout `gigasim estimate` uses for such a
// job (the one the search ranks first).

#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "search/layout_search.hpp"
#include "spec/catalog.hpp"

namespace gigasim {

struct SearchCommandOptions {
  std::string job_path;
  bool json = false;
  std::string report_path;  // --report: also write a self-contained HTML report there
  std::vector<std::string> catalog_files;
  int top = kDefaultTop;
  SearchObjective objective = SearchObjective::throughput;
  int threads = 0;                      // 0: every core
  std::optional<double> deadline_days;  // size the cluster: the fewest GPUs that train training.tokens in time
};

// Prints the table or JSON to `out`, progress to `err` when it is a terminal; 0, or 2 on bad input.
int run_search(const SearchCommandOptions& options, std::ostream& out, std::ostream& err);

// The job of `text` with its `auto` and listed fields chosen by the search (the best layout), or the
// job as written when nothing is searched. Error lines are formatted for the terminal.
Result<Job, std::vector<std::string>> resolve_job(const std::string& text, const std::string& origin,
                                                  const Catalog& catalog,
                                                  std::optional<std::chrono::steady_clock::time_point> deadline = {});
// The same for a job parsed already; `text` gives its text for located messages on a bad layout.
Result<Job, std::vector<std::string>> resolve_job(const SearchJob& searched, const std::function<std::string()>& text,
                                                  const std::string& origin, const Catalog& catalog,
                                                  std::optional<std::chrono::steady_clock::time_point> deadline = {});

}  // namespace gigasim
