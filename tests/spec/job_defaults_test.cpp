// A job file fills every field it leaves out with INTERFACE.md §1's default: tp, pp, vpp, cp, ep
// = 1; dp derived; sp = (tp > 1); zero 1; recompute selective; micro_batch 1; bf16 (fp16 on GPUs
// without it); node and fabric from the catalog; seq_len from the model.

#include <gtest/gtest.h>

#include "spec_test_support.hpp"

namespace gigasim {
namespace {

using testing::parse_ok;

TEST(JobDefaults, MinimalJobGetsEveryDefault) {
  const Job job = parse_ok(R"(model: llama3-70b
cluster:
  gpu: h100-sxm
  gpus: 64
parallelism:
  global_batch: 128
)");
  const Parallelism& p = job.parallelism;
  EXPECT_EQ(p.tp, 1);
  EXPECT_EQ(p.pp, 1);
  EXPECT_EQ(p.vpp, 1);
  EXPECT_EQ(p.cp, 1);
  EXPECT_EQ(p.ep, 1);
  EXPECT_EQ(p.dp, 64);  // 64 GPUs / (tp·pp·cp = 1)
  EXPECT_FALSE(p.sp);   // tp = 1
  EXPECT_EQ(p.zero, 1);
  EXPECT_EQ(p.recompute, Recompute::selective);
  EXPECT_TRUE(p.flash_attention);
  EXPECT_EQ(p.micro_batch, 1);
  EXPECT_EQ(p.global_batch, 128);
  EXPECT_EQ(p.micro_batches_per_step(), 2);  // 128 / (64 · 1)
  EXPECT_EQ(p.seq_len, 8192);                // Llama 3's pre-training length, from the catalog
  EXPECT_EQ(p.precision, Precision::bf16);
  EXPECT_EQ(p.stage_layers, std::vector<int>{80});  // one stage holds all 80 layers
  EXPECT_EQ(job.cluster.gpus, 64);
  EXPECT_EQ(job.cluster.gpu.name, "h100-sxm");
  EXPECT_EQ(job.cluster.node.name, "hgx-h100");           // h100-sxm's default node
  EXPECT_EQ(job.cluster.fabric.name, "ib-ndr-fat-tree");  // hgx-h100's default fabric
  EXPECT_EQ(job.model.name, "llama3-70b");
  EXPECT_FALSE(job.training.tokens);
}

TEST(JobDefaults, SequenceParallelIsOnWithTensorParallel) {
  const Job job = parse_ok(R"(model: llama3-70b
cluster: { gpu: h100-sxm, gpus: 64 }
parallelism: { tp: 8, global_batch: 64 }
)");
  EXPECT_TRUE(job.parallelism.sp);
  EXPECT_EQ(job.parallelism.dp, 8);  // 64 / 8
}

TEST(JobDefaults, SequenceParallelCanBeTurnedOff) {
  const Job job = parse_ok(R"(model: llama3-70b
cluster: { gpu: h100-sxm, gpus: 64 }
parallelism: { tp: 8, sp: false, global_batch: 64 }
)");
  EXPECT_FALSE(job.parallelism.sp);
}

TEST(JobDefaults, DataParallelIsDerivedFromTheOtherFactors) {
  // 16384 GPUs / (tp 8 · pp 16 · cp 2) = 64.
  const Job job = parse_ok(R"(model: llama3-405b
cluster: { gpu: h100-sxm, gpus: 16384 }
parallelism: { tp: 8, pp: 16, cp: 2, dp: auto, global_batch: 2048 }
)");
  EXPECT_EQ(job.parallelism.dp, 64);
  EXPECT_EQ(job.parallelism.micro_batches_per_step(), 32);  // 2048 / 64
}

TEST(JobDefaults, ExplicitDataParallelIsKept) {
  const Job job = parse_ok(R"(model: llama3-70b
cluster: { gpu: h100-sxm, gpus: 64 }
parallelism: { tp: 8, dp: 8, global_batch: 64 }
)");
  EXPECT_EQ(job.parallelism.dp, 8);
}

TEST(JobDefaults, GpusWithoutBf16TrainInFp16) {
  // V100 (Volta) has fp16 tensor cores only; its default node and fabric are the DGX-1's.
  const Job job = parse_ok(R"(model: megatron-gpt-1.7b
cluster: { gpu: v100, gpus: 8 }
parallelism: { global_batch: 8 }
)");
  EXPECT_EQ(job.parallelism.precision, Precision::fp16);
  EXPECT_EQ(job.cluster.node.name, "dgx-1-v100");
  EXPECT_EQ(job.cluster.fabric.name, "ib-edr-fat-tree");
  EXPECT_EQ(job.parallelism.seq_len, 2048);
}

TEST(JobDefaults, NodeAndFabricFollowTheGpu) {
  const Job mi300x = parse_ok(R"(model: llama3-8b
cluster: { gpu: mi300x, gpus: 8 }
parallelism: { global_batch: 8 }
)");
  EXPECT_EQ(mi300x.cluster.node.name, "mi300x-oam");
  EXPECT_EQ(mi300x.cluster.fabric.name, "roce-400g-rail");
  const Job gb200 = parse_ok(R"(model: llama3-8b
cluster: { gpu: gb200, gpus: 72 }
parallelism: { global_batch: 72 }
)");
  EXPECT_EQ(gb200.cluster.node.name, "gb200-nvl72");
  EXPECT_EQ(gb200.cluster.node.gpus_per_node, 4);
}

TEST(JobDefaults, FabricFollowsAnExplicitNode) {
  // hgx-h800 names ib-ndr-fat-tree; a fabric given explicitly wins.
  const Job job = parse_ok(R"(model: llama3-8b
cluster: { gpu: h800, gpus: 8, node: hgx-h800 }
parallelism: { global_batch: 8 }
)");
  EXPECT_EQ(job.cluster.fabric.name, "ib-ndr-fat-tree");
  const Job rail = parse_ok(R"(model: llama3-8b
cluster: { gpu: h800, gpus: 8, fabric: spectrum-x-rail }
parallelism: { global_batch: 8 }
)");
  EXPECT_EQ(rail.cluster.node.name, "hgx-h800");
  EXPECT_EQ(rail.cluster.fabric.name, "spectrum-x-rail");
}

TEST(JobDefaults, TheGpusDefaultNodeHoldsThatGpu) {
  // dgx-a100 is catalogued with the 80 GB A100 and is also the 40 GB part's default node: a job
  // naming only the GPU must not be told its node holds another one.
  const Job job = parse_ok(R"(model: megatron-gpt-1.7b
cluster: { gpu: a100-40gb, gpus: 8 }
parallelism: { global_batch: 8 }
)");
  EXPECT_EQ(job.cluster.node.name, "dgx-a100");
  EXPECT_EQ(job.cluster.node.gpu, "a100-40gb");
  EXPECT_EQ(job.cluster.gpu.hbm_capacity.value(), 42'949'672'960.0);  // 40960 MiB = 40 · 2^30
}

TEST(JobDefaults, SequenceLengthCanBeOverridden) {
  const Job job = parse_ok(R"(model: llama3-8b
cluster: { gpu: h100-sxm, gpus: 8 }
parallelism: { global_batch: 8, seq_len: 4096 }
)");
  EXPECT_EQ(job.parallelism.seq_len, 4096);
}

TEST(JobDefaults, GlobalBatchInTokens) {
  // 16,777,216 tokens (16M) of 8,192 = 2,048 sequences (Llama 3 405B's batch).
  const Job job = parse_ok(R"(model: llama3-405b
cluster: { gpu: h100-sxm, gpus: 16384 }
parallelism: { tp: 8, pp: 16, global_batch_tokens: 16777216 }
)");
  EXPECT_EQ(job.parallelism.global_batch, 2048);
  // With 4,096-token sequences the same tokens are 4,096 sequences.
  const Job shorter = parse_ok(R"(model: llama3-405b
cluster: { gpu: h100-sxm, gpus: 16384 }
parallelism: { tp: 8, pp: 16, seq_len: 4096, global_batch_tokens: 16777216 }
)");
  EXPECT_EQ(shorter.parallelism.global_batch, 4096);
}

TEST(JobDefaults, EveryFieldWrittenOut) {
  const Job job = parse_ok(R"(model: mixtral-8x7b
cluster:
  gpu: h100-sxm
  gpus: 256
  node: hgx-h100
  fabric: spectrum-x-rail
parallelism:
  tp: 2
  sp: true
  pp: 4
  vpp: 2
  cp: 2
  ep: 8
  dp: 16
  zero: 2
  recompute: full
  flash_attention: false
  micro_batch: 2
  global_batch: 512
  seq_len: 4096
  precision: fp8
training:
  tokens: 1.5e12
)");
  const Parallelism& p = job.parallelism;
  EXPECT_EQ(p.tp, 2);
  EXPECT_TRUE(p.sp);
  EXPECT_EQ(p.pp, 4);
  EXPECT_EQ(p.vpp, 2);
  EXPECT_EQ(p.cp, 2);
  EXPECT_EQ(p.ep, 8);
  EXPECT_EQ(p.dp, 16);  // 2·4·2·16 = 256
  EXPECT_EQ(p.zero, 2);
  EXPECT_EQ(p.recompute, Recompute::full);
  EXPECT_FALSE(p.flash_attention);
  EXPECT_EQ(p.micro_batch, 2);
  EXPECT_EQ(p.global_batch, 512);
  EXPECT_EQ(p.micro_batches_per_step(), 16);  // 512 / (16 · 2)
  EXPECT_EQ(p.seq_len, 4096);
  EXPECT_EQ(p.precision, Precision::fp8);
  // 32 layers in 4·2 = 8 chunks of 4; each stage holds 2 chunks = 8 layers.
  EXPECT_EQ(p.stage_layers, (std::vector<int>{8, 8, 8, 8}));
  ASSERT_TRUE(job.training.tokens);
  EXPECT_EQ(*job.training.tokens, 1.5e12);
  EXPECT_EQ(job.cluster.fabric.name, "spectrum-x-rail");
}

TEST(JobDefaults, RecomputeChoices) {
  for (const auto& [text, expected] : std::vector<std::pair<std::string, Recompute>>{
           {"none", Recompute::none}, {"selective", Recompute::selective}, {"full", Recompute::full}}) {
    const Job job = parse_ok(
        "model: llama3-8b\ncluster: { gpu: h100-sxm, gpus: 8 }\n"
        "parallelism: { global_batch: 8, recompute: " +
        text + " }\n");
    EXPECT_EQ(job.parallelism.recompute, expected) << text;
    EXPECT_EQ(to_string(job.parallelism.recompute), text);
  }
}

TEST(JobDefaults, PrecisionNamesRoundTrip) {
  for (const Precision precision : {Precision::fp16, Precision::bf16, Precision::fp8})
    EXPECT_EQ(precision_from_string(to_string(precision)), precision);
  EXPECT_FALSE(precision_from_string("fp4"));
  EXPECT_FALSE(precision_from_string("BF16"));
}

}  // namespace
}  // namespace gigasim
