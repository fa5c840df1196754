// Issue 4: the search's inner loop allocates nothing. Decoding a candidate, checking it, sizing its
// memory and compiling and evaluating its step reuse one worker's storage; only a few fixed costs
// remain: the workers, the first example of each rejection reason, and a copy of each layout that
// enters the top K.
#include <gtest/gtest.h>

#include "search_test_support.hpp"
#include "support/allocation_counter.hpp"

namespace gigasim {
namespace {

// Llama 3 70B on 1,024 H100 with the layout open but for ZeRO and recompute: 4·32·8·5·3 (tp, pp,
// vpp, cp, micro-batch) · 2 · 2 = 61,440 candidates, most rejected by a rule or by memory.
constexpr std::string_view kOpen = R"(model: llama3-70b
cluster: { gpu: h100-sxm, gpus: 1024 }
parallelism:
  tp: auto
  pp: auto
  vpp: auto
  cp: auto
  micro_batch: auto
  zero: [1, 3]
  recompute: [none, full]
  global_batch: 1024
)";

TEST(InnerLoopAllocation, FixedCostsOnlyWhateverTheSpaceSize) {
  const SearchJob job = testing::search_job(kOpen);
  const std::size_t before = test_support::allocations_so_far();
  const SearchResult result = search_layouts(job, testing::options(10));
  const std::size_t allocations = test_support::allocations_so_far() - before;
  ASSERT_EQ(result.candidates, 61440U);
  ASSERT_GT(result.evaluated, 2000U);
  // One allocation per candidate would be 61,440, one per estimated layout over 2,000. The fixed
  // costs stay under 2,000: a copy of the job (~20 allocations) each time a layout enters the
  // top 10 during the scan, and the rejection reasons with their example texts.
  EXPECT_LT(allocations, result.candidates / 20)
      << allocations << " allocations for " << result.candidates << " candidates, " << result.evaluated << " estimated";
}

}  // namespace
}  // namespace gigasim
