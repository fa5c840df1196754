#pragma once
// `gigasim run JOB_OR_SCENARIO [--trials N] [--seed S] [--days D] [--spares N] [--async-checkpoints]
// [--threads N] [--json]`: a training run with failures, as a Monte Carlo (INTERFACE.md §6).

#include <ostream>
#include <string>
#include <vector>

namespace gigasim {

struct RunCommandOptions {
  std::string input;  // a job file, a scenario file, or a built-in scenario's name
  int trials = 1000;
  unsigned long long seed = 1;
  double days = 0;  // > 0: a window of this many days of training instead of the whole run
  int spares = -1;  // < 0: the default (1% of the nodes)
  bool asynchronous = false;
  int threads = 0;
  bool json = false;
  std::string report_path;  // --report: also write a self-contained HTML report there
  std::vector<std::string> catalog_files;
};

int run_run(const RunCommandOptions& options, std::ostream& out, std::ostream& err);

}  // namespace gigasim
