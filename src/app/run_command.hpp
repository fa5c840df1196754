#pragma once
// `gigasim run JOB_OR_SCENARIO [--trials N] [--seed S] [--days D] [--spares N] [--async-checkpoints]
// [--threads N] [--json]`: a training run with failures, as a Monte Carlo (INTERFACE.md §6).

#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "report/run_report.hpp"
#include "spec/catalog.hpp"
#include "util/result.hpp"
#include "util/work_limit.hpp"

namespace gigasim {

struct RunCommandOptions {
  std::string input;  // a job file, a scenario file, or a built-in scenario's name
  int trials = 1000;
  unsigned long long seed = 1;
  double days = 0;  // > 0: a window of this many days of training instead of the whole run
  int spares = -1;  // < 0: the default (1% of the nodes)
  bool asynchronous = false;
  std::string recovery;  // storage, memory or elastic; empty: the scenario's, else storage
  int threads = 0;
  bool json = false;
  std::string report_path;  // --report: also write a self-contained HTML report there
  std::vector<std::string> catalog_files;
  double time_limit_s = 0;  // > 0: the run stops past this many seconds (--time-limit)
  WorkLimit limit;          // layout searches and the Monte Carlo stop there (serve; --time-limit)
};

int run_run(const RunCommandOptions& options, std::ostream& out, std::ostream& err);

// The run of a job or scenario given as text (`origin` names it in messages), as `gigasim run` and
// `POST /api/run` compute it. The report points at the job beside it, so the pair stays in place.
struct PreparedRun {
  Job job;
  RunReport report;
};
Result<std::unique_ptr<PreparedRun>, std::vector<std::string>> prepare_run(
    const std::string& text, const std::string& origin, const Catalog& catalog, const RunCommandOptions& options,
    const std::function<void(int done, int total)>& progress = {});

}  // namespace gigasim
