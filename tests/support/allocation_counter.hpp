#pragma once
// Counts heap allocations made through operator new in a binary that links allocation_counter.cpp
// (the benchmarks and the search tests), to check that the search's inner loop allocates nothing
// (issue 4).
#include <cstddef>

namespace gigasim::test_support {

std::size_t allocations_so_far();

}  // namespace gigasim::test_support
