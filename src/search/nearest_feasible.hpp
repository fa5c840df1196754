#pragma once
// When no layout of a GPU count is feasible (the count has the wrong factors for the model's
// layers, heads or the batch): the nearest counts, in whole nodes, that have one.

#include <optional>

#include "search/cluster_sizing.hpp"

namespace gigasim {

struct NearestFeasible {
  std::optional<SizingPoint> below;  // the largest count under the job's with a feasible layout
  std::optional<SizingPoint> above;  // the smallest count over it
};

// Tries the job's GPU count rounded down and up to whole nodes and to multiples of 2, 4, 8, …
// nodes, nearest first, until a feasible count is found on each side or `max_tries` searches are
// spent: counts with many small factors are the likeliest to divide into tp·pp·cp and the batch.
NearestFeasible nearest_feasible_sizes(const SearchJob& job, const SearchOptions& options, int max_tries = 24);

}  // namespace gigasim
