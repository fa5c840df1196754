#pragma once
// ASTRA-sim 2.x's analytical network file, so its users can bring their networks to
// `gigasim simulate --collective --network FILE`:
//
//   topology: [ Ring, FullyConnected, Switch ]   # one building block per dimension, inner first
//   npus_count: [ 8, 32, 64 ]                    # NPUs along each dimension
//   bandwidth: [ 400.0, 50.0, 50.0 ]             # GB/s per link, GB = 2^30 bytes
//   latency: [ 936.25, 2000.0, 2000.0 ]          # ns per link
//
// (astra-sim examples/network/analytical/*.yml; Won et al. 2023, "ASTRA-sim2.0", §4.)

#include <string_view>
#include <vector>

#include "util/diagnostic.hpp"
#include "util/result.hpp"
#include "util/units.hpp"

namespace gigasim {

enum class AstraBlock { ring, fully_connected, switch_ };

struct AstraDimension {
  AstraBlock block = AstraBlock::switch_;
  int npus = 1;
  BytesPerSecond bandwidth;  // per link, one direction
  Seconds latency;           // per link
};

struct AstraNetwork {
  std::vector<AstraDimension> dimensions;  // inner first
  [[nodiscard]] long long npus() const;
};

// The file's text parsed, or every problem located (file:line:column, field, fix).
Result<AstraNetwork, Diagnostics> parse_astra_network(std::string_view text, std::string_view origin);

}  // namespace gigasim
