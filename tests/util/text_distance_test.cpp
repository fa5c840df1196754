// edit_distance (Levenshtein) and closest_match, which turn a typo into "did you mean".

#include "util/text_distance.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace gigasim {
namespace {

TEST(EditDistance, TextbookCases) {
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);  // k→s, e→i, +g
  EXPECT_EQ(edit_distance("flaw", "lawn"), 2u);       // -f, +n
  EXPECT_EQ(edit_distance("same", "same"), 0u);
}

TEST(EditDistance, EmptyStringsCountEveryCharacter) {
  EXPECT_EQ(edit_distance("", ""), 0u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(edit_distance("abcd", ""), 4u);
}

TEST(EditDistance, SwapCostsTwoEdits) {
  // Plain Levenshtein has no transposition: "tp" → "pt" is two substitutions.
  EXPECT_EQ(edit_distance("tp", "pt"), 2u);
  EXPECT_EQ(edit_distance("gloabl_batch", "global_batch"), 2u);
}

TEST(EditDistance, IsSymmetric) {
  const std::vector<std::string> words{"", "h100", "h100-sxm", "hgx-h100", "recompute", "recompte"};
  for (const auto& a : words)
    for (const auto& b : words) EXPECT_EQ(edit_distance(a, b), edit_distance(b, a)) << a << " / " << b;
}

TEST(EditDistance, IsCaseSensitive) {
  EXPECT_EQ(edit_distance("GPU", "gpu"), 3u);
}

TEST(ClosestMatch, SuggestsTheKeyAUserMisspelt) {
  const std::vector<std::string> fields{"cp", "dp", "ep", "global_batch", "micro_batch", "pp", "recompute", "tp"};
  EXPECT_EQ(closest_match("recompte", fields), "recompute");       // one deletion
  EXPECT_EQ(closest_match("micro_bacth", fields), "micro_batch");  // a swap: two edits
  EXPECT_EQ(closest_match("gloabl_batch", fields), "global_batch");
}

TEST(ClosestMatch, NothingWhenNoCandidateIsClose) {
  const std::vector<std::string> models{"gpt3-175b", "llama3-405b", "mixtral-8x7b"};
  // "bert-large" is 9+ edits from each: no suggestion rather than a wild guess.
  EXPECT_EQ(closest_match("bert-large", models), std::nullopt);
  EXPECT_EQ(closest_match("anything", {}), std::nullopt);
}

TEST(ClosestMatch, ToleranceGrowsWithTheWord) {
  // Tolerance is max(2, |word| / 3): a 4-letter word allows 2 edits, not 3.
  EXPECT_EQ(closest_match("abcd", {"abxy"}), "abxy");        // distance 2
  EXPECT_EQ(closest_match("abcd", {"axyz"}), std::nullopt);  // distance 3
  // A 12-letter word allows 4 edits.
  EXPECT_EQ(closest_match("abcdefghijkl", {"abcdefghwxyz"}), "abcdefghwxyz");  // distance 4
  EXPECT_EQ(closest_match("abcdefghijkl", {"abcdefgvwxyz"}), std::nullopt);    // distance 5
}

TEST(ClosestMatch, HugeWordMatchesNothing) {
  // A megabyte of junk in a name field: its length alone puts it ~10^6 edits from every name
  // (and the length bound keeps this from filling a 10^6 × 12 table per candidate).
  const std::string junk(1'000'000, 'x');
  EXPECT_EQ(closest_match(junk, {"h100-sxm", "llama3-405b", "mixtral-8x7b"}), std::nullopt);
}

TEST(ClosestMatch, PrefersTheNearestCandidate) {
  EXPECT_EQ(closest_match("h200x", {"h100-sxm", "h200", "b200"}), "h200");  // 1 edit vs 2 and 5
}

TEST(ClosestMatch, AShortNameThatBeginsACatalogNameSuggestsThatName) {
  // A user writing "h100" means the H100 (h100-sxm), not the H200 one substitution away.
  const std::vector<std::string> gpus{"a100-40gb", "a100-80gb", "b200", "h100-sxm", "h200", "h800", "v100"};
  EXPECT_EQ(closest_match("h100", gpus), "h100-sxm");
  EXPECT_EQ(closest_match("mixtral", {"grok-1", "mixtral-8x7b"}), "mixtral-8x7b");
  // The exact-or-nearest rule still wins when no candidate begins with the word.
  EXPECT_EQ(closest_match("v1000", gpus), "v100");
}

}  // namespace
}  // namespace gigasim
