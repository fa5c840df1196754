// Cross-field checks: a layout must divide the model and the cluster exactly (tp divides heads,
// tp·pp·cp·dp = gpus, ep divides experts and dp·cp, …). Each problem is checked for its field,
// its line:column (the value that is wrong) and its message; the arithmetic in each message is
// worked out in the comment above it.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "spec_test_support.hpp"

namespace gigasim {
namespace {

using testing::describe;
using testing::expect_place;
using ::testing::HasSubstr;
using testing::only_problem;
using testing::parse_errors;
using testing::parse_ok;

TEST(JobLayoutErrors, TensorParallelMustDivideHeadsAndKvHeads) {
  // Llama 3 70B: 64 heads, 8 KV heads. tp 3 divides neither (64 = 3·21 + 1, 8 = 3·2 + 2).
  // 48 GPUs / 3 = dp 16 and 64 sequences / 16 = 4 keep everything else valid.
  const Diagnostics problems = parse_errors(R"(model: llama3-70b
cluster:
  gpu: h100-sxm
  gpus: 48
parallelism:
  tp: 3
  sp: false
  global_batch: 64
)");
  SCOPED_TRACE(describe(problems));
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].field, "parallelism.tp");
  expect_place(problems[0], 6, 7);
  EXPECT_EQ(problems[0].problem, "3 does not divide the model's 64 attention heads");
  EXPECT_EQ(problems[1].field, "parallelism.tp");
  expect_place(problems[1], 6, 7);
  EXPECT_EQ(problems[1].problem, "3 does not divide the model's 8 KV heads");
  EXPECT_EQ(problems[1].fix, "use a tp that divides kv_heads, such as 1");  // gcd(3, 8) = 1
}

TEST(JobLayoutErrors, TensorParallelPastTheKvHeads) {
  // tp 16 divides the 64 query heads but not the 8 KV heads; the largest tp that divides both
  // is gcd(16, 8) = 8.
  const Diagnostic problem = only_problem(R"(model: llama3-70b
cluster:
  gpu: h100-sxm
  gpus: 64
parallelism:
  tp: 16
  global_batch: 64
)");
  EXPECT_EQ(problem.field, "parallelism.tp");
  expect_place(problem, 6, 7);
  EXPECT_EQ(problem.problem, "16 does not divide the model's 8 KV heads");
  EXPECT_EQ(problem.fix, "use a tp that divides kv_heads, such as 8");
}

TEST(JobLayoutErrors, ProductOfFactorsMustBeTheGpuCount) {
  // tp·pp·cp·dp = 8·2·1·8 = 128 on a 64-GPU job; placed at the dp the user wrote.
  const Diagnostic problem = only_problem(R"(model: llama3-70b
cluster:
  gpu: h100-sxm
  gpus: 64
parallelism:
  tp: 8
  pp: 2
  dp: 8
  global_batch: 64
)");
  EXPECT_EQ(problem.field, "parallelism");
  expect_place(problem, 8, 7);
  EXPECT_EQ(problem.problem, "tp·pp·cp·dp = 8·2·1·8 = 128, not the job's 64 GPUs");
  EXPECT_THAT(problem.fix, HasSubstr("leave dp out to derive it"));
}

TEST(JobLayoutErrors, GpuCountThatTheModelParallelFactorsDoNotDivide) {
  // dp is left out and 64 / (8·3·1) = 2.67 is not whole: placed at cluster.gpus.
  const Diagnostic problem = only_problem(R"(model: llama3-70b
cluster:
  gpu: h100-sxm
  gpus: 64
parallelism:
  tp: 8
  pp: 3
  global_batch: 64
)");
  EXPECT_EQ(problem.field, "cluster.gpus");
  expect_place(problem, 4, 9);
  EXPECT_EQ(problem.problem, "64 GPUs do not split into data-parallel copies of tp·pp·cp = 8·3·1 = 24 GPUs");
}

