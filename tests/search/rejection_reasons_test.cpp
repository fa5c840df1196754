// Each reason a layout is turned down, reached by a small space built to hit it; the count and the
// example are what a user reads to learn "why not tp 16?".
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "search/layout_search.hpp"
#include "search_test_support.hpp"

namespace gigasim {
namespace {

using ::testing::HasSubstr;

const Rejections* find(const SearchResult& result, std::string_view reason) {
  for (const Rejections& entry : result.rejected)
    if (entry.reason == reason) return &entry;
  return nullptr;
}

SearchResult search(std::string_view text) { return search_layouts(testing::search_job(text), testing::options(1)); }

TEST(SearchRejections, GpusNotDividedByTheModelParallelRanks) {
  // 16 GPUs at tp 2: pp 3 needs 6 ranks per replica, which 16 is not a multiple of; pp 1, 2, 4 are.
  const SearchResult result = search("model: llama3-8b\ncluster: { gpu: h100-sxm, gpus: 16 }\n"
                                     "parallelism: { tp: 2, pp: [1, 2, 3, 4], global_batch: 64 }\n");
  const Rejections* gpus = find(result, "gpus");
  ASSERT_NE(gpus, nullptr);
  EXPECT_EQ(gpus->count, 1U);
  EXPECT_THAT(gpus->example, HasSubstr("tp·pp·cp = 6 does not divide the 16 GPUs"));
  EXPECT_EQ(result.evaluated, 3U);
}

TEST(SearchRejections, TensorParallelismMustSplitTheHeads) {
  // Llama 3 8B has 8 KV heads: tp 16 cannot split them.
  const SearchResult result = search("model: llama3-8b\ncluster: { gpu: h100-sxm, gpus: 16 }\n"
                                     "parallelism: { tp: [8, 16], global_batch: 64 }\n");
  const Rejections* tp = find(result, "tp");
  ASSERT_NE(tp, nullptr);
  EXPECT_EQ(tp->count, 1U);
  EXPECT_THAT(tp->example, HasSubstr("tp 16"));
}

TEST(SearchRejections, PipelineAndInterleavingNeedLayers) {
  // 32 layers: pp 8 × vpp 8 = 64 chunks is too many (pp), and vpp 2 without a pipeline (vpp).
  const SearchResult result = search("model: llama3-8b\ncluster: { gpu: h100-sxm, gpus: 64 }\n"
                                     "parallelism: { tp: 2, pp: [1, 8], vpp: [1, 2, 8], global_batch: 512 }\n");
  ASSERT_NE(find(result, "pp"), nullptr);
  EXPECT_EQ(find(result, "pp")->count, 1U);
  ASSERT_NE(find(result, "vpp"), nullptr);
  EXPECT_EQ(find(result, "vpp")->count, 2U);  // pp 1 with vpp 2 and vpp 8
  EXPECT_EQ(result.evaluated, 3U);            // pp 1 vpp 1, pp 8 vpp 1, pp 8 vpp 2
}

TEST(SearchRejections, ContextParallelismMustSplitTheSequence) {
  // 1,024 tokens over cp 1,024 ranks gives each rank half a token of its two load-balanced chunks.
  const SearchResult result = search("model: llama3-8b\ncluster: { gpu: h100-sxm, gpus: 1024 }\n"
                                     "parallelism: { cp: [1, 1024], seq_len: 1024, global_batch: 1024 }\n");
  ASSERT_NE(find(result, "cp"), nullptr);
  EXPECT_EQ(find(result, "cp")->count, 1U);
}

TEST(SearchRejections, ExpertParallelismOnlyForExperts) {
  // Mixtral 8×7B has 8 experts: ep 16 cannot place them; ep 2 on a dense model is refused.
  const SearchResult moe = search("model: mixtral-8x7b\ncluster: { gpu: h100-sxm, gpus: 64 }\n"
                                  "parallelism: { tp: 2, ep: [8, 16], global_batch: 256 }\n");
  ASSERT_NE(find(moe, "ep"), nullptr);
  EXPECT_EQ(find(moe, "ep")->count, 1U);
  const SearchResult dense = search("model: llama3-8b\ncluster: { gpu: h100-sxm, gpus: 16 }\n"
                                    "parallelism: { ep: [1, 2], global_batch: 64 }\n");
  ASSERT_NE(find(dense, "ep"), nullptr);
  EXPECT_EQ(find(dense, "ep")->count, 1U);
}

TEST(SearchRejections, GlobalBatchMustSplitIntoMicroBatches) {
  // 8 sequences on dp 8 (16 GPUs at tp 2): micro-batches of 2 or 4 would need 16 or 32.
  const SearchResult result = search("model: llama3-8b\ncluster: { gpu: h100-sxm, gpus: 16 }\n"
                                     "parallelism: { tp: 2, micro_batch: auto, global_batch: 8 }\n");
  ASSERT_NE(find(result, "global_batch"), nullptr);
  EXPECT_EQ(find(result, "global_batch")->count, 2U);
  EXPECT_EQ(result.evaluated, 1U);
}

TEST(SearchRejections, LayoutsThatDoNotFitInMemory) {
  // Llama 3 70B on 8 H100 without sharding: 70B × 16 B of weights, gradients and Adam states alone
  // are 1.1 TB, far beyond 8 × 80 GB; only ZeRO-3 with tp 8 comes close, and it too overflows.
  const SearchResult result = search("model: llama3-70b\ncluster: { gpu: h100-sxm, gpus: 8 }\n"
                                     "parallelism: { tp: [1, 8], zero: [0, 1], global_batch: 8 }\n");
  const Rejections* memory = find(result, "memory");
  ASSERT_NE(memory, nullptr);
  EXPECT_EQ(memory->count, 4U);
  EXPECT_THAT(memory->example, HasSubstr("GiB of 79.6"));
  EXPECT_TRUE(result.best.empty());
}

TEST(SearchRejections, SequenceParallelismGivenWithoutTensorParallelism) {
  // sp: true written in the file stays for every candidate, and needs tp > 1.
  const SearchResult result = search("model: llama3-8b\ncluster: { gpu: h100-sxm, gpus: 16 }\n"
                                     "parallelism: { tp: [1, 2], sp: true, global_batch: 64 }\n");
  ASSERT_NE(find(result, "sp"), nullptr);
  EXPECT_EQ(find(result, "sp")->count, 1U);
}

}  // namespace
}  // namespace gigasim
