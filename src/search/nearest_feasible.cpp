#include "search/nearest_feasible.hpp"

#include <algorithm>
#include <cstdlib>
#include <set>
#include <vector>

namespace gigasim {
namespace {

// Node multiples tried: 1, 2, 4, … up to 2^20 nodes (beyond any catalog fabric).
constexpr int kLargestPowerOfTwo = 20;

}  // namespace

NearestFeasible nearest_feasible_sizes(const SearchJob& job, const SearchOptions& options, int max_tries) {
  const int gpus = job.base.cluster.gpus;
  const int per_node = job.base.cluster.node.gpus_per_unit();  // nodes, or whole NVLink domains
  std::set<int> candidates;
  for (int power = 0; power <= kLargestPowerOfTwo; ++power) {
    const long long step = static_cast<long long>(per_node) << power;
    const long long down = (gpus / step) * step;
    if (down > 0 && down != gpus) candidates.insert(static_cast<int>(down));
    const long long up = down + step;
    if (up != gpus && up <= 2LL * gpus) candidates.insert(static_cast<int>(up));
  }
  std::vector<int> nearest_first(candidates.begin(), candidates.end());
  std::stable_sort(nearest_first.begin(), nearest_first.end(),
                   [gpus](int a, int b) { return std::abs(a - gpus) < std::abs(b - gpus); });
  NearestFeasible found;
  int tries = 0;
  for (const int count : nearest_first) {
    if (tries >= max_tries || (found.below && found.above)) break;
    const bool below = count < gpus;
    if ((below && found.below) || (!below && found.above)) continue;
    ++tries;
    SizingPoint point = best_layout_at(job, count, options);
    if (!point.best) continue;
    (below ? found.below : found.above) = std::move(point);
  }
  return found;
}

NearestBatches nearest_feasible_batches(const SearchJob& job, const SearchOptions& options, int max_tries) {
  constexpr int kLargestModelParallel = 4096;
  const int gpus = job.base.cluster.gpus;
  const int batch = job.base.parallelism.global_batch;
  std::set<int> candidates;
  for (int model_parallel = 1; model_parallel <= std::min(gpus, kLargestModelParallel); ++model_parallel) {
    if (gpus % model_parallel != 0) continue;
    const int dp = gpus / model_parallel;
    const long long down = (static_cast<long long>(batch) / dp) * dp;
    if (down > 0 && down != batch) candidates.insert(static_cast<int>(down));
    const long long up = down + dp;
    if (up != batch && up <= 4LL * batch) candidates.insert(static_cast<int>(up));
  }
  std::vector<int> nearest_first(candidates.begin(), candidates.end());
  std::stable_sort(nearest_first.begin(), nearest_first.end(),
                   [batch](int a, int b) { return std::abs(a - batch) < std::abs(b - batch); });
  NearestBatches found;
  int tries = 0;
  for (const int candidate : nearest_first) {
    if (tries >= max_tries || (found.below && found.above)) break;
    const bool below = candidate < batch;
    if ((below && found.below) || (!below && found.above)) continue;
    ++tries;
    SearchJob rebatched = job;
    rebatched.base.parallelism.global_batch = candidate;
    if (best_layout_at(rebatched, gpus, options).best) (below ? found.below : found.above) = candidate;
  }
  return found;
}

}  // namespace gigasim
