#pragma once
// The search as JSON (INTERFACE.md §7): `evaluated`, `rejected` by reason and `results`, each the
// §2 estimate of one layout with its resolved job, best first.

#include <nlohmann/json_fwd.hpp>

#include "search/layout_search.hpp"

namespace gigasim {

nlohmann::json search_json(const SearchResult& result);

}  // namespace gigasim
