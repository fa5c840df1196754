#pragma once
// Search jobs from YAML text against the built-in catalog.

#include <string_view>

#include <gtest/gtest.h>

#include "search/layout_search.hpp"
#include "spec/job_parse.hpp"
#include "support/builtin_catalog.hpp"

namespace gigasim::testing {

inline SearchJob search_job(std::string_view text) {
  auto job = parse_search_job(text, "search.yaml", test_support::builtin_catalog());
  if (!job) {
    for (const Diagnostic& problem : job.error()) ADD_FAILURE() << format_diagnostic(problem);
    return {};
  }
  return std::move(job).value();
}

// Options without a progress callback (designated initializers would leave it unnamed).
inline SearchOptions options(int top, int threads = 1) {
  SearchOptions chosen;
  chosen.top = top;
  chosen.threads = threads;
  return chosen;
}

}  // namespace gigasim::testing