TEST(JobLayoutErrors, FewerGpusThanOneModelReplica) {
  // tp·pp = 16 on 8 GPUs: not even one model replica; dp was left out, so the GPU count is blamed.
  const Diagnostic problem = only_problem(R"(model: llama3-70b
cluster: { gpu: h100-sxm, gpus: 8 }
parallelism: { tp: 8, pp: 2, global_batch: 8 }
)");
  EXPECT_EQ(problem.field, "cluster.gpus");
  EXPECT_EQ(problem.problem, "8 GPUs do not split into data-parallel copies of tp·pp·cp = 8·2·1 = 16 GPUs");
}

TEST(JobLayoutErrors, ExpertParallelMustDivideTheExperts) {
  // Mixtral has 8 experts; ep 3 does not divide them (dp·cp = 24 is divisible by 3).
  const Diagnostic problem = only_problem(R"(model: mixtral-8x7b
cluster:
  gpu: h100-sxm
  gpus: 24
parallelism:
  ep: 3
  global_batch: 48
)");
  EXPECT_EQ(problem.field, "parallelism.ep");
  expect_place(problem, 6, 7);
  EXPECT_EQ(problem.problem, "3 does not divide the model's 8 experts");
}

TEST(JobLayoutErrors, ExpertParallelMustDivideDataTimesContextParallel) {
  // 8 GPUs / tp 2 = dp 4; ep 8 divides the 8 experts but not dp·cp = 4·1 = 4.
  const Diagnostic problem = only_problem(R"(model: mixtral-8x7b
cluster: { gpu: h100-sxm, gpus: 8 }
parallelism: { tp: 2, ep: 8, global_batch: 8 }
)");
  EXPECT_EQ(problem.field, "parallelism.ep");
  EXPECT_EQ(problem.problem, "8 does not divide dp·cp = 4");
  EXPECT_THAT(problem.fix, HasSubstr("drawn from the dp·cp ranks"));
}

TEST(JobLayoutErrors, HugeFactorsDoNotOverflow) {
  // dp·cp = 1e8 · 1e5 = 1e13, past a 32-bit int; 10^13 ≡ 1 (mod 3), so ep 3 does not divide it.
  const Diagnostics problems = parse_errors(R"(model: mixtral-8x7b
cluster: { gpu: h100-sxm, gpus: 8 }
parallelism: { dp: 100000000, cp: 100000, ep: 3, global_batch: 8 }
)");
  bool reported = false;
  for (const auto& problem : problems) reported |= problem.problem == "3 does not divide dp·cp = 10000000000000";
  EXPECT_TRUE(reported) << describe(problems);
}

TEST(JobLayoutErrors, ExpertParallelMayUseContextParallelRanks) {
  // 16 GPUs / (tp 2 · cp 2) = dp 4; dp·cp = 8, which ep 8 divides.
  const Job job = parse_ok(R"(model: mixtral-8x7b
cluster: { gpu: h100-sxm, gpus: 16 }
parallelism: { tp: 2, cp: 2, ep: 8, global_batch: 8 }
)");
  EXPECT_EQ(job.parallelism.dp, 4);
  EXPECT_EQ(job.parallelism.ep, 8);
}

TEST(JobLayoutErrors, ExpertParallelOnADenseModel) {
  const Diagnostic problem = only_problem(R"(model: llama3-70b
cluster: { gpu: h100-sxm, gpus: 64 }
parallelism:
  tp: 8
  ep: 2
  global_batch: 64
)");
  EXPECT_EQ(problem.field, "parallelism.ep");
  expect_place(problem, 5, 7);
  EXPECT_EQ(problem.problem, "ep = 2 but model 'llama3-70b' has no experts");
  EXPECT_EQ(problem.fix, "set ep: 1");
}

