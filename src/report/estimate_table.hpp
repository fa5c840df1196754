#pragma once
// The step estimate as a table for people, each part of the breakdown explained in a phrase.

#include <string>

#include "perf/step_estimate.hpp"
#include "spec/job.hpp"

namespace gigasim {

std::string estimate_table(const Job& job, const StepEstimate& estimate);

}  // namespace gigasim
