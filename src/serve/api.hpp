#pragma once
// The HTTP API's work, apart from HTTP (`gigasim serve`, issue 11): each endpoint takes the body a
// command would read from its file (YAML; JSON is YAML) and query parameters for the command's
// options, and answers the command's --json, or the same located messages as JSON with a 4xx code.

#include <atomic>
#include <chrono>
#include <map>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "spec/catalog.hpp"

namespace gigasim {

struct ApiLimits {
  std::chrono::milliseconds compute{std::chrono::seconds(10)};  // every request's work stops there
  const std::atomic<bool>* cancelled = nullptr;                 // raised when the client leaves or the server stops
  int max_trials = 100000;  // POST /api/run: 1,000 trials of a 100k-GPU run take 0.3 s
  int search_threads = 1;   // per request: the server's workers already use every core
};

struct ApiResponse {
  int status = 200;
  nlohmann::json body;  // JSON answers and errors
  std::string html;     // POST /api/plan?report=html: the HTML report instead
};

using ApiQuery = std::map<std::string, std::string, std::less<>>;

// endpoint: estimate, search, simulate, plan or run; 404 for anything else.
ApiResponse api_call(std::string_view endpoint, const std::string& body, const ApiQuery& query, const Catalog& catalog,
                     const ApiLimits& limits);

// GET /api/catalog[?section=gpus]: the catalog as `gigasim catalog --json` prints it.
ApiResponse api_catalog(const Catalog& catalog, const ApiQuery& query);

// GET /api/sites: the built-in sites (data/sites.yaml) with their prices, carbon and PUE.
ApiResponse api_sites();

// {"error": first line, "problems": [every line]}.
nlohmann::json api_error(const std::vector<std::string>& lines);

}  // namespace gigasim
