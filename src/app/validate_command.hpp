#pragma once
// `gigasim validate [CSV]`: every published figure of an index (validation/step_runs.csv) beside
// the estimate of its job, and the MAPE by metric and by source. Job paths in the index are
// relative to the index file's folder.

#include <iosfwd>
#include <string>
#include <vector>

namespace gigasim {

struct ValidateOptions {
  std::string index_path;
  bool json = false;
  std::vector<std::string> catalog_files;
  // Rank each job's published layout among the layouts `gigasim search` finds for it instead.
  bool search = false;
  // When set, also write there each job's median speed error with what the job is (the residuals
  // file estimates draw their error band from).
  std::string residuals_path;
};

// Prints the report to `out` and returns 0, or prints every input problem to `err` and returns 2.
int run_validate(const ValidateOptions& options, std::ostream& out, std::ostream& err);

}  // namespace gigasim
