#include "perf/compiled_step.hpp"

#include <algorithm>
#include <vector>

#include "cluster/collective.hpp"
#include "cluster/placement.hpp"
#include "perf/compute_time.hpp"
#include "perf/stage_cost.hpp"
#include "workload/communication.hpp"
#include "workload/step_flops.hpp"

namespace gigasim {
namespace {

struct DataParallelCost {
  Seconds gradient_sync;
  Seconds param_gather;
  double buckets = 1;
  Seconds optimizer;
};

DataParallelCost data_parallel_cost(const Job& job, const Placement& placement, const Topology& topology, int stage,
                                    int first_layer) {
  const auto& p = job.parallelism;
  const DataParallelTraffic traffic = data_parallel_traffic(job, stage, first_layer);
  const int stage_layers = p.stage_layers[static_cast<std::size_t>(stage)];
  DataParallelCost cost;
  const auto sync = [&](Bytes grads, Bytes weights, const GroupPlacement& group) {
    if (group.size <= 1 || grads.value() <= 0) return;
    if (p.zero == 0) {
      cost.gradient_sync += collective_cost(Collective::all_reduce, grads, group, topology).time;
      return;
    }
    // Distributed optimizer / FSDP: reduce-scatter the gradients, all-gather the updated weights.
    // ZeRO-3 does both every micro-batch, one transformer layer at a time (FSDP wraps each block;
    // PyTorch FSDP, torchtitan's fully_shard per layer, Megatron-FSDP), so each layer's collective
    // pays the ring's latency on its own.
    const double passes = p.zero == 3 ? p.micro_batches_per_step() : 1.0;
    const double units = p.zero == 3 ? std::max(1, stage_layers) : 1.0;
    cost.gradient_sync +=
        collective_cost(Collective::reduce_scatter, grads / units, group, topology).time * (passes * units);
    const double gathers = p.zero == 3 ? 2.0 * passes : 1.0;  // FSDP gathers for forward and again for backward
    cost.param_gather +=
        collective_cost(Collective::all_gather, weights / units, group, topology).time * (gathers * units);
  };
  sync(traffic.dense_gradients, traffic.dense_weights, placement.dp);
  sync(traffic.expert_gradients, traffic.expert_weights, placement.expert_dp);
  cost.buckets = traffic.buckets;
  cost.optimizer = traffic.optimizer;
  return cost;
}

StageCost mean_of(const StageCost& a, const StageCost& b) {
  StageCost mean = a;
  mean.compute.forward = (a.compute.forward + b.compute.forward) * 0.5;
  mean.compute.backward = (a.compute.backward + b.compute.backward) * 0.5;
  mean.compute.recompute = (a.compute.recompute + b.compute.recompute) * 0.5;
  mean.compute.host_bound = (a.compute.host_bound + b.compute.host_bound) * 0.5;
  mean.tp = (a.tp + b.tp) * 0.5;
  mean.cp = (a.cp + b.cp) * 0.5;
  mean.ep = (a.ep + b.ep) * 0.5;
  mean.attention = (a.attention + b.attention) * 0.5;
  mean.linear_gemms = (a.linear_gemms + b.linear_gemms) * 0.5;
  return mean;
}

}  // namespace

CompiledStep compile_step(const Job& job) {
  return compile_step(job, build_topology(job.cluster));
}

CompiledStep compile_step(const Job& job, const Topology& topology) {
  const auto& p = job.parallelism;
  const Placement placement = place_groups(p, topology);
  const AnalyticalPricer pricer(topology);
  CompiledStep step;

  LayerTimeCache layers_of_kind(job);
  const bool dualpipe = p.schedule_or_default() == PipelineSchedule::dualpipe;
  StageCost slowest;
  int slowest_stage = 0;
  int slowest_first_layer = 0;
  int first_layer = 0;
  std::vector<StageCost> stages;
  std::vector<int> first_layers;
  for (int stage = 0; stage < p.pp; ++stage) {
    const StageCost cost = stage_cost(job, placement, pricer, stage, first_layer, layers_of_kind);
    if (dualpipe) {
      stages.push_back(cost);
      first_layers.push_back(first_layer);
    } else if (stage == 0 || cost.per_micro_batch() > slowest.per_micro_batch()) {
      slowest = cost;
      slowest_stage = stage;
      slowest_first_layer = first_layer;
    }
    first_layer += p.stage_layers[static_cast<std::size_t>(stage)];
  }
  // DualPipe feeds micro-batches from both ends: rank r holds stage r and its mirror pp − 1 − r and
  // runs half the micro-batches through each (DeepSeek-V3 report §3.2.1), so a rank's time per
  // micro-batch is the mean of the two; the first stage's embedding pairs with the last's head.
  int mirror_stage = -1;
  for (int rank = 0; dualpipe && rank < p.pp / 2; ++rank) {
    const int mirror = p.pp - 1 - rank;
    const StageCost cost = mean_of(stages[static_cast<std::size_t>(rank)], stages[static_cast<std::size_t>(mirror)]);
    if (rank == 0 || cost.per_micro_batch() > slowest.per_micro_batch()) {
      slowest = cost;
      slowest_stage = rank;
      slowest_first_layer = first_layers[static_cast<std::size_t>(rank)];
      mirror_stage = mirror;
    }
  }
  step.forward = slowest.compute.forward;
  step.backward = slowest.compute.backward;
  step.recompute = slowest.compute.recompute;
  step.host_bound = slowest.compute.host_bound;
  step.tp_exposed = slowest.tp_exposed();
  step.cp_exposed = slowest.cp_exposed();
  step.ep_exposed = slowest.ep_exposed();
  if (p.pp > 1)
    step.p2p =
        collective_cost(Collective::send_recv, pipeline_message_bytes(job.model, p), placement.pp, topology).time;

  DataParallelCost dp = data_parallel_cost(job, placement, topology, slowest_stage, slowest_first_layer);
  if (mirror_stage >= 0) {
    // The rank also reduces the gradients and updates the weights of its mirror stage.
    const DataParallelCost mirror = data_parallel_cost(job, placement, topology, mirror_stage,
                                                       first_layers[static_cast<std::size_t>(mirror_stage)]);
    dp.gradient_sync += mirror.gradient_sync;
    dp.param_gather += mirror.param_gather;
    dp.buckets += mirror.buckets;
    dp.optimizer += mirror.optimizer;
  }
  step.dp_gradient_sync = dp.gradient_sync;
  step.dp_param_gather = dp.param_gather;
  step.dp_buckets = dp.buckets;
  step.optimizer = dp.optimizer;
  step.zero3 = p.zero == 3;
  step.dp_overlap = p.dp_overlap;

  step.micro_batches = p.micro_batches_per_step();
  step.pp = p.pp;
  step.vpp = p.vpp;
  step.dualpipe = p.schedule_or_default() == PipelineSchedule::dualpipe;
  step.gpus = job.cluster.gpus;
  step.tokens_per_step = double(p.global_batch) * p.seq_len;
  const StepFlops flops = step_flops(job);
  step.model_flops = flops.model;
  step.hardware_flops = flops.hardware;
  step.model_flops_causal = flops.model_causal;
  step.peak = *job.cluster.gpu.peak(p.precision);
  step.memory = memory_per_gpu(job);
  step.training_tokens = tokens_to_train(job, flops);
  return step;
}

StepEstimate evaluate(const CompiledStep& step) {
  StepBreakdown parts;
  const double m = step.micro_batches;
  const Seconds zero(0.0);
  parts.compute = (step.forward + step.backward + step.recompute) * m;
  parts.tp_comm = step.tp_exposed * m;
  parts.cp_comm = step.cp_exposed * m;
  parts.ep_comm = step.ep_exposed * m;
  // 1F1B: the slowest stage's micro-batch time, (p − 1)/v more times while the pipeline fills and
  // drains (Narayanan et al. 2021 §2.2); messages between stages sit on that critical path once per
  // hop each way.
  const Seconds per_micro_batch =
      step.forward + step.backward + step.recompute + step.tp_exposed + step.cp_exposed + step.ep_exposed;
  parts.pp_bubble = per_micro_batch * ((step.pp - 1.0) / step.vpp);
  parts.pp_comm = step.pp > 1 ? step.p2p * (2.0 * (step.pp * step.vpp - 1.0)) : zero;
  if (step.dualpipe) {
    // DualPipe (DeepSeek-V3 report §3.2.1, Table 2): (pp/2 − 1)(F&B + B − 3W) with F&B the paired
    // forward and backward chunks (F + B of compute, their communication hidden) and W, the weight-
    // gradient half of B: (pp/2 − 1)(F + B/2). Pipeline sends hide behind the paired chunk too.
    const Seconds backward = step.backward + step.recompute;
    const Seconds exposed = step.tp_exposed + step.cp_exposed + step.ep_exposed;
    parts.pp_bubble = (step.forward + backward * 0.5 + exposed) * (step.pp / 2.0 - 1.0);
    parts.pp_comm = zero;
  }
  // Gradients reduce bucket by bucket during the last micro-batch's backward; only what outlasts it,
  // and at least the last bucket, is exposed. Updated weights gather under the next step's first
  // forward the same way (Megatron-Core overlap_grad_reduce / overlap_param_gather). ZeRO-3 gathers
  // and reduces every micro-batch, hidden behind that micro-batch's compute where it fits.
  if (!step.dp_overlap) {
    // Reduced after the last backward and gathered before the first forward: all of it exposed.
    parts.dp_comm = step.dp_gradient_sync + step.dp_param_gather;
  } else if (step.zero3) {
    const Seconds gather = step.dp_param_gather / m;
    const Seconds reduce = step.dp_gradient_sync / m;
    const Seconds per_pass =
        overlap_cost(gather / 2.0, step.forward) + overlap_cost(gather / 2.0 + reduce, step.backward + step.recompute);
    parts.dp_comm = per_pass * m;
  } else {
    const Seconds window = step.backward + step.recompute;
    const Seconds gradients =
        std::max(step.dp_gradient_sync / step.dp_buckets, overlap_cost(step.dp_gradient_sync, window));
    const Seconds weights =
        std::max(step.dp_param_gather / step.dp_buckets, overlap_cost(step.dp_param_gather, step.forward));
    parts.dp_comm = gradients + weights;
  }
  parts.optimizer = step.optimizer;
  return estimate_from_breakdown(step, parts);
}

StepEstimate estimate_from_breakdown(const CompiledStep& step, const StepBreakdown& parts) {
  StepEstimate estimate;
  estimate.memory = step.memory;
  estimate.breakdown = parts;
  estimate.compute_host_bound = step.host_bound * step.micro_batches;
  estimate.step_time = parts.total();

  estimate.model_flops_per_step = step.model_flops;
  estimate.hardware_flops_per_step = step.hardware_flops;
  estimate.model_flops_per_gpu = step.model_flops / estimate.step_time / step.gpus;
  estimate.hardware_flops_per_gpu = step.hardware_flops / estimate.step_time / step.gpus;
  estimate.model_flops_per_gpu_causal = step.model_flops_causal / estimate.step_time / step.gpus;
  estimate.mfu = estimate.model_flops_per_gpu / step.peak;
  estimate.hfu = estimate.hardware_flops_per_gpu / step.peak;
  estimate.tokens_per_s = step.tokens_per_step / estimate.step_time.value();
  if (step.training_tokens)
    estimate.time_to_train_days = *step.training_tokens / estimate.tokens_per_s / kSecondsPerDay;
  return estimate;
}

}  // namespace gigasim
