#pragma once
// `gigasim plan [SCENARIO]`: a scenario file, a built-in scenario's name (data/scenarios/), or
// nothing for the default gigafactory — planned as a one-page brief or as
// INTERFACE.md §4 JSON.

#include <ostream>
#include <string>
#include <vector>

namespace gigasim {

struct PlanCommandOptions {
  std::string scenario;  // a path or a built-in name; empty: gigafactory-100k-h100
  bool json = false;
  bool compare_sites = false;  // plan at every built-in site instead
  std::string report_path;     // write a self-contained HTML report there too
  int threads = 0;             // 0: every core
  int trials = 0;              // > 0: the Monte Carlo's trials for the days with failures (reliability.trials)
  double time_limit_s = 0;     // > 0: the plan stops past this many seconds (--time-limit)
  std::vector<std::string> catalog_files;
};

int run_plan(const PlanCommandOptions& options, std::ostream& out, std::ostream& err);

}  // namespace gigasim
