#pragma once
// Counts heap allocations made through operator new in the benchmark binary, so benchmarks can
// report allocations per evaluated item (issue 4: no allocation in the search's inner loop).
#include <cstddef>

namespace gigasim::bench {

std::size_t allocations_so_far();

}  // namespace gigasim::bench
