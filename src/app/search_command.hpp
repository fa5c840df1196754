#pragma once
// `gigasim search JOB.yaml`: the best layouts of a job whose parallelism fields are `auto` or
// lists, with the rejections counted by reason (search/resolve_job.hpp makes such a job one job).

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
  double time_limit_s = 0;              // > 0: the search (and sizing) stops past this many seconds (--time-limit)
};

// Prints the table or JSON to `out`, progress to `err` when it is a terminal; 0, or 2 on bad input.
int run_search(const SearchCommandOptions& options, std::ostream& out, std::ostream& err);

}  // namespace gigasim
