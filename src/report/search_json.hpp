#pragma once
// The search as JSON (INTERFACE.md §7): `evaluated`, `rejected` by reason and `results`, each the
// §2 estimate of one layout with its resolved job, best first.

#include <nlohmann/json_fwd.hpp>

#include "search/cluster_sizing.hpp"
#include "search/layout_search.hpp"

namespace gigasim {

nlohmann::json search_json(const SearchResult& result);

// `--deadline-days`: `deadline_days`, `gpus` (the fewest that meet it, or null) and `curve`, each
// point `{gpus, days, mfu, tokens_per_s_per_gpu, job}` (days and the rest null without a layout).
nlohmann::json sizing_json(const SizingResult& sizing, double deadline_days);

}  // namespace gigasim
