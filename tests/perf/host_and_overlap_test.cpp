// The host's launches, CUDA graphs, the busiest expert rank, node-limited routing, and the overlap
// of expert and tensor-parallel communication (DualPipe, Megatron's all-to-all overlap, Transformer
// Engine's userbuffers): each worked by hand on small jobs.
#include <cmath>

#include <gtest/gtest.h>

#include "../workload/test_jobs.hpp"
#include "cluster/placement.hpp"
#include "perf/compiled_step.hpp"
#include "perf/compute_time.hpp"
#include "perf/stage_cost.hpp"
#include "workload/layer_ops.hpp"
#include "workload/parameter_count.hpp"

namespace gigasim {
namespace {

// One dense GPT layer (8 heads of 128, GeLU MLP, RoPE) on a GPU so fast that every kernel takes
// nothing: what is left is the host's time, 1 s per framework operation.
Job host_bound_job() {
  Job job;
  auto& model = job.model;
  model.layers = 1;
  model.hidden = 1024;
  model.heads = 8;
  model.kv_heads = 8;
  model.head_dim = 128;
  model.ffn = 4096;
  model.vocab = 1024;
  model.seq_len = 1024;
  auto& gpu = job.cluster.gpu;
  gpu.dense_peak.bf16 = tflops(1e9);
  gpu.attention_efficiency_fused = 1.0;
  gpu.hbm_bandwidth = BytesPerSecond(1e30);
  job.cluster.node.host_op_time = Seconds(1.0);
  job.cluster.gpus = 1;
  auto& p = job.parallelism;
  p.seq_len = 1024;
  p.global_batch = 1;
  p.recompute = Recompute::none;
  p.stage_layers = {1};
  return job;
}

TEST(HostBound, ALayerOfShortKernelsTakesTheHostsTimeToLaunchThem) {
  // Forward operations: norm, QKV, RoPE, fused attention (one), projection, residual, norm, MLP up,
  // GeLU, MLP down, residual = 11, at 1 s each. Backward: each GEMM's two gradients (QKV, projection,
  // up, down: 8), the attention backward's three kernels, and one per elementwise op (norm, RoPE,
  // residual, norm, GeLU, residual: 6) = 17. The embedding (1 forward, 1 backward) and the output
  // layer (norm, logits GEMM, loss: 3 forward, 1 + 2 + 1 = 4 backward) run on this one stage too.
  const StageTime time = stage_time(host_bound_job(), 0, 0, 1);
  EXPECT_NEAR(time.forward.value(), 11.0 + 1.0 + 3.0, 1e-6);
  EXPECT_NEAR(time.backward.value(), 17.0 + 1.0 + 4.0, 1e-6);
  EXPECT_NEAR(time.host_bound.value(), time.total().value(), 1e-6);  // all of it is waiting on the host
}

TEST(HostBound, CudaGraphsTakeTheirScopeOffTheHost) {
  // The attention scope holds the attention block (norm, QKV, RoPE, attention, projection, residual:
  // 6 of the layer's 11 forward operations); a full graph holds everything.
  Job job = host_bound_job();
  job.training.cuda_graphs = CudaGraphs::attention;
  EXPECT_NEAR(stage_time(job, 0, 0, 1).forward.value(), 11.0 - 6.0 + 1.0 + 3.0, 1e-6);
  job.training.cuda_graphs = CudaGraphs::full;
  EXPECT_NEAR(stage_time(job, 0, 0, 1).total().value(), 0.0, 1e-6);
}

TEST(ExpertLoad, TheBusiestRankSetsTheExpertsPace) {
  // Under a 1 s kernel floor, 4 local experts give expert GEMMs of 4 s each (one kernel per expert);
  // with the busiest rank at +13% they take 4.52 s: the layer's forward grows by 2 · 0.52 s plus the
  // expert activation's 0.13 s.
  Job job = host_bound_job();
  job.cluster.node.host_op_time = Seconds(0.0);
  job.cluster.gpu.min_kernel_time = Seconds(1.0);
  job.model.moe = MoeSpec{16, 2, 512, 0, 1, 0};
  job.cluster.gpus = 4;
  job.parallelism.ep = 4;
  job.training.moe_load_imbalance = 0.0;
  const double even = stage_time(job, 0, 0, 1).forward.value();
  job.training.moe_load_imbalance = 0.13;
  EXPECT_NEAR(stage_time(job, 0, 0, 1).forward.value() - even, 2.0 * 4.0 * 0.13 + 0.13, 1e-9);
}

TEST(NodeLimitedRouting, ATokenCrossesOncePerRemoteNode) {
  // DeepSeek-V3 on 64 ranks of 8 per node (8 nodes), top 8 experts on at most 4 nodes. Distinct nodes
  // hit: 4 · (1 − (3/4)^8) = 3.5995; remote: 7/8 of them = 3.1496, against 8 · 7/8 = 7 copies per
  // expert without the limit: 0.44995 of the inter-node bytes remain.
  MoeSpec moe{256, 8, 2048, 1, 1, 3};
  moe.max_nodes_per_token = 4;
  GroupPlacement ep;
  ep.size = 64;
  ep.members_per_node = 8;
  const double distinct = 4.0 * (1.0 - std::pow(0.75, 8));
  EXPECT_NEAR(node_limited_share(moe, ep), distinct * (7.0 / 8.0) / 7.0, 1e-12);
  moe.max_nodes_per_token = 0;
  EXPECT_EQ(node_limited_share(moe, ep), 1.0);
  ep.size = 8;  // inside one node nothing crosses
  moe.max_nodes_per_token = 4;
  EXPECT_EQ(node_limited_share(moe, ep), 1.0);
}

TEST(Overlap, DualPipeShrinksTheBubbleAndHidesTheAllToAll) {
  // One micro-batch: forward 1 s, backward 2 s, expert all-to-all 1 s exposed before overlap; pp 4,
  // 8 micro-batches. 1F1B: compute 8 · 3 = 24 s, all-to-all 8 s, bubble 3 · (3 + 1) = 12 s.
  CompiledStep step;
  step.forward = Seconds(1.0);
  step.backward = Seconds(2.0);
  step.ep_exposed = Seconds(1.0);
  step.micro_batches = 8;
  step.pp = 4;
  step.gpus = 4;
  step.peak = tflops(1.0);
  const StepEstimate one_f_one_b = evaluate(step);
  EXPECT_NEAR(one_f_one_b.breakdown.pp_bubble.value(), 12.0, 1e-12);
  // DualPipe: (pp/2 − 1)(F + B/2 + exposed) = 1 · (1 + 1 + the all-to-all left exposed). Behind the
  // other chunk's 3 s of compute the all-to-all costs only the 18.9% it slows that compute by.
  StageCost cost;
  cost.compute.forward = Seconds(1.0);
  cost.compute.backward = Seconds(2.0);
  cost.ep = Seconds(1.0);
  cost.ep_overlap = true;
  EXPECT_NEAR(cost.ep_exposed().value(), kOverlapComputeSlowdown, 1e-12);
  step.ep_exposed = cost.ep_exposed();
  step.dualpipe = true;
  EXPECT_NEAR(evaluate(step).breakdown.pp_bubble.value(), 1.0 + 1.0 + kOverlapComputeSlowdown, 1e-12);
  EXPECT_NEAR(evaluate(step).breakdown.pp_comm.value(), 0.0, 1e-12);
}

TEST(Overlap, ADualPipeRankHoldsAStageAndItsMirror) {
  // Four stages of one layer each: stage 0 also embeds, stage 3 also scores the vocabulary. DualPipe
  // puts stages 0 and 3 on one rank and 1 and 2 on another, each running half the micro-batches
  // through each of its stages (DeepSeek-V3 report §3.2.1): the first rank's time per micro-batch is
  // the mean of stages 0 and 3, longer than the second rank's (one layer), and sets the pace.
  const auto job =
      test_jobs::parse(R"(model: { layers: 4, hidden: 1024, heads: 8, ffn: 4096, vocab: 32000, seq_len: 1024 }
cluster: { gpu: h100-sxm, gpus: 4 }
parallelism: { pp: 4, schedule: dualpipe, global_batch: 8 }
)");
  ASSERT_TRUE(job);
  const StageTime first = stage_time(*job, 0, 0, 1);
  const StageTime last = stage_time(*job, 3, 3, 1);
  const StageTime middle = stage_time(*job, 1, 1, 1);
  ASSERT_GT(first.total() + last.total(), middle.total() * 2.0);
  const CompiledStep step = compile_step(*job);
  EXPECT_NEAR(step.forward.value(), (first.forward + last.forward).value() / 2.0, 1e-15);
  EXPECT_NEAR(step.backward.value(), (first.backward + last.backward).value() / 2.0, 1e-15);
}

TEST(Overlap, TensorParallelOverlapLeavesTheFirstChunkExposed) {
  // 1 s of TP collectives beside 4 s of GEMMs, split in 4: the first 0.25 s shows, and the GEMMs slow
  // by 18.9% of the 1 s they run beside the rest.
  EXPECT_NEAR(tp_overlap_cost(Seconds(1.0), Seconds(4.0)).value(), 0.25 + kOverlapComputeSlowdown, 1e-12);
  // Collectives longer than the GEMMs show their excess.
  EXPECT_NEAR(tp_overlap_cost(Seconds(5.0), Seconds(1.0)).value(), 4.0 + kOverlapComputeSlowdown, 1e-12);
}

TEST(LatentAttention, DeepSeekV3sAttentionParameters) {
  // config.json: q_a 7168×1536 = 11,010,048; q_b 1536×128×192 = 37,748,736; kv_a 7168×576 =
  // 4,128,768; kv_b 512×128×256 = 16,777,216; o 128×128×7168 = 117,440,512: 187,105,280.
  ModelSpec model;
  model.hidden = 7168;
  model.heads = 128;
  model.kv_heads = 128;
  model.mla = MlaSpec{1536, 512, 128, 64, 128};
  model.head_dim = 192;
  model.layers = 1;
  EXPECT_DOUBLE_EQ(layer_parameters(model, 0).attention, 187105280.0);
  // Scores over q·k of 192 per head, values of 128: one token's share of QKᵀ against 4,096 keys is
  // 2 · 4,096 · 192 · 128 FLOPs.
  Parallelism layout;
  layout.seq_len = 4096;
  const OpList ops = layer_ops(model, layout, 0);
  for (const Op& op : ops) {
    if (op.kind == OpKind::attention_scores) {
      EXPECT_DOUBLE_EQ(op.gemm.k, 192.0);
    } else if (op.kind == OpKind::attention_values) {
      EXPECT_DOUBLE_EQ(op.gemm.n, 128.0);
    } else if (op.kind == OpKind::output_projection) {
      EXPECT_DOUBLE_EQ(op.gemm.k, 128.0 * 128.0);
    }
  }
}

}  // namespace
}  // namespace gigasim
