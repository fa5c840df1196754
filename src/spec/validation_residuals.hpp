#pragma once
// How far the step model's speed was from each published run of `gigasim validate`, with what the
// run was (data/validation_residuals.csv, written by `gigasim validate --residuals FILE` and embedded
// in the binary): the evidence an estimate's error band is drawn from.

#include <string>
#include <string_view>
#include <vector>

#include "util/diagnostic.hpp"
#include "util/result.hpp"

namespace gigasim {

struct ValidatedRun {
  std::string job;           // the job file, relative to validation/
  std::string architecture;  // the GPU's (ampere, hopper, …)
  bool fp8 = false;
  bool moe = false;
  std::string framework;
  int gpus = 0;
  int tp = 1;
  int pp = 1;
  int cp = 1;
  int ep = 1;
  int dp = 1;
  int zero = 1;
  int seq_len = 0;
  double params_b = 0;
  // Predicted speed / published speed − 1, the median over the run's published figures.
  double speed_error = 0;
};

// Parses the residuals file's text (a header naming the columns, one run per row); every problem
// with its line.
Result<std::vector<ValidatedRun>, Diagnostics> parse_validation_residuals(std::string_view text,
                                                                          std::string_view origin);

// The residuals file as CSV text, header first: what `gigasim validate --residuals` writes.
std::string validation_residuals_csv(const std::vector<ValidatedRun>& runs);

// data/validation_residuals.csv as compiled into the binary (empty if it failed to parse: the tests
// load it, so that is a defect of the build).
const std::vector<ValidatedRun>& builtin_validation_residuals();

}  // namespace gigasim
