#pragma once
// Job files (INTERFACE.md §1): YAML text → a resolved, validated Job, or every problem at once.

#include <string_view>

#include "spec/catalog.hpp"
#include "spec/job.hpp"
#include "spec/search_space.hpp"
#include "util/diagnostic.hpp"
#include "util/result.hpp"

namespace gigasim {

// `origin` is the file name used in diagnostics. Never throws, whatever the bytes.
Result<Job, Diagnostics> parse_job(std::string_view text, std::string_view origin, const Catalog& catalog);

// A job whose parallelism fields may be `auto` or lists (INTERFACE.md §1), for `gigasim search`:
// everything else is checked as by parse_job; the layout is checked per candidate by the search.
Result<SearchJob, Diagnostics> parse_search_job(std::string_view text, std::string_view origin,
                                                const Catalog& catalog);

}  // namespace gigasim
