#pragma once
// Bounds for the numbers of an input, and those of a job's fields: past them a number is a typo
// rather than a plan (a 100M-GPU job is 1,000× Colossus). The job parser and batch estimates
// (`gigasim.estimate_many`) check the same bounds, so both turn the same values down.

#include <string>

namespace gigasim {

struct Range {
  double min;
  double max;
};

// "between 1 and 1024", for messages.
std::string range_text(Range range);

inline constexpr Range kGpusRange{1, 1e8};
inline constexpr Range kTpRange{1, 1024};
inline constexpr Range kPpRange{1, 10000};
inline constexpr Range kVppRange{1, 1000};
inline constexpr Range kCpRange{1, 1e5};
inline constexpr Range kEpRange{1, 1e5};
inline constexpr Range kDpRange{1, 1e8};
inline constexpr Range kZeroRange{0, 3};
inline constexpr Range kMicroBatchRange{1, 1e6};
inline constexpr Range kGlobalBatchRange{1, 1e9};
inline constexpr Range kSeqRange{1, 1e8};
inline constexpr Range kTrainTokensRange{1, 1e17};
// A training budget in model FLOPs: GPT-3 took 3.1e23, frontier runs of 2025 ~5e26; 1e32 bounds a typo.
inline constexpr Range kTrainFlopsRange{1e12, 1e32};

}  // namespace gigasim
