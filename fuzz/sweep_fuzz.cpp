// Any bytes as a sweep file (`gigasim sweep FILE`), a cluster file (`gigasim simulate CLUSTER`) and
// an ASTRA-sim network (`--network FILE`): each a value, or located problems.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_checks.hpp"
#include "spec/astra_network.hpp"
#include "spec/cluster_file.hpp"
#include "spec/sweep_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  gigasim::fuzz::require_value_or_located_problems(gigasim::parse_sweep(text, "fuzz.yaml"));
  gigasim::fuzz::require_value_or_located_problems(
      gigasim::parse_cluster_file(text, "fuzz.yaml", gigasim::fuzz::builtin_catalog()));
  gigasim::fuzz::require_value_or_located_problems(gigasim::parse_astra_network(text, "fuzz.yaml"));
  return 0;
}
