#pragma once
// The search's best layouts as a table for people, with what was turned down and why.

#include <string>

#include "search/layout_search.hpp"

namespace gigasim {

std::string search_table(const SearchJob& job, const SearchResult& result);

}  // namespace gigasim
