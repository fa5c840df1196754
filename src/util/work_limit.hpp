#pragma once
// When long work stops before it is done: past a deadline (`gigasim serve`'s time limit), or once
// another thread raises `cancelled` (the client left, or the server is stopping). Work checks it
// between units of at most a few milliseconds, and says it was cut off.

#include <atomic>
#include <chrono>
#include <optional>

namespace gigasim {

struct WorkLimit {
  std::optional<std::chrono::steady_clock::time_point> deadline;
  const std::atomic<bool>* cancelled = nullptr;  // owned by whoever raises it; outlives the work

  // A command's --time-limit: a deadline that many seconds from now, or none when not positive.
  static WorkLimit after_seconds(double seconds) {
    WorkLimit limit;
    if (seconds > 0)
      limit.deadline =
          std::chrono::steady_clock::now() +
          std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(seconds));
    return limit;
  }

  [[nodiscard]] bool reached() const {
    return (cancelled != nullptr && cancelled->load(std::memory_order_relaxed)) ||
           (deadline && std::chrono::steady_clock::now() > *deadline);
  }
};

}  // namespace gigasim
