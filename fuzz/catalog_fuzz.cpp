// Any bytes as a catalog file (`--catalog FILE`): the merged catalog, or located problems.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_checks.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  gigasim::fuzz::require_value_or_located_problems(
      gigasim::merge_catalog_text(gigasim::fuzz::builtin_catalog(), text, "fuzz.yaml"));
  return 0;
}
