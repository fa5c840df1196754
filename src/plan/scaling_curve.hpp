#pragma once
// The scaling curve read for the user: a size that trains slower than a smaller one says why.

#include <vector>

#include "plan/plan.hpp"

namespace gigasim {

// Sorts `curve` by GPUs and fills slower_than_gpus and why_slower on each point slower than a
// smaller one: the fastest smaller size, both layouts, the part of the step that grew most in days,
// and uneven pipeline stages.
void explain_the_curve(std::vector<ScalingPoint>& curve);

}  // namespace gigasim