TEST(JobLayoutErrors, GlobalBatchMustSplitOverDataParallelMicroBatches) {
  // dp = 64 / 8 = 8; dp·micro_batch = 8·2 = 16; 72 = 4·16 + 8.
  const Diagnostic problem = only_problem(R"(model: llama3-70b
cluster: { gpu: h100-sxm, gpus: 64 }
parallelism:
  tp: 8
  micro_batch: 2
  global_batch: 72
)");
  EXPECT_EQ(problem.field, "parallelism.global_batch");
  expect_place(problem, 6, 17);
  EXPECT_EQ(problem.problem, "72 sequences do not split into dp·micro_batch = 8·2 = 16");
}

TEST(JobLayoutErrors, GlobalBatchSmallerThanTheDataParallelRanks) {
  // 64 data-parallel ranks cannot share 32 sequences.
  const Diagnostic problem = only_problem(R"(model: llama3-70b
cluster: { gpu: h100-sxm, gpus: 64 }
parallelism: { global_batch: 32 }
)");
  EXPECT_EQ(problem.problem, "32 sequences do not split into dp·micro_batch = 64·1 = 64");
}

TEST(JobLayoutErrors, MorePipelineChunksThanLayers) {
  // Llama 3 8B has 32 layers; pp·vpp = 8·5 = 40 chunks would leave some empty.
  const Diagnostic problem = only_problem(R"(model: llama3-8b
cluster: { gpu: h100-sxm, gpus: 8 }
parallelism:
  pp: 8
  vpp: 5
  global_batch: 8
)");
  EXPECT_EQ(problem.field, "parallelism.pp");
  expect_place(problem, 4, 7);
  EXPECT_EQ(problem.problem, "pp·vpp = 40 stages for only 32 layers");
}

TEST(JobLayoutErrors, InterleavingWithoutAPipeline) {
  const Diagnostic problem = only_problem(R"(model: llama3-8b
cluster: { gpu: h100-sxm, gpus: 8 }
parallelism:
  vpp: 2
  global_batch: 8
)");
  EXPECT_EQ(problem.field, "parallelism.vpp");
  expect_place(problem, 4, 8);
  EXPECT_EQ(problem.problem, "interleaving needs a pipeline (pp > 1)");
}

TEST(JobLayoutErrors, Fp8OnAGpuWithoutIt) {
  // GPT-3 175B on 1,024 A100 (valid: 96 heads / 8, dp = 1024 / 128 = 8, 1536 / 8) but in fp8,
  // which Ampere lacks.
  const Diagnostic problem = only_problem(R"(model: gpt3-175b
cluster:
  gpu: a100-80gb
  gpus: 1024
parallelism:
  tp: 8
  pp: 16
  global_batch: 1536
  precision: fp8
)");
  EXPECT_EQ(problem.field, "parallelism.precision");
  expect_place(problem, 9, 14);
  EXPECT_EQ(problem.problem, "a100-80gb has no fp8 tensor cores");
  EXPECT_EQ(problem.fix, "use one of fp16, bf16");
}

TEST(JobLayoutErrors, Bf16OnAV100) {
  const Diagnostic problem = only_problem(R"(model: megatron-gpt-1.7b
cluster: { gpu: v100, gpus: 8 }
parallelism: { global_batch: 8, precision: bf16 }
)");
  EXPECT_EQ(problem.field, "parallelism.precision");
  EXPECT_EQ(problem.problem, "v100 has no bf16 tensor cores");
  EXPECT_EQ(problem.fix, "use one of fp16");
}

TEST(JobLayoutErrors, SequenceParallelWithoutTensorParallel) {
  const Diagnostic problem = only_problem(R"(model: llama3-70b
cluster: { gpu: h100-sxm, gpus: 64 }
parallelism:
  sp: true
  global_batch: 64
)");
  EXPECT_EQ(problem.field, "parallelism.sp");
  expect_place(problem, 4, 7);
  EXPECT_EQ(problem.problem, "sequence parallelism needs tp > 1");
}

