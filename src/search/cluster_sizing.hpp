#pragma once
// The fewest GPUs, in whole nodes, whose best layout trains the job's tokens by a deadline, and the
// scaling curve walked to find it (issue 4: "how many GPUs do we need to finish by date D?").

#include <functional>
#include <optional>
#include <vector>

#include "search/layout_search.hpp"

namespace gigasim {

struct SizingPoint {
  int gpus = 0;
  std::optional<RankedLayout> best;   // none when no layout of the space is feasible at this size
  std::optional<double> wall_days;    // with failures, when the sizing was given a way to count them
  [[nodiscard]] double days() const;  // time to train with the best layout; infinite without one
  // What the deadline is held against: the days with failures where known, else days().
  [[nodiscard]] double deadline_days() const;
};

struct SizingResult {
  std::vector<SizingPoint> curve;     // every size tried, fewest GPUs first
  std::optional<std::size_t> answer;  // index in `curve` of the fewest GPUs that meet the deadline
  bool cut_off = false;               // options.limit reached: no answer, the curve as far as it got
  // With failures counted: the size that finishes first, and whether the walk stopped because
  // more GPUs finished later (interruptions, which grow with the GPUs, eat what they add).
  std::optional<std::size_t> fastest;
  bool failures_bound = false;
};

// The days a layout takes with failures and restarts (the plan's closed form).
using WallDays = std::function<double(const RankedLayout&)>;

// The best layout of the job's search space at `gpus` GPUs, with its days with failures when
// `wall_days` is given.
SizingPoint best_layout_at(const SearchJob& job, int gpus, const SearchOptions& options,
                           const WallDays& wall_days = nullptr);

// Walks node counts 1, 2, 4, … until the deadline is met (or no layout is feasible any more, the
// global batch being too small to spread; or, with `wall_days`, the days with failures have grown
// for two doublings past their least), then bisects between the last miss and the first hit.
// Assumes more GPUs never train slower at the best layout, which the curve lets users check.
// `job.base.training` must give tokens or flops.
SizingResult size_cluster(const SearchJob& job, double deadline_days, const SearchOptions& options,
                          const WallDays& wall_days = nullptr);

}  // namespace gigasim
