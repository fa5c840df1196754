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

// The nearest global batches (in sequences) with a feasible layout at the job's own GPU count, below
// and above its batch: each a multiple of a data-parallel width the count allows (the count over a
// model-parallel size tp·pp·cp up to 4,096), nearest first, within `max_tries` searches.
struct NearestBatches {
  std::optional<int> below;
  std::optional<int> above;
};
NearestBatches nearest_feasible_batches(const SearchJob& job, const SearchOptions& options, int max_tries = 16);

}  // namespace gigasim
