#pragma once
// The fewest GPUs, in whole nodes, whose best layout trains the job's tokens by a deadline, and the
// scaling curve walked to find it (issue 4: "how many GPUs do we need to finish by date D?").

#include <optional>
#include <vector>

#include "search/layout_search.hpp"

namespace gigasim {

struct SizingPoint {
  int gpus = 0;
  std::optional<RankedLayout> best;   // none when no layout of the space is feasible at this size
  [[nodiscard]] double days() const;  // time to train with the best layout; infinite without one
};

struct SizingResult {
  std::vector<SizingPoint> curve;     // every size tried, fewest GPUs first
  std::optional<std::size_t> answer;  // index in `curve` of the fewest GPUs that meet the deadline
  bool cut_off = false;               // options.deadline passed: no answer, the curve as far as it got
};

// Walks node counts 1, 2, 4, … until the deadline is met (or no layout is feasible any more, the
// global batch being too small to spread), then bisects between the last miss and the first hit.
// Assumes more GPUs never train slower at the best layout, which the curve lets users check.
// `job.base.training.tokens` must be set.
SizingResult size_cluster(const SearchJob& job, double deadline_days, const SearchOptions& options);

}  // namespace gigasim
