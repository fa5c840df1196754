// Any bytes as a scenario file (`gigasim plan FILE`, POST /api/plan): a scenario, or located problems.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_checks.hpp"
#include "spec/scenario.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  gigasim::fuzz::require_value_or_located_problems(
      gigasim::parse_scenario(text, "fuzz.yaml", gigasim::fuzz::builtin_catalog()));
  return 0;
}
