#pragma once
// The step estimate as a table for people, each part of the breakdown explained in a phrase.

#include <string>

#include "perf/error_band.hpp"
#include "perf/step_estimate.hpp"
#include "spec/job.hpp"

namespace gigasim {

std::string estimate_table(const Job& job, const StepEstimate& estimate);

// The error band's lines: the step time at the low and high end, and each way the job lies outside
// the validated runs.
std::string error_band_text(const ErrorBand& band);

}  // namespace gigasim
