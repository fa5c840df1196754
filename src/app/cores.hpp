#pragma once
// How many threads a command computes on: the number asked for, or every core of this machine.

#include <algorithm>
#include <thread>

namespace gigasim {

// `asked` when positive, else every core (at least one where the count is unknown).
inline int threads_or_every_core(int asked = 0) {
  if (asked > 0) return asked;
  return static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
}

}  // namespace gigasim
