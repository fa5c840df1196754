#pragma once
// Job files (INTERFACE.md §1): YAML text → a resolved, validated Job, or every problem at once.

#include <string_view>

#include "spec/catalog.hpp"
#include "spec/job.hpp"
#include "util/diagnostic.hpp"
#include "util/result.hpp"

namespace gigasim {

// `origin` is the file name used in diagnostics. Never throws, whatever the bytes.
Result<Job, Diagnostics> parse_job(std::string_view text, std::string_view origin, const Catalog& catalog);

}  // namespace gigasim
