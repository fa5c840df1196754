#pragma once
// A job whose layout fields may be `auto` or lists, made one job: the layout the search ranks
// first, or the job as written when nothing is searched. `gigasim estimate`, `run`, sweeps, the
// HTTP API and the Python module all resolve their jobs here.

#include <functional>
#include <string>
#include <vector>

#include "search/layout_search.hpp"
#include "spec/catalog.hpp"
#include "util/result.hpp"

namespace gigasim {

// The job of `text`, searched with `options` (its top and objective are set here: the single best by
// throughput). Error lines are formatted for the terminal.
Result<Job, std::vector<std::string>> resolve_job(const std::string& text, const std::string& origin,
                                                  const Catalog& catalog, SearchOptions options);
// The same for a job parsed already; `text` gives its text for located messages on a bad layout.
Result<Job, std::vector<std::string>> resolve_job(const SearchJob& searched, const std::function<std::string()>& text,
                                                  const std::string& origin, const Catalog& catalog,
                                                  SearchOptions options);

// The search's rejections, a line each: "\n  reason (N layouts), e.g. example".
std::string rejection_lines(const SearchResult& result);

}  // namespace gigasim
