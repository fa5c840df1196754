// Any bytes as a job file (`gigasim estimate FILE`, POST /api/estimate): a job, or located problems.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_checks.hpp"
#include "spec/job_parse.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  using gigasim::fuzz::builtin_catalog;
  gigasim::fuzz::require_value_or_located_problems(gigasim::parse_job(text, "fuzz.yaml", builtin_catalog()));
  gigasim::fuzz::require_value_or_located_problems(gigasim::parse_search_job(text, "fuzz.yaml", builtin_catalog()));
  return 0;
}
