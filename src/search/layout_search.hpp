#pragma once
// `gigasim search`: every candidate layout of a search job checked, the feasible ones estimated
// with the step model, the best kept. Work is spread over threads; the result is the same for any
// thread count (candidates are ranked by score, then by their index in the space).

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "perf/step_estimate.hpp"
#include "spec/search_space.hpp"
#include "util/work_limit.hpp"

namespace gigasim {

// What "best" means. For one cluster throughput, time and cost rank alike (the GPU count is fixed);
// they differ when sizing a cluster. `cost` is GPU-hours per token until the facility cost model
// exists. `robust` ranks by the pessimistic end of each layout's error band (perf/error_band.hpp):
// its tokens/s if the model errs as on the slowest-run decile of the published runs most like it.
enum class SearchObjective { throughput, time, cost, robust };

inline constexpr int kDefaultTop = 10;  // best layouts kept and shown

struct SearchOptions {
  int top = kDefaultTop;
  SearchObjective objective = SearchObjective::throughput;
  int threads = 1;
  // When set, count the feasible layouts faster than this (to rank a given layout among them).
  std::optional<double> reference_tokens_per_s;
  // Called from worker threads as candidates are done (the caller synchronises and throttles).
  std::function<void(std::size_t done, std::size_t total)> progress;
  // When reached, the search stops (`gigasim serve`'s time limit, or its client gone) and says it
  // was cut off.
  WorkLimit limit;
};

struct RankedLayout {
  Job job;  // the resolved job of this layout
  StepEstimate estimate;
  double score = 0;               // what the objective ranks by, higher first: tokens/s, or robust tokens/s
  std::size_t index = 0;          // in the layout space
  bool tp_leaves_nvlink = false;  // allowed, but TP traffic then crosses the scale-out fabric
};

// Candidates turned down for one reason: how many, and the first one's explanation.
struct Rejections {
  std::string reason;  // the layout field at fault ("tp", "global_batch", …) or "memory"
  std::size_t count = 0;
  std::string example;
};

struct SearchResult {
  std::size_t candidates = 0;             // the whole space
  std::size_t evaluated = 0;              // feasible candidates estimated with the step model
  std::vector<Rejections> rejected;       // by reason, most frequent first
  std::vector<RankedLayout> best;         // best first, at most options.top
  std::size_t faster_than_reference = 0;  // with options.reference_tokens_per_s
  bool cut_off = false;                   // options.limit was reached before every layout was seen
};

// The whole layout space around a job: every searchable field `auto` (ep only for MoE models), the
// rest of the job as given. `gigasim validate --search` ranks published layouts in it.
SearchJob open_layout_search(const Job& job);

SearchResult search_layouts(const SearchJob& job, const SearchOptions& options);

}  // namespace gigasim
