#include "search/cluster_sizing.hpp"

#include <algorithm>
#include <cassert>
#include <chrono>
#include <limits>

namespace gigasim {
namespace {

// Doublings past the first size that fails for want of a feasible layout: a space may skip a size
// (2 nodes cannot hold what 1 could not) yet fit at the next.
constexpr int kInfeasibleDoublings = 2;
// No fabric in the catalog is asked to grow beyond about four million GPUs.
constexpr int kMaxNodes = 1 << 19;

// Doublings whose days with failures exceed the least seen before the walk gives up.
constexpr int kSlowerDoublings = 2;

}  // namespace

SizingPoint best_layout_at(const SearchJob& job, int gpus, const SearchOptions& options, const WallDays& wall_days) {
  SearchJob sized = job;
  sized.base.cluster.gpus = gpus;
  SearchOptions one = options;
  one.top = 1;
  SearchResult result = search_layouts(sized, one);
  SizingPoint point{gpus, std::nullopt, std::nullopt};
  if (!result.best.empty()) point.best = std::move(result.best.front());
  if (wall_days && point.best && point.best->estimate.time_to_train_days) point.wall_days = wall_days(*point.best);
  return point;
}

double SizingPoint::days() const {
  if (!best || !best->estimate.time_to_train_days) return std::numeric_limits<double>::infinity();
  return *best->estimate.time_to_train_days;
}

double SizingPoint::deadline_days() const {
  return wall_days.value_or(days());
}

SizingResult size_cluster(const SearchJob& job, double deadline_days, const SearchOptions& options,
                          const WallDays& wall_days) {
  assert(job.base.training.has_work());
  // Nodes, or whole NVLink domains on a rack-scale system.
  const int per_node = job.base.cluster.node.gpus_per_unit();
  SizingResult result;
  const auto meets = [deadline_days](const SizingPoint& point) { return point.deadline_days() <= deadline_days; };
  const auto fastest_index = [&result] {
    std::optional<std::size_t> fastest;
    for (std::size_t i = 0; i < result.curve.size(); ++i)
      if (result.curve[i].best &&
          (!fastest || result.curve[i].deadline_days() < result.curve[*fastest].deadline_days()))
        fastest = i;
    return fastest;
  };

  int last_miss = 0;  // nodes
  int infeasible = 0;
  int slower = 0;
  for (int nodes = 1; nodes <= kMaxNodes; nodes *= 2) {
    result.curve.push_back(best_layout_at(job, nodes * per_node, options, wall_days));
    if (options.limit.reached()) {
      result.cut_off = true;
      return result;
    }
    if (meets(result.curve.back())) break;
    last_miss = nodes;
    infeasible = result.curve.back().best ? 0 : infeasible + 1;
    const bool had_layouts = std::any_of(result.curve.begin(), result.curve.end(),
                                         [](const SizingPoint& point) { return point.best.has_value(); });
    if (had_layouts && infeasible > kInfeasibleDoublings) break;
    const std::optional<std::size_t> fastest = fastest_index();
    if (result.curve.back().best) slower = wall_days && fastest && *fastest + 1 < result.curve.size() ? slower + 1 : 0;
    if (slower >= kSlowerDoublings) {
      result.failures_bound = true;
      break;
    }
  }
  result.fastest = fastest_index();
  if (!meets(result.curve.back())) return result;

  int first_hit = result.curve.back().gpus / per_node;
  while (first_hit - last_miss > 1) {
    const int middle = last_miss + (first_hit - last_miss) / 2;
    result.curve.push_back(best_layout_at(job, middle * per_node, options, wall_days));
    if (options.limit.reached()) {
      result.cut_off = true;
      return result;
    }
    if (meets(result.curve.back()))
      first_hit = middle;
    else
      last_miss = middle;
  }
  std::sort(result.curve.begin(), result.curve.end(),
            [](const SizingPoint& a, const SizingPoint& b) { return a.gpus < b.gpus; });
  for (std::size_t i = 0; i < result.curve.size(); ++i)
    if (result.curve[i].gpus == first_hit * per_node) result.answer = i;
  result.fastest = fastest_index();
  return result;
}

}  // namespace gigasim
