#pragma once
// The messages and data-parallel collectives of a simulated step as flows on the job's fabric.
//
// Pipeline messages go from each rank of a stage to the same rank of the next. Data-parallel
// collectives run as rings over the placed group (collective_sim.hpp's rings, pipelined: each hop
// one flow carrying all its steps' bytes, so the ring finishes when its slowest hop does), then pay
// the ring's step latencies.
//
// Symmetry (step_sim.hpp): a stage's message is sent once, from its representative rank, standing
// for every rank of the stage that sends alike; a stage's ring is run once, for TP rank 0,
// standing for the rings of the other TP ranks (and EP ranks for expert weights). On each link of
// its route a flow counts the peers whose own route crosses that same link (block uplinks and
// downlinks above the leaf); its own ports stand for the peers' ports, which mirror them. With
// `full`, every rank's flow is started instead.

#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <span>
#include <utility>
#include <vector>

#include "cluster/collective.hpp"
#include "cluster/topology.hpp"
#include "sim/engine.hpp"
#include "sim/fabric_graph.hpp"
#include "sim/network_cm02.hpp"
#include "spec/job.hpp"

namespace gigasim {

enum class DataParallelGroup { dense, expert };

class StepTraffic {
 public:
  using Done = std::function<void()>;

  // The job's ranks sit on whole nodes of the fabric: its node i is the fabric's node `nodes[i]`
  // (none: node i is node i).
  StepTraffic(const Job& job, const Topology& topology, const FabricGraph& fabric, std::span<const int> nodes,
              bool full, Engine& engine, FlowNetwork& network);

  // Activations or gradients of one micro-batch from stage `from_stage` to `to_stage` of data-parallel
  // replica `replica`, `bytes` per rank; the message stands for `share` of the stage's replicas
  // (symmetric mode). `done` runs when the last byte and the latency have arrived.
  void send(int from_stage, int to_stage, int replica, double share, Bytes bytes, Done done);
  // A ring collective of `bytes` per rank over stage `stage`'s data-parallel group.
  void collective(int stage, DataParallelGroup group, Collective kind, Bytes bytes, Done done);
  // Ranks in the group (1: nothing to exchange).
  [[nodiscard]] int group_size(DataParallelGroup group) const;
  // The outermost tier a message or a collective crosses.
  [[nodiscard]] int send_tier(int from_stage, int to_stage) const;
  [[nodiscard]] int collective_tier(int stage, DataParallelGroup group) const;

  [[nodiscard]] const FabricGraph& fabric() const { return fabric_; }
  [[nodiscard]] std::size_t flows_started() const { return flows_started_; }
  // Whether any of this job's flows crossed each link, by LinkId.
  [[nodiscard]] const std::vector<char>& used_links() const { return used_links_; }

 private:
  struct FlowTemplate {
    std::vector<LinkId> route;
    std::vector<double> multiplicity;  // by hop; empty in full mode
    double bytes_share = 1;            // of the collective's per-rank bytes this flow carries
  };
  struct Ring {
    std::vector<FlowTemplate> flows;
    double steps = 1;  // of n−1 (all-gather, reduce-scatter); all-reduce doubles them
    int size = 1;
    int first_gpu = 0;
    int stride = 1;
    int tier = 0;
  };
  struct Pending {
    std::size_t flows = 0;
    Seconds latency;
    Done done;
  };

  // Rank (Megatron order) of one rank of a stage of a data-parallel replica.
  [[nodiscard]] int rank(int stage, int replica, int rank_in_replica_stage) const;
  // The fabric GPU a rank sits on.
  [[nodiscard]] int gpu_of(int rank) const;
  // Multiplicity of each hop of route(gpu_of(from), gpu_of(to)) over the peers' routes between the
  // ranks from + o and to + o, o in [begin, end).
  void peer_multiplicity(int from, int to, int begin, int end, const std::vector<LinkId>& route,
                         std::vector<double>& out) const;
  const Ring& ring(int stage, DataParallelGroup group);
  // A message or collective in flight: its flows, then its latency, then `done`.
  Pending& open(Done done, Seconds latency);
  void close(Pending& pending);
  // `borrowed`: the route and multiplicities outlive the flow (ring templates), so are not copied.
  void start(std::span<const LinkId> route, std::span<const double> multiplicity, Bytes bytes, Pending& pending,
             bool borrowed);

  const Job& job_;
  const Topology& topology_;
  const FabricGraph& fabric_;
  std::vector<int> nodes_;
  bool full_;
  Engine& engine_;
  FlowNetwork& network_;
  int stage_gpus_;                                                        // GPUs of one pipeline stage: tp·cp·dp
  std::map<std::pair<int, int>, std::vector<double>> send_multiplicity_;  // by (from, to) stage
  std::map<std::pair<int, int>, Ring> rings_;                             // by (stage, group)
  std::vector<LinkId> route_;
  std::deque<Pending> pending_;  // never shrinks: flows' callbacks point into it
  std::size_t flows_started_ = 0;
  std::vector<char> used_links_;
};

}  // namespace gigasim
