#pragma once
// Simulated time as whole nanoseconds: integer ticks add up exactly, so a run is reproducible bit
// for bit whatever the order of additions, and int64 covers 292 years.

#include <cmath>
#include <cstdint>
#include <stdexcept>

#include "util/units.hpp"

namespace gigasim {

using Ticks = std::int64_t;
inline constexpr double kTicksPerSecond = 1e9;

// The clock's reach: 2^62 ns, 146 years, half of int64's, so that adding any two such times cannot
// overflow either.
inline constexpr Ticks kMostTicks = Ticks{1} << 62;

// Rounded up, so a duration is never cut short: an event lands at or after its exact time. Inputs
// are bounded before they reach the simulator, so a duration past the clock's reach (or NaN) is a
// defect: it throws instead of overflowing.
inline Ticks ticks_after(Seconds duration) {
  const double ticks = std::ceil(duration.value() * kTicksPerSecond);
  if (!(ticks >= 0.0 && ticks < static_cast<double>(kMostTicks)))
    throw std::overflow_error("simulated duration beyond the event clock's 146 years, or not a number");
  return static_cast<Ticks>(ticks);
}
inline Seconds seconds_of(Ticks ticks) {
  return Seconds(static_cast<double>(ticks) / kTicksPerSecond);
}

}  // namespace gigasim
