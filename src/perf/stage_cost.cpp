#include "perf/stage_cost.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "workload/communication.hpp"
#include "workload/memory.hpp"
#include "workload/optimizer_traffic.hpp"

namespace gigasim {
namespace {

// Megatron-Core's DDP groups gradients into buckets of 40M parameters and starts each bucket's
// reduce as soon as it is ready (DistributedDataParallelConfig.bucket_size default).
constexpr double kGradientBucketParameters = 40e6;
constexpr double k16Bit = 2.0;

Collective collective_of(CommKind kind) {
  switch (kind) {
    case CommKind::all_reduce: return Collective::all_reduce;
    case CommKind::reduce_scatter: return Collective::reduce_scatter;
    case CommKind::all_gather: return Collective::all_gather;
    case CommKind::all_to_all: return Collective::all_to_all;
    case CommKind::send_recv: return Collective::send_recv;
  }
  return Collective::send_recv;
}

const GroupPlacement& group_of(CommGroup group, const Placement& placement) {
  switch (group) {
    case CommGroup::tp: return placement.tp;
    case CommGroup::cp: return placement.cp;
    case CommGroup::ep: return placement.ep;
    case CommGroup::pp: return placement.pp;
  }
  return placement.tp;
}

// Communication of one layer per micro-batch, added to `cost` `count` times.
void add_layer_communication(const Job& job, const Placement& placement, const CollectivePricer& pricer, int layer,
                             double count, StageCost& cost) {
  const bool full_recompute = job.parallelism.recompute == Recompute::full;
  for (const CommOp& op : layer_communication(job.model, job.parallelism, job.training.framework, layer)) {
    const double times = op.forward + op.backward + (full_recompute && op.redone_by_full_recompute ? op.forward : 0.0);
    // The busiest expert-parallel rank receives (1 + imbalance) times the mean tokens, and every rank
    // waits for its dispatch and combine.
    double load = 1.0;
    if (op.group == CommGroup::ep)
      load = (1.0 + job.training.moe_load_imbalance) * node_limited_share(*job.model.moe, placement.ep);
    const Seconds one = pricer.time(collective_of(op.kind), op.bytes * load, group_of(op.group, placement));
    Seconds& bucket = op.group == CommGroup::tp ? cost.tp : op.group == CommGroup::cp ? cost.cp : cost.ep;
    bucket += one * (times * count);
  }
}

}  // namespace

// Experts lie uniformly over the group's nodes; the router keeps a token to min(M, nodes) of them.
// ASSUMPTION: its top_k experts fall uniformly on those nodes.
double node_limited_share(const MoeSpec& moe, const GroupPlacement& ep) {
  const double nodes = std::ceil(double(ep.size) / std::max(1, ep.members_per_node));
  if (moe.max_nodes_per_token <= 0 || nodes <= 1.0) return 1.0;
  const double chosen = std::min<double>(moe.max_nodes_per_token, nodes);
  const double distinct = chosen * (1.0 - std::pow(1.0 - 1.0 / chosen, moe.top_k));
  const double remote_once_per_node = distinct * (nodes - 1.0) / nodes;
  const double remote_per_expert = moe.top_k * (nodes - 1.0) / nodes;
  return std::min(1.0, remote_once_per_node / remote_per_expert);
}

Seconds overlap_cost(Seconds comm, Seconds window) {
  const Seconds both = std::min(comm, window);
  return std::max({Seconds(0.0), comm - window, both * kOverlapComputeSlowdown});
}

Seconds tp_overlap_cost(Seconds comm, Seconds gemms) {
  const Seconds both = std::min(comm, gemms);
  return std::max(comm - gemms, comm / kTpOverlapSplits) + both * kOverlapComputeSlowdown;
}

Seconds AnalyticalPricer::time(Collective kind, Bytes bytes, const GroupPlacement& group) const {
  return collective_cost(kind, bytes, group, topology_).time;
}

StageCost stage_cost(const Job& job, const Placement& placement, const CollectivePricer& pricer, int stage,
                     int first_layer) {
  LayerTimeCache cache(job);
  return stage_cost(job, placement, pricer, stage, first_layer, cache);
}

StageCost stage_cost(const Job& job, const Placement& placement, const CollectivePricer& pricer, int stage,
                     int first_layer, LayerTimeCache& layers_of_kind) {
  const int layers = job.parallelism.stage_layers[static_cast<std::size_t>(stage)];
  const auto& p = job.parallelism;
  StageCost cost;
  cost.compute = stage_time(job, stage, first_layer, layers, layers_of_kind);
  cost.tp_overlap = p.tp_overlap && p.tp > 1;
  cost.ep_overlap = p.ep_overlap || p.schedule_or_default() == PipelineSchedule::dualpipe;
  std::array<LayerGroup, 3> groups{};
  const auto stage_groups = job.model.layer_groups(first_layer, layers);
  std::copy(stage_groups.begin(), stage_groups.end(), groups.begin());
  // The last stage also runs the multi-token-prediction blocks, each like the model's last layer.
  if (stage == p.pp - 1) groups.back() = {job.model.layers - 1, job.model.mtp_layers};
  for (const LayerGroup group : groups) {
    if (group.count == 0) continue;
    add_layer_communication(job, placement, pricer, group.layer, group.count, cost);
    const LayerTimes& layer = layers_of_kind.of(group.layer);
    if (p.cp > 1) cost.attention += layer.core_attention * group.count;
    if (cost.tp_overlap) cost.linear_gemms += layer.linear_gemms * group.count;
  }
  return cost;
}

DataParallelTraffic data_parallel_traffic(const Job& job, int stage, int first_layer) {
  const auto& p = job.parallelism;
  const StageParameters params = stage_parameters(job, stage, first_layer);
  const double grad_bytes = state_bytes_for(p.precision, job.training.framework, p.zero).grads;
  DataParallelTraffic traffic;
  traffic.dense_gradients = Bytes(params.dense * grad_bytes);
  traffic.expert_gradients = Bytes(params.experts * grad_bytes);
  traffic.dense_weights = Bytes(params.dense * k16Bit);
  traffic.expert_weights = Bytes(params.experts * k16Bit);
  traffic.buckets = std::max(1.0, (params.dense + params.experts) / kGradientBucketParameters);
  // Each GPU updates its shard of the optimizer states (all of them without ZeRO), and zeroes the
  // gradients it holds: all of its parameters', or its shard's from ZeRO-2 on.
  const ShardRanks shards = p.zero >= 1 ? zero_shard_ranks(p) : ShardRanks{};
  const double updated = params.dense / shards.dense + params.experts / shards.experts;
  const double gradients_held = p.zero >= 2 ? updated : params.dense + params.experts;
  const OptimizerTrafficBytes step = optimizer_traffic_bytes(job.training.framework, p.precision);
  traffic.optimizer = Bytes(updated * step.per_updated_parameter + gradients_held * step.per_held_gradient) /
                      job.cluster.gpu.achievable_hbm_bandwidth();
  return traffic;
}

}  // namespace gigasim
