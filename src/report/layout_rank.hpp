#pragma once
// `gigasim validate --search`: where each published layout ranks among the layouts the search
// finds for the same job, and how much faster the best predicted one is. A published layout
// predicted more than 2× slower than the best points at a model bug, not a discovery (issue 4).

#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "search/layout_search.hpp"

namespace gigasim {

struct LayoutRank {
  std::string job_path;
  Job published;
  StepEstimate published_estimate;
  SearchResult search;  // the open space around the job, best first, with the faster-than count
  [[nodiscard]] std::size_t rank() const { return search.faster_than_reference + 1; }
  // Best predicted tokens/s over the published layout's; 1 when the published one is the best.
  [[nodiscard]] double speedup() const;
};

inline constexpr double kSuspectSpeedup = 2.0;

std::string layout_rank_table(const std::vector<LayoutRank>& ranks);
nlohmann::json layout_rank_json(const std::vector<LayoutRank>& ranks);

}  // namespace gigasim