TEST(JobLayoutErrors, SequenceParallelNeedsTheSequenceToSplitOverTp) {
  // 8190 = 8·1023 + 6.
  const Diagnostic problem = only_problem(R"(model: llama3-70b
cluster: { gpu: h100-sxm, gpus: 64 }
parallelism: { tp: 8, seq_len: 8190, global_batch: 64 }
)");
  EXPECT_EQ(problem.field, "parallelism.seq_len");
  EXPECT_EQ(problem.problem, "8190 tokens do not split over tp = 8 for sequence parallelism");
}

TEST(JobLayoutErrors, ContextParallelNeedsTwoChunksPerRank) {
  // cp 3 cuts the sequence into 2·3 = 6 chunks; 8192 = 6·1365 + 2. 48 / (8·3) = dp 2.
  const Diagnostic problem = only_problem(R"(model: llama3-70b
cluster: { gpu: h100-sxm, gpus: 48 }
parallelism:
  tp: 8
  cp: 3
  global_batch: 64
)");
  EXPECT_EQ(problem.field, "parallelism.cp");
  expect_place(problem, 5, 7);
  EXPECT_EQ(problem.problem, "seq_len 8192 does not split into 2·cp = 6 equal chunks");
}

TEST(JobLayoutErrors, NodeThatHoldsAnotherGpu) {
  const Diagnostic problem = only_problem(R"(model: llama3-70b
cluster:
  gpu: h100-sxm
  gpus: 64
  node: dgx-a100
parallelism: { tp: 8, global_batch: 64 }
)");
  EXPECT_EQ(problem.field, "cluster.node");
  expect_place(problem, 5, 9);
  EXPECT_EQ(problem.problem, "node 'dgx-a100' holds a100-80gb, not h100-sxm");
}

TEST(JobLayoutErrors, StageLayersMustMatchPipelineAndModel) {
  // Four stages holding 8 + 8 + 8 + 7 = 31 layers of a 32-layer model.
  const Diagnostic problem = only_problem(R"(model: llama3-8b
cluster: { gpu: h100-sxm, gpus: 4 }
parallelism:
  pp: 4
  stage_layers: [8, 8, 8, 7]
  global_batch: 8
)");
  EXPECT_EQ(problem.field, "parallelism.stage_layers");
  expect_place(problem, 5, 17);
  EXPECT_EQ(problem.problem, "4 stages holding 31 layers, but the job has pp = 4 and the model 32 layers");

  const Diagnostic wrong_count = only_problem(R"(model: llama3-8b
cluster: { gpu: h100-sxm, gpus: 4 }
parallelism: { pp: 4, stage_layers: [16, 16], global_batch: 8 }
)");
  EXPECT_EQ(wrong_count.problem, "2 stages holding 32 layers, but the job has pp = 4 and the model 32 layers");
}

TEST(JobLayoutErrors, ExplicitStageLayersAreKept) {
  const Job job = parse_ok(R"(model: llama3-8b
cluster: { gpu: h100-sxm, gpus: 4 }
parallelism: { pp: 4, stage_layers: [7, 9, 9, 7], global_batch: 8 }
)");
  EXPECT_EQ(job.parallelism.stage_layers, (std::vector<int>{7, 9, 9, 7}));
}

TEST(JobLayoutErrors, AttentionKernelDefaultsByFrameworkAndCanBeNamed) {
  const Job titan = parse_ok(R"(model: llama3-8b
cluster: { gpu: a100-80gb, gpus: 8 }
parallelism: { global_batch: 8 }
training: { framework: torchtitan }
)");
  EXPECT_EQ(titan.training.attention_kernel_or_default(), AttentionKernel::flash2);
  const Job triton = parse_ok(R"(model: llama3-8b
cluster: { gpu: a100-80gb, gpus: 8 }
parallelism: { global_batch: 8 }
training: { framework: torchtitan, attention_kernel: flash1 }
)");
  EXPECT_EQ(triton.training.attention_kernel_or_default(), AttentionKernel::flash1);
}

