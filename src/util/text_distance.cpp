#include "util/text_distance.hpp"

#include <algorithm>
#include <numeric>

namespace gigasim {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> previous(b.size() + 1);
  std::vector<std::size_t> current(b.size() + 1);
  std::iota(previous.begin(), previous.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
    }
    std::swap(previous, current);
  }
  return previous[b.size()];
}

std::optional<std::string> closest_match(std::string_view word, const std::vector<std::string>& candidates) {
  constexpr std::size_t kMinTolerance = 2;
  constexpr std::size_t kLengthPerEdit = 3;
  const std::size_t tolerance = std::max(kMinTolerance, word.size() / kLengthPerEdit);
  std::optional<std::string> best;
  std::optional<std::string> extension;  // the first candidate that begins with the word ("h100" → "h100-sxm")
  std::size_t best_distance = tolerance + 1;
  for (const auto& candidate : candidates) {
    if (!extension && !word.empty() && candidate.starts_with(word)) extension = candidate;
    // The lengths' difference is a lower bound of the distance: skip the O(n·m) table when it
    // already rules the candidate out (a 1 MB "name" must not take seconds).
    const std::size_t length_gap = std::max(word.size(), candidate.size()) - std::min(word.size(), candidate.size());
    if (length_gap >= best_distance) continue;
    const std::size_t distance = edit_distance(word, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  if (extension && best_distance > 0) return extension;
  return best;
}

}  // namespace gigasim
