// Bytes each GPU moves per micro-batch, by group, worked out by hand from the layer shapes.
#include "workload/communication.hpp"

#include <gtest/gtest.h>

#include "spec/job.hpp"

namespace gigasim {
namespace {

ModelSpec dense_model() {
  ModelSpec model;  // Llama 3 405B's shape
  model.layers = 126;
  model.hidden = 16384;
  model.heads = 128;
  model.kv_heads = 8;
  model.head_dim = 128;
  model.ffn = 53248;
  model.vocab = 128256;
  model.seq_len = 8192;
  model.activation = Activation::swiglu;
  return model;
}

Parallelism layout(int tp, bool sp, int cp, int ep) {
  Parallelism p;
  p.tp = tp;
  p.sp = sp;
  p.cp = cp;
  p.ep = ep;
  p.micro_batch = 1;
  p.seq_len = 8192;
  return p;
}

TEST(LayerCommunication, SequenceParallelGathersAndScattersTwiceEachWay) {
  // One micro-batch of 8,192 tokens × 16,384 × 2 B = 268,435,456 B of hidden state: an all-gather
  // before QKV and before the MLP, a reduce-scatter after each, in forward and again in backward
  // (PyTorch's DTensor keeps the gathered inputs for the weight gradients).
  const CommList ops = layer_communication(dense_model(), layout(8, true, 1, 1), Framework::torchtitan, 0);
  ASSERT_EQ(ops.size(), 2U);
  for (const CommOp& op : ops) {
    EXPECT_EQ(op.group, CommGroup::tp);
    EXPECT_DOUBLE_EQ(op.bytes.value(), 268435456.0);
    EXPECT_DOUBLE_EQ(op.forward, 2.0);
    EXPECT_DOUBLE_EQ(op.backward, 2.0);
  }
  EXPECT_EQ(ops.begin()[0].kind, CommKind::all_gather);
  EXPECT_EQ(ops.begin()[1].kind, CommKind::reduce_scatter);
}

TEST(LayerCommunication, MegatronSequenceParallelGathersTheInputsAgainInBackward) {
  // Megatron-LM saves each column-parallel linear's input shard only, and gathers it again in
  // backward for the weight gradient: 2 gathers forward, 2 + 2 backward; the reduce-scatters stay
  // 2 each way.
  const CommList ops = layer_communication(dense_model(), layout(8, true, 1, 1), Framework::megatron, 0);
  ASSERT_EQ(ops.size(), 2U);
  EXPECT_EQ(ops.begin()[0].kind, CommKind::all_gather);
  EXPECT_DOUBLE_EQ(ops.begin()[0].forward, 2.0);
  EXPECT_DOUBLE_EQ(ops.begin()[0].backward, 4.0);
  EXPECT_DOUBLE_EQ(ops.begin()[1].backward, 2.0);
}

TEST(LayerCommunication, TensorParallelWithoutSpAllReduces) {
  const CommList ops = layer_communication(dense_model(), layout(8, false, 1, 1), Framework::megatron, 0);
  ASSERT_EQ(ops.size(), 1U);
  EXPECT_EQ(ops.begin()->kind, CommKind::all_reduce);
  EXPECT_DOUBLE_EQ(ops.begin()->bytes.value(), 268435456.0);
}

TEST(LayerCommunication, NoParallelismMovesNothing) {
  EXPECT_EQ(layer_communication(dense_model(), layout(1, false, 1, 1), Framework::megatron, 0).size(), 0U);
}

TEST(LayerCommunication, ContextParallelRingPassesKeysAndValues) {
  // cp 2 with tp 8: 4,096 local tokens; 8 KV heads / 8 = 1 head of 128. K and V: 2 · 4,096 · 128 =
  // 1,048,576 values = 2,097,152 B per ring step; 1 step forward (cp − 1), 2 backward (K, V and their
  // gradients).
  const CommList ops = layer_communication(dense_model(), layout(8, true, 2, 1), Framework::megatron, 0);
  const CommOp* ring = nullptr;
  for (const CommOp& op : ops)
    if (op.group == CommGroup::cp) ring = &op;
  ASSERT_NE(ring, nullptr);
  EXPECT_EQ(ring->kind, CommKind::send_recv);
  EXPECT_DOUBLE_EQ(ring->bytes.value(), 2097152.0);
  EXPECT_DOUBLE_EQ(ring->forward, 1.0);
  EXPECT_DOUBLE_EQ(ring->backward, 2.0);
}

TEST(LayerCommunication, ExpertAllToAllDispatchesTopKCopies) {
  // Mixtral-like: hidden 4,096, top-2; tp 2 with SP and 4,096-token micro-batches: each TP rank
  // dispatches its 2,048 tokens twice (top-2): 4,096 × 4,096 × 2 B = 33,554,432 B, an all-to-all to
  // dispatch and one to combine each way.
  ModelSpec model;
  model.layers = 32;
  model.hidden = 4096;
  model.heads = 32;
  model.kv_heads = 8;
  model.head_dim = 128;
  model.ffn = 14336;
  model.vocab = 32000;
  model.seq_len = 4096;
  model.moe = MoeSpec{.experts = 8, .top_k = 2, .expert_ffn = 14336};
  Parallelism p = layout(2, true, 1, 8);
  p.seq_len = 4096;
  const CommList ops = layer_communication(model, p, Framework::megatron, 0);
  const CommOp* a2a = nullptr;
  for (const CommOp& op : ops)
    if (op.group == CommGroup::ep) a2a = &op;
  ASSERT_NE(a2a, nullptr);
  EXPECT_EQ(a2a->kind, CommKind::all_to_all);
  EXPECT_DOUBLE_EQ(a2a->bytes.value(), 33554432.0);
  EXPECT_DOUBLE_EQ(a2a->forward, 2.0);
  EXPECT_DOUBLE_EQ(a2a->backward, 2.0);
}

TEST(PipelineMessage, StageOutputIsSequenceSharded) {
  // 8,192 × 16,384 × 2 B / tp 8 = 33,554,432 B per micro-batch between stages.
  EXPECT_DOUBLE_EQ(pipeline_message_bytes(dense_model(), layout(8, true, 1, 1)).value(), 33554432.0);
}

}  // namespace
}  // namespace gigasim
