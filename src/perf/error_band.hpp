#pragma once
// How wrong an estimate may be: the step model's speed errors on the published runs most like the
// job (data/validation_residuals.csv), as a band on the step time, and what about the job lies
// outside anything validated (a data-parallel width, a GPU generation, a scale no published run
// reached).

#include <string>
#include <vector>

#include "spec/job.hpp"
#include "spec/validation_residuals.hpp"
#include "util/units.hpp"

namespace gigasim {

// The published runs the band is drawn from: the nearest this many by job_distance. A choice, not a
// measurement: enough runs for a 10th–90th percentile to mean something (about 2 beyond each end),
// few enough to stay among the job's kind in a set of 276 jobs.
inline constexpr int kErrorBandRuns = 24;
// The band spans these quantiles of their speed errors.
inline constexpr double kErrorBandLowQuantile = 0.1;
inline constexpr double kErrorBandHighQuantile = 0.9;

struct ErrorBand {
  // The step time the job would take if the model erred as it did on the runs most like it, at the
  // low and high quantile: step × (1 + speed error), speed error = predicted / published speed − 1.
  Seconds step_time_low;
  Seconds step_time_high;
  double speed_error_low = 0;
  double speed_error_high = 0;
  double speed_error_median = 0;
  int runs = 0;  // published runs it rests on
  std::string basis;
  // What of the job no validated run reached, each with the validated limit ("dp 12,500: the largest
  // validated data-parallel width is 1,536"); empty when the job is inside the validated range.
  std::vector<std::string> outside;
};

// How unlike two jobs are (weights chosen by how far `gigasim validate`'s by-feature errors part:
// MoE 44% against dense 13% MAPE, so MoE weighs most): a MoE model against a dense one counts 2; a GPU architecture,
// FP8 against 16-bit, a framework and ZeRO-3 (or not) 1 each; context parallelism and a pipeline (each present or not)
// 0.5 each; and each factor of 10 in GPU count 0.5.
double job_distance(const Job& job, const ValidatedRun& run);

ErrorBand error_band(const Job& job, Seconds step_time, const std::vector<ValidatedRun>& runs);

}  // namespace gigasim
