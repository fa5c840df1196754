#pragma once
// Simulated time as whole nanoseconds: integer ticks add up exactly, so a run is reproducible bit
// for bit whatever the order of additions, and int64 covers 292 years.

#include <cmath>
#include <cstdint>

#include "util/units.hpp"

namespace gigasim {

using Ticks = std::int64_t;
inline constexpr double kTicksPerSecond = 1e9;

// Rounded up, so a duration is never cut short: an event lands at or after its exact time.
inline Ticks ticks_after(Seconds duration) {
  return static_cast<Ticks>(std::ceil(duration.value() * kTicksPerSecond));
}
inline Seconds seconds_of(Ticks ticks) {
  return Seconds(static_cast<double>(ticks) / kTicksPerSecond);
}

}  // namespace gigasim
