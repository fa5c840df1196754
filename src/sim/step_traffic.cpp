#include "sim/step_traffic.hpp"

#include <algorithm>
#include <cassert>

#include "sim/collective_sim.hpp"

namespace gigasim {

StepTraffic::StepTraffic(const Job& job, const Topology& topology, const FabricGraph& fabric,
                         std::span<const int> nodes, bool full, Engine& engine, FlowNetwork& network)
    : job_(job),
      topology_(topology),
      fabric_(fabric),
      nodes_(nodes.begin(), nodes.end()),
      full_(full),
      engine_(engine),
      network_(network),
      stage_gpus_(job.parallelism.tp * job.parallelism.cp * job.parallelism.dp),
      used_links_(network.links(), 0) {}

int StepTraffic::rank(int stage, int replica, int rank_in_replica_stage) const {
  const Parallelism& p = job_.parallelism;
  return rank_in_replica_stage + p.tp * p.cp * replica + stage * stage_gpus_;
}

int StepTraffic::gpu_of(int rank) const {
  if (nodes_.empty()) return rank;
  const int per_node = std::max(1, topology_.gpus_per_node);
  return nodes_[static_cast<std::size_t>(rank / per_node)] * per_node + rank % per_node;
}

int StepTraffic::group_size(DataParallelGroup group) const {
  const Parallelism& p = job_.parallelism;
  return group == DataParallelGroup::dense ? p.cp * p.dp : p.cp * p.dp / std::max(1, p.ep);
}

int StepTraffic::send_tier(int from_stage, int to_stage) const {
  return fabric_.tier_between(gpu_of(rank(from_stage, 0, 0)), gpu_of(rank(to_stage, 0, 0)));
}

int StepTraffic::collective_tier(int stage, DataParallelGroup group) const {
  const Parallelism& p = job_.parallelism;
  const int stride = group == DataParallelGroup::dense ? p.tp : p.tp * std::max(1, p.ep);
  const int first = stage * stage_gpus_;
  return fabric_.tier_between(gpu_of(first), gpu_of(first + (group_size(group) - 1) * stride));
}

void StepTraffic::peer_multiplicity(int from, int to, int begin, int end, const std::vector<LinkId>& route,
                                    std::vector<double>& out) const {
  out.assign(route.size(), 1.0);
  const int from_gpu = gpu_of(from);
  const int to_gpu = gpu_of(to);
  const int top = fabric_.tier_between(from_gpu, to_gpu);
  if (top < 2) return;  // only the GPUs' own ports: each peer has its own
  // route = up tiers 1 … top, then down tiers top … 1 (fabric_graph.cpp), after any rail relay.
  std::vector<double> up(static_cast<std::size_t>(top + 1), 0.0);
  std::vector<double> down(static_cast<std::size_t>(top + 1), 0.0);
  for (int o = begin; o < end; ++o) {
    const int peer_from = gpu_of(from + o);
    const int peer_to = gpu_of(to + o);
    const int peer_top = fabric_.tier_between(peer_from, peer_to);
    for (int t = 2; t <= std::min(top, peer_top); ++t) {
      const int block = fabric_.block_gpus(t);
      if (peer_from / block == from_gpu / block) up[static_cast<std::size_t>(t)] += 1;
      if (peer_to / block == to_gpu / block) down[static_cast<std::size_t>(t)] += 1;
    }
  }
  // A rail relay (fabric_graph.hpp) puts two NVLink hops before the climb.
  const std::size_t climb = route.size() - static_cast<std::size_t>(2 * top);
  for (int t = 2; t <= top; ++t) {
    out[climb + static_cast<std::size_t>(t - 1)] = std::max(1.0, up[static_cast<std::size_t>(t)]);
    out[climb + static_cast<std::size_t>(2 * top - t)] = std::max(1.0, down[static_cast<std::size_t>(t)]);
  }
}

StepTraffic::Pending& StepTraffic::open(Done done, Seconds latency) {
  Pending& pending = pending_.emplace_back();
  pending.done = std::move(done);
  pending.latency = latency;
  pending.flows = 1;  // held until every flow is started (close)
  return pending;
}

void StepTraffic::close(Pending& pending) {
  if (--pending.flows == 0) engine_.after(ticks_after(pending.latency), std::move(pending.done));
}

void StepTraffic::start(std::span<const LinkId> route, std::span<const double> multiplicity, Bytes bytes,
                        Pending& pending, bool borrowed) {
  ++pending.flows;
  ++flows_started_;
  for (const LinkId link : route) used_links_[link] = 1;
  // A pointer to the pending entry (a deque keeps it in place) keeps the callback small enough
  // for std::function to hold without allocating.
  Pending* const waiting = &pending;
  auto arrived = [this, waiting] { close(*waiting); };
  if (borrowed)
    network_.start_borrowed_flow(route, multiplicity, bytes, arrived);
  else
    network_.start_flow(route, multiplicity, bytes, arrived);
}

void StepTraffic::send(int from_stage, int to_stage, int replica, double share, Bytes bytes, Done done) {
  const Parallelism& p = job_.parallelism;
  const int from = gpu_of(rank(from_stage, replica, 0));
  const int to = gpu_of(rank(to_stage, replica, 0));
  Pending& pending = open(std::move(done), fabric_.latency(from, to));
  if (full_) {
    const std::vector<double> none;
    for (int r = 0; r < p.tp * p.cp; ++r) {
      fabric_.route(gpu_of(rank(from_stage, replica, r)), gpu_of(rank(to_stage, replica, r)), route_);
      start(route_, none, bytes, pending, false);
    }
  } else {
    fabric_.route(from, to, route_);
    // Every rank of the stage sends alike; the peers' count on each shared link, found once per
    // pair of stages (replica 0) and scaled by the share of replicas this message stands for.
    auto [found, fresh] = send_multiplicity_.try_emplace({from_stage, to_stage});
    if (fresh) {
      const int first = rank(from_stage, 0, 0);
      const int to0 = rank(to_stage, 0, 0);
      std::vector<LinkId> route0;
      fabric_.route(gpu_of(first), gpu_of(to0), route0);
      peer_multiplicity(first, to0, 0, stage_gpus_, route0, found->second);
    }
    std::vector<double> multiplicity = found->second;
    if (multiplicity.size() != route_.size()) multiplicity.assign(route_.size(), 1.0);
    for (double& m : multiplicity)
      if (m > 1.0) m = std::max(1.0, m * share);
    start(route_, multiplicity, bytes, pending, false);
  }
  close(pending);
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
      const int from = ring_gpu(members, shape, position, channel);  // ranks
      const int to = ring_gpu(members, shape, (position + 1) % members.size, channel);
      if (full_) {
        for (int o = 0; o < peers; ++o) {
          FlowTemplate flow;
          fabric_.route(gpu_of(from + o), gpu_of(to + o), flow.route);
          flow.bytes_share = share;
          ring.flows.push_back(std::move(flow));
        }
      } else {
        FlowTemplate flow;
        fabric_.route(gpu_of(from), gpu_of(to), flow.route);
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
  // Latency by the ranks' own layout (a placed job keeps its shape node by node).
  Pending& pending = open(std::move(done), ring_latency(kind, SimGroup{r.size, r.stride, r.first_gpu}, topology_));
  // A pipelined ring: each hop carries every step's slice, n − 1 steps (2(n − 1) for all-reduce).
  // Its flows borrow their routes from the ring, which lives as long as this object.
  const double steps = (kind == Collective::all_reduce ? 2.0 : 1.0) * (r.size - 1);
  for (const FlowTemplate& flow : r.flows)
    start(flow.route, flow.multiplicity, bytes * (flow.bytes_share * steps), pending, true);
  close(pending);
}

}  // namespace gigasim
