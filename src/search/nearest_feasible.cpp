#include "search/nearest_feasible.hpp"

#include <algorithm>
#include <cstdlib>
#include <set>
#include <vector>

namespace gigasim {
namespace {

// Node multiples tried: 1, 2, 4, … up to 2^20 nodes (beyond any catalog fabric).
constexpr int kLargestPowerOfTwo = 20;
// Model-parallel sizes tp·pp·cp whose data-parallel width a batch is rounded to.
constexpr int kLargestModelParallel = 4096;

// Each value the nearest multiple of `step` below and above `center` (not `center`, not past `limit`).
void add_multiples_around(long long center, long long step, long long limit, std::set<int>& values) {
  const long long down = (center / step) * step;
  if (down > 0 && down != center) values.insert(static_cast<int>(down));
  const long long up = down + step;
  if (up != center && up <= limit) values.insert(static_cast<int>(up));
}

// Tries `candidates` nearest to `center` first, at most `max_tries` of them, until `feasible` has
// answered on each side: `feasible(value)` returns what to keep for a value that works, or nothing.
template <class Kept, class Feasible>
void nearest_on_each_side(const std::set<int>& candidates, int center, int max_tries, const Feasible& feasible,
                          std::optional<Kept>& below, std::optional<Kept>& above) {
  std::vector<int> nearest_first(candidates.begin(), candidates.end());
  std::stable_sort(nearest_first.begin(), nearest_first.end(),
                   [center](int a, int b) { return std::abs(a - center) < std::abs(b - center); });
  int tries = 0;
  for (const int value : nearest_first) {
    if (tries >= max_tries || (below && above)) break;
    std::optional<Kept>& side = value < center ? below : above;
    if (side) continue;
    ++tries;
    side = feasible(value);
  }
}

}  // namespace

NearestFeasible nearest_feasible_sizes(const SearchJob& job, const SearchOptions& options, int max_tries) {
  const int gpus = job.base.cluster.gpus;
  const int per_node = job.base.cluster.node.gpus_per_unit();  // nodes, or whole NVLink domains
  std::set<int> candidates;
  for (int power = 0; power <= kLargestPowerOfTwo; ++power)
    add_multiples_around(gpus, static_cast<long long>(per_node) << power, 2LL * gpus, candidates);
  NearestFeasible found;
  nearest_on_each_side<SizingPoint>(
      candidates, gpus, max_tries,
      [&](int count) {
        SizingPoint point = best_layout_at(job, count, options);
        return point.best ? std::optional<SizingPoint>(std::move(point)) : std::nullopt;
      },
      found.below, found.above);
  return found;
}

NearestBatches nearest_feasible_batches(const SearchJob& job, const SearchOptions& options, int max_tries) {
  const int gpus = job.base.cluster.gpus;
  const int batch = job.base.parallelism.global_batch;
  std::set<int> candidates;
  for (int model_parallel = 1; model_parallel <= std::min(gpus, kLargestModelParallel); ++model_parallel)
    if (gpus % model_parallel == 0) add_multiples_around(batch, gpus / model_parallel, 4LL * batch, candidates);
  NearestBatches found;
  nearest_on_each_side<int>(
      candidates, batch, max_tries,
      [&](int candidate) {
        SearchJob rebatched = job;
        rebatched.base.parallelism.global_batch = candidate;
        return best_layout_at(rebatched, gpus, options).best ? std::optional<int>(candidate) : std::nullopt;
      },
      found.below, found.above);
  return found;
}

}  // namespace gigasim
