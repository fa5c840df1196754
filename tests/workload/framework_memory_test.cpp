// Where the training software changes memory (training.framework): FSDP2's fp32 master weights,
// the loss's working set, and what PyTorch pipelining keeps across a step. Numbers by hand.
#include <gtest/gtest.h>

#include "spec/job.hpp"
#include "workload/activation_memory.hpp"
#include "workload/memory.hpp"

namespace gigasim {
namespace {

ModelSpec small_model() {
  ModelSpec model;
  model.name = "small";
  model.layers = 4;
  model.hidden = 1024;
  model.heads = 8;
  model.kv_heads = 8;
  model.head_dim = 128;
  model.ffn = 4096;
  model.vocab = 32000;
  model.seq_len = 2048;
  model.activation = Activation::swiglu;
  return model;
}

Parallelism layout(int tp, int pp, int micro_batch, int global_batch) {
  Parallelism p;
  p.tp = tp;
  p.sp = tp > 1;
  p.pp = pp;
  p.dp = 1;
  p.micro_batch = micro_batch;
  p.global_batch = global_batch;
  p.seq_len = 2048;
  return p;
}

TEST(FrameworkMemory, Fsdp2KeepsFp32ShardsAsTheMaster) {
  // torchtitan ZeRO-3: 4 B fp32 weight + 4 B fp32 grad + 8 B Adam = 16 B per parameter, sharded;
  // Megatron-style ZeRO-3 under bf16: 2 + 4 + 12 = 18 B.
  const auto titan = state_bytes_for(Precision::bf16, Framework::torchtitan, 3);
  EXPECT_DOUBLE_EQ(titan.weights + titan.grads + titan.optimizer, 16.0);
  EXPECT_DOUBLE_EQ(titan.weights, 4.0);
  const auto megatron = state_bytes_for(Precision::bf16, Framework::megatron, 3);
  EXPECT_DOUBLE_EQ(megatron.weights + megatron.grads + megatron.optimizer, 18.0);
  // Under ZeRO-1 (FSDP2 inside a pipeline never reshards) both keep 16-bit weights whole.
  EXPECT_DOUBLE_EQ(state_bytes_for(Precision::bf16, Framework::torchtitan, 1).weights, 2.0);
  // fp16 keeps 16-bit gradients (ZeRO's own accounting: 2 + 2 + 12).
  EXPECT_DOUBLE_EQ(state_bytes_for(Precision::fp16, Framework::megatron, 1).grads, 2.0);
}

TEST(FrameworkMemory, LossWorkingSetPerLogit) {
  // 2,048 tokens × 32,000 logits = 65,536,000 logits per micro-batch without TP.
  const ModelSpec model = small_model();
  constexpr double kLogits = 2048.0 * 32000.0;
  EXPECT_DOUBLE_EQ(output_transient_bytes(model, layout(1, 1, 1, 1), Framework::megatron).value(), 2.0 * kLogits);
  EXPECT_DOUBLE_EQ(output_transient_bytes(model, layout(1, 1, 1, 1), Framework::torchtitan).value(), 8.0 * kLogits);
  // TP 2 splits the vocabulary: 16,000 logits per token; loss-parallel adds exp(logits): 12 B each.
  EXPECT_DOUBLE_EQ(output_transient_bytes(model, layout(2, 1, 1, 1), Framework::torchtitan).value(),
                   12.0 * kLogits / 2.0);
}

TEST(FrameworkMemory, OutputLayerInputUnderSequenceParallelism) {
  // TP 2 with SP, 2,048 tokens: the final-norm input is sharded (2·1024/2 B per token) either way;
  // the projection input is sharded under Megatron (1,024 B per token) and gathered under torchtitan
  // (2,048 B per token); fp32 logits 4 × 16,000 B per token.
  const ModelSpec model = small_model();
  const double tokens = 2048.0;
  EXPECT_DOUBLE_EQ(output_activation_bytes(model, layout(2, 1, 1, 1), Framework::megatron).value(),
                   tokens * (1024.0 + 1024.0 + 64000.0));
  EXPECT_DOUBLE_EQ(output_activation_bytes(model, layout(2, 1, 1, 1), Framework::torchtitan).value(),
                   tokens * (1024.0 + 2048.0 + 64000.0));
}

TEST(FrameworkMemory, PipeliningKeepsOutputsOfEveryMicroBatch) {
  // pp 4, 8 micro-batches of 1 × 2,048 tokens, no TP: each stage keeps 8 × 3 hidden-state buffers
  // (its outputs, receive buffers each way) of 2,048 × 1,024 × 2 B = 4 MiB → 96 MiB; the last stage
  // also keeps 7 other micro-batches' fp32 logits: 7 × 2,048 × 32,000 × 4 B.
  const ModelSpec model = small_model();
  const Parallelism p = layout(1, 4, 1, 8);
  const double hidden_buffers = 8.0 * 3.0 * 2048.0 * 1024.0 * 2.0;
  EXPECT_DOUBLE_EQ(pipeline_retained_bytes(model, p, Framework::torchtitan, false).value(), hidden_buffers);
  EXPECT_DOUBLE_EQ(pipeline_retained_bytes(model, p, Framework::torchtitan, true).value(),
                   hidden_buffers + 7.0 * 2048.0 * 32000.0 * 4.0);
  EXPECT_DOUBLE_EQ(pipeline_retained_bytes(model, p, Framework::megatron, true).value(), 0.0);
  EXPECT_DOUBLE_EQ(pipeline_retained_bytes(model, layout(1, 1, 1, 8), Framework::torchtitan, true).value(), 0.0);
}

}  // namespace
}  // namespace gigasim
