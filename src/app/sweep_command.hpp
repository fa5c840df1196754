#pragma once
// `gigasim sweep SWEEP.yaml --db results.sqlite [--resume]` runs a sweep (issue 13), on every local
// core, or over MPI ranks under mpirun or srun; `gigasim sweep --db results.sqlite [--top N]
// [--where EXPR] [--order COLUMN] [--desc] [--csv] [--report FILE.html]` queries its results.

#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace gigasim {

struct SweepCommandOptions {
  std::string sweep_path;  // empty: query the database only
  std::string db_path;
  bool resume = false;
  int threads = 0;  // per process; 0: every core alone, one per rank under MPI
  // Queries.
  std::optional<long long> top;
  std::string where;
  std::string order;
  bool descending = false;
  double time_limit_s = 60;  // a query is stopped past this (a --where is any SQL expression)
  bool csv = false;
  bool json = false;
  std::string report_path;
  std::vector<std::string> catalog_files;
};

int run_sweep(const SweepCommandOptions& options, std::ostream& out, std::ostream& err);

}  // namespace gigasim
