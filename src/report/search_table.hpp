#pragma once
// The search's best layouts as a table for people, with what was turned down and why.

#include <string>

#include "search/cluster_sizing.hpp"
#include "search/layout_search.hpp"

namespace gigasim {

std::string search_table(const SearchJob& job, const SearchResult& result);

// The sizing answer and the curve walked to it: GPUs → days, MFU and the best layout at each size.
std::string sizing_table(const SearchJob& job, const SizingResult& sizing, double deadline_days);

}  // namespace gigasim
