// Any request to the HTTP API's handling (serve/api.cpp, apart from HTTP): the first byte picks the
// endpoint, the bytes up to the first newline are the query string, the rest the body. The answer
// is never a 500 (an internal error from input: issue 23 found 21 of 1,501 mutated bodies that
// got one) and always dumps as JSON. Work stops at a 0.2 s limit, as the server's would at its own.
#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_checks.hpp"
#include "serve/api.hpp"

namespace {

// name=value pairs split at '&'; no percent-decoding (the server's library does that).
gigasim::ApiQuery query_of(std::string_view text) {
  gigasim::ApiQuery query;
  while (!text.empty()) {
    const std::size_t end = std::min(text.find('&'), text.size());
    const std::string_view pair = text.substr(0, end);
    const std::size_t equals = pair.find('=');
    query.emplace(std::string(pair.substr(0, equals)),
                  equals == std::string_view::npos ? std::string() : std::string(pair.substr(equals + 1)));
    text.remove_prefix(std::min(end + 1, text.size()));
  }
  return query;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  constexpr std::array<std::string_view, 6> kEndpoints = {"estimate", "search", "simulate", "plan", "run", "catalog"};
  const std::string_view endpoint = kEndpoints[data[0] % kEndpoints.size()];
  std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  const std::size_t newline = std::min(rest.find('\n'), rest.size());
  const gigasim::ApiQuery query = query_of(rest.substr(0, newline));
  const std::string body(rest.substr(std::min(newline + 1, rest.size())));
  gigasim::ApiLimits limits;
  limits.compute = std::chrono::milliseconds(200);
  const gigasim::ApiResponse answer =
      endpoint == "catalog" ? gigasim::api_catalog(gigasim::fuzz::builtin_catalog(), query)
                            : gigasim::api_call(endpoint, body, query, gigasim::fuzz::builtin_catalog(), limits);
  gigasim::fuzz::require(answer.status != 500);
  // dump() throws on text that is not UTF-8 (libFuzzer reports the exception as a crash): every
  // answer must be JSON as the server sends it.
  (void)answer.body.dump();
  return 0;
}
