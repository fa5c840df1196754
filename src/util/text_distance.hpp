#pragma once
// Edit distance, for "did you mean" suggestions on misspelt keys and catalog names.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gigasim {

// Levenshtein distance (insertions, deletions, substitutions each cost 1).
std::size_t edit_distance(std::string_view a, std::string_view b);

// The closest candidate when it is close enough to be a likely typo (distance ≤ max(2, |word|/3)),
// except that a candidate beginning with the word is preferred to an inexact one: "h100" → "h100-sxm".
std::optional<std::string> closest_match(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace gigasim
