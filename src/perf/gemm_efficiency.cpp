#include "perf/gemm_efficiency.hpp"

#include <cmath>

namespace gigasim {

double gemm_shape_efficiency(double m, double n, double count, int streaming_multiprocessors) {
  if (streaming_multiprocessors <= 0 || m <= 0 || n <= 0 || count <= 0) return 1.0;
  const double sms = streaming_multiprocessors;
  const double tiles = std::ceil(m / kGemmTileRows) * std::ceil(n / kGemmTileColumns) * std::ceil(count);
  const double waves = std::ceil(tiles / sms);
  return (m * n * count) / (waves * sms * kGemmTileRows * kGemmTileColumns);
}

}  // namespace gigasim