TEST(JobLayoutErrors, AttentionKernelWithoutARateOnTheGpu) {
  // The catalog gives B200 no FlashAttention-1 rate (the kernel predates it).
  const Diagnostic problem = only_problem(R"(model: llama3-8b
cluster: { gpu: b200, gpus: 8 }
parallelism: { global_batch: 8 }
training:
  attention_kernel: flash1
)");
  EXPECT_EQ(problem.field, "training.attention_kernel");
  expect_place(problem, 5, 21);
  EXPECT_EQ(problem.problem, "b200 has no flash1 attention rate in the catalog");
  EXPECT_EQ(problem.fix, "use one of fused, flash2, or give attention_efficiency.flash1 in a --catalog file");
}

TEST(JobLayoutErrors, SeveralLayoutProblemsAreAllReported) {
  // On A100 in fp8 with tp 3 and ep 2 on a dense model: heads, KV heads, experts and precision.
  const Diagnostics problems = parse_errors(R"(model: llama3-70b
cluster: { gpu: a100-80gb, gpus: 48 }
parallelism: { tp: 3, sp: false, ep: 2, precision: fp8, global_batch: 64 }
)");
  SCOPED_TRACE(describe(problems));
  std::vector<std::string> fields;
  for (const auto& problem : problems) fields.push_back(problem.field);
  EXPECT_THAT(fields,
              ::testing::ElementsAre("parallelism.tp", "parallelism.tp", "parallelism.ep", "parallelism.precision"));
}

TEST(JobLayoutErrors, VoltaRunsNoFusedAttentionAndSoNoContextParallelism) {
  // V100 predates FlashAttention (Turing and later): the default is unfused attention, and asking for
  // flash attention or for context parallelism (ring attention on fused kernels) is refused.
  const Job job = parse_ok(R"(model: gpt3-175b
cluster:
  gpu: v100
  gpus: 64
parallelism:
  tp: 8
  pp: 8
  global_batch: 64
)");
  EXPECT_FALSE(job.parallelism.flash_attention);
  const Diagnostics problems = parse_errors(R"(model: gpt3-175b
cluster:
  gpu: v100
  gpus: 64
parallelism:
  tp: 8
  pp: 4
  cp: 2
  flash_attention: true
  global_batch: 64
)");
  SCOPED_TRACE(describe(problems));
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].field, "parallelism.flash_attention");
  expect_place(problems[0], 9, 20);
  EXPECT_EQ(problems[0].problem, "v100 (volta) runs no FlashAttention-class kernel (they need Turing or later)");
  EXPECT_EQ(problems[1].field, "parallelism.cp");
  EXPECT_THAT(problems[1].problem, HasSubstr("which v100 (volta) lacks"));
}

TEST(JobLayoutErrors, DualPipeNeedsAnEvenPipelineWithoutInterleaving) {
  // pp 3 cannot pair its stages from both ends.
  const Diagnostic problem = only_problem(R"(model: llama3-70b
cluster:
  gpu: h100-sxm
  gpus: 24
parallelism:
  tp: 8
  pp: 3
  schedule: dualpipe
  global_batch: 64
)");
  EXPECT_EQ(problem.field, "parallelism.schedule");
  expect_place(problem, 8, 13);
  EXPECT_THAT(problem.problem, HasSubstr("needs an even pp and vpp 1, not pp = 3, vpp = 1"));
}

TEST(JobLayoutErrors, InterleavedNeedsChunks) {
  const Diagnostic problem = only_problem(R"(model: llama3-70b
cluster:
  gpu: h100-sxm
  gpus: 32
parallelism:
  tp: 8
  pp: 4
  schedule: interleaved
  global_batch: 64
)");
  EXPECT_EQ(problem.field, "parallelism.schedule");
  EXPECT_EQ(problem.problem, "interleaved needs vpp > 1 chunks per stage");
}

}  // namespace
}  // namespace gigasim
