#include "sim/step_traffic.hpp"

#include <algorithm>
#include <cassert>

#include "sim/collective_sim.hpp"

namespace gigasim {

StepTraffic::StepTraffic(const Job& job, const Topology& topology, bool full, Engine& engine, FlowNetwork& network)
    : job_(job),
      topology_(topology),
      full_(full),
      engine_(engine),
      network_(network),
      fabric_(topology, job.cluster.gpus, network),
      stage_gpus_(job.parallelism.tp * job.parallelism.cp * job.parallelism.dp) {}

int StepTraffic::gpu(int stage, int replica, int rank_in_replica_stage) const {
  const Parallelism& p = job_.parallelism;
  return rank_in_replica_stage + p.tp * p.cp * replica + stage * stage_gpus_;
}

int StepTraffic::group_size(DataParallelGroup group) const {
  const Parallelism& p = job_.parallelism;
  return group == DataParallelGroup::dense ? p.cp * p.dp : p.cp * p.dp / std::max(1, p.ep);
}

int StepTraffic::send_tier(int from_stage, int to_stage) const {
  return fabric_.tier_between(gpu(from_stage, 0, 0), gpu(to_stage, 0, 0));
}

int StepTraffic::collective_tier(int stage, DataParallelGroup group) const {
  const Parallelism& p = job_.parallelism;
  const int stride = group == DataParallelGroup::dense ? p.tp : p.tp * std::max(1, p.ep);
  const int first = stage * stage_gpus_;
  return fabric_.tier_between(first, first + (group_size(group) - 1) * stride);
}

void StepTraffic::peer_multiplicity(int from, int to, int begin, int end, const std::vector<LinkId>& route,
                                    std::vector<double>& out) const {
  out.assign(route.size(), 1.0);
  const int top = fabric_.tier_between(from, to);
  if (top < 2) return;  // only the GPUs' own ports: each peer has its own
  // route = up tiers 1 … top, then down tiers top … 1 (fabric_graph.cpp), after any rail relay.
  std::vector<double> up(static_cast<std::size_t>(top + 1), 0.0);
  std::vector<double> down(static_cast<std::size_t>(top + 1), 0.0);
  for (int o = begin; o < end; ++o) {
    const int peer_top = fabric_.tier_between(from + o, to + o);
    for (int t = 2; t <= std::min(top, peer_top); ++t) {
      const int block = fabric_.block_gpus(t);
      if ((from + o) / block == from / block) up[static_cast<std::size_t>(t)] += 1;
      if ((to + o) / block == to / block) down[static_cast<std::size_t>(t)] += 1;
    }
  }
  // A rail relay (fabric_graph.hpp) puts two NVLink hops before the climb.
  const std::size_t climb = route.size() - static_cast<std::size_t>(2 * top);
  for (int t = 2; t <= top; ++t) {
    out[climb + static_cast<std::size_t>(t - 1)] = std::max(1.0, up[static_cast<std::size_t>(t)]);
    out[climb + static_cast<std::size_t>(2 * top - t)] = std::max(1.0, down[static_cast<std::size_t>(t)]);
  }
}

void StepTraffic::start(const std::vector<LinkId>& route, const std::vector<double>& multiplicity, Bytes bytes,
                        const std::shared_ptr<Pending>& pending) {
  ++pending->flows;
  ++flows_started_;
  network_.start_flow(route, multiplicity, bytes, [this, pending] {
    if (--pending->flows > 0) return;
    engine_.after(ticks_after(pending->latency), std::move(pending->done));
  });
}

void StepTraffic::send(int from_stage, int to_stage, int replica, double share, Bytes bytes, Done done) {
  const Parallelism& p = job_.parallelism;
  auto pending = std::make_shared<Pending>();
  pending->done = std::move(done);
  const int from = gpu(from_stage, replica, 0);
  const int to = gpu(to_stage, replica, 0);
  pending->latency = fabric_.latency(from, to);
  ++pending->flows;  // held until every flow is started
  if (full_) {
    const std::vector<double> none;
    for (int rank = 0; rank < p.tp * p.cp; ++rank) {
      fabric_.route(gpu(from_stage, replica, rank), gpu(to_stage, replica, rank), route_);
      start(route_, none, bytes, pending);
    }
  } else {
    fabric_.route(from, to, route_);
    // Every rank of the stage sends alike; the peers' count on each shared link, found once per
    // pair of stages (replica 0) and scaled by the share of replicas this message stands for.
    auto [found, fresh] = send_multiplicity_.try_emplace({from_stage, to_stage});
    if (fresh) {
      const int first = gpu(from_stage, 0, 0);
      const int to0 = gpu(to_stage, 0, 0);
      std::vector<LinkId> route0;
      fabric_.route(first, to0, route0);
      peer_multiplicity(first, to0, 0, stage_gpus_, route0, found->second);
    }
    std::vector<double> multiplicity = found->second;
    if (multiplicity.size() != route_.size()) multiplicity.assign(route_.size(), 1.0);
    for (double& m : multiplicity)
      if (m > 1.0) m = std::max(1.0, m * share);
    start(route_, multiplicity, bytes, pending);
  }
  if (--pending->flows == 0) engine_.after(ticks_after(pending->latency), std::move(pending->done));
}

const StepTraffic::Ring& StepTraffic::ring(int stage, DataParallelGroup group) {
  auto [found, fresh] = rings_.try_emplace({stage, static_cast<int>(group)});
  Ring& ring = found->second;
  if (!fresh) return ring;
  const Parallelism& p = job_.parallelism;
  const bool dense = group == DataParallelGroup::dense;
  const int stride = dense ? p.tp : p.tp * std::max(1, p.ep);
  const SimGroup members{group_size(group), stride, stage * stage_gpus_};
  const int peers = stride;  // the other TP (and EP) ranks' rings: offsets 0 … stride − 1
  const RingShape shape = ring_shape(members, topology_);
  ring.size = members.size;
  ring.first_gpu = members.first_gpu;
  ring.stride = stride;
  ring.tier = collective_tier(stage, group);
  const double share = 1.0 / (static_cast<double>(members.size) * shape.channels);
  for (int channel = 0; channel < shape.channels; ++channel)
    for (int position = 0; position < members.size; ++position) {
      const int from = ring_gpu(members, shape, position, channel);
      const int to = ring_gpu(members, shape, (position + 1) % members.size, channel);
      if (full_) {
        for (int o = 0; o < peers; ++o) {
          FlowTemplate flow;
          fabric_.route(from + o, to + o, flow.route);
          flow.bytes_share = share;
          ring.flows.push_back(std::move(flow));
        }
      } else {
        FlowTemplate flow;
        fabric_.route(from, to, flow.route);
        peer_multiplicity(from, to, 0, peers, flow.route, flow.multiplicity);
        flow.bytes_share = share;
        ring.flows.push_back(std::move(flow));
      }
    }
  return ring;
}

void StepTraffic::collective(int stage, DataParallelGroup group, Collective kind, Bytes bytes, Done done) {
  assert(kind == Collective::all_reduce || kind == Collective::reduce_scatter || kind == Collective::all_gather);
  const Ring& r = ring(stage, group);
  auto pending = std::make_shared<Pending>();
  pending->done = std::move(done);
  pending->latency = ring_latency(kind, SimGroup{r.size, r.stride, r.first_gpu}, topology_);
  // A pipelined ring: each hop carries every step's slice, n − 1 steps (2(n − 1) for all-reduce).
  const double steps = (kind == Collective::all_reduce ? 2.0 : 1.0) * (r.size - 1);
  ++pending->flows;
  for (const FlowTemplate& flow : r.flows)
    start(flow.route, flow.multiplicity, bytes * (flow.bytes_share * steps), pending);
  if (--pending->flows == 0) engine_.after(ticks_after(pending->latency), std::move(pending->done));
}

}  // namespace gigasim
