#pragma once
// A sweep's work cut into chunks, and one chunk computed into database rows. Shared by the local
// threads and the MPI ranks, so every process computes a point the same way.

#include <cstdint>
#include <string>
#include <vector>

#include "sweep/sweep_database.hpp"
#include "spec/catalog.hpp"
#include "spec/sweep_file.hpp"

namespace gigasim {

// What every process needs to compute points: the parsed sweep and its base's text.
struct SweepWork {
  SweepSpec spec;
  std::string base_text;
  std::string base_origin;
  const Catalog* catalog = nullptr;

  [[nodiscard]] std::uint64_t chunks() const;
  [[nodiscard]] std::uint64_t first_point(std::uint64_t chunk) const;
  [[nodiscard]] std::uint64_t end_point(std::uint64_t chunk) const;  // one past the last
};

// The rows of points [first, end) of a chunk (`points` is this thread's own).
std::vector<PointRow> compute_points(const SweepWork& work, const SweepPoints& points, std::uint64_t first,
                                     std::uint64_t end);

// Mistakes that would spoil every point, found before any work: an axis path the base's parser
// does not know (located at the axis), and outputs (`keep:`) that the first point with an answer
// does not have. Lines formatted for the terminal; empty when the sweep can start.
std::vector<std::string> check_sweep(const SweepWork& work, const std::string& sweep_origin);

}  // namespace gigasim
