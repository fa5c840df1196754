#pragma once
// One collective simulated as flows on a cluster's fabric (`gigasim simulate --collective`, the
// nccl-tests question; and the collectives inside a simulated step's layers).
//
// Ring (all-reduce, all-gather, reduce-scatter): n−1 steps (all-gather, reduce-scatter) or 2(n−1)
// (all-reduce), each step every rank sending B/n to the next. Across NVLink domains the data is
// split over one ring per member of a domain (NCCL's channels, one per NIC), each leaving a domain
// through a different GPU, so every NIC of a full domain carries one ring (a partly filled last
// domain has fewer NICs, each carrying several). Every step moves the same flows over the same
// links, so one step is simulated and the others take as long (symmetry); the per-step latencies
// follow NCCL's ring model, as in the analytical one.
//
// All-to-all: every rank sends B/n straight to each other rank at once, n(n−1) flows (NCCL runs it
// as grouped send/recv); latency as the analytical model charges it, one message per peer.
//
// Tree (all-reduce): NCCL's double binary tree (Sanders, Speck & Träff 2009, "Two-tree algorithms
// for full bandwidth broadcast, reduction and scan"): across NVLink domains two binary trees, the
// second the mirror image of the first, so a domain that is a leaf in one is inside the other,
// each carrying half the data; inside a domain a chain; one pair of trees per member of a domain
// (NCCL's channels, one per NIC). Reduction climbs while the broadcast descends, pipelined, so
// every flow runs at once: the collective lasts as long as its slowest flow, plus one latency per
// chain link and tree level, up and down.
//
// In-network (all-reduce on NVLink SHARP and InfiniBand SHARP): each GPU sends its buffer into the
// switches and gets the sum back; inside a domain the NVSwitch reduces B per GPU, across domains
// each GPU carries 1/m of it through its NIC and the switches above merge the streams of a block
// into one (a flow per block and channel on the tiers above the leaf). Links run at the tier's
// in-network efficiency; latency is the tiers' in-network latencies.
//
// Hierarchical (all-reduce, all-gather, reduce-scatter over GPUs 0 … n−1): one ring per tier, the
// way ASTRA-sim runs a collective over a multi-dimensional network: reduce-scatter along the
// innermost tier's blocks, then along the next tier among the GPUs with the same place in their
// block, … (each phase on 1/(the sizes before) of the data), and all-gather back outward-in. The
// phases run one after another (no chunk pipelining across tiers); each phase's rings run at once,
// one step simulated as flows.

#include <cstddef>
#include <optional>

#include "cluster/collective.hpp"
#include "cluster/topology.hpp"
#include "util/units.hpp"

namespace gigasim {

// The ranks of one group: members 0 … size−1 at GPUs first_gpu + i·stride.
struct SimGroup {
  int size = 1;
  int stride = 1;
  int first_gpu = 0;
};

struct SimulatedCollective {
  Collective kind = Collective::all_reduce;
  Bytes bytes;
  int gpus = 0;
  CollectiveAlgorithm algorithm = CollectiveAlgorithm::ring;
  Seconds time;
  Seconds step_transfer;  // the simulated flows of one step
  Seconds latency;        // all steps' latencies
  std::size_t flows_per_step = 0;
  BytesPerSecond bus_bandwidth;  // NCCL busBW: bytes / time × the bus factor
};

// How a ring collective lays its rings over the group: `channels` rings (one per member of an
// NVLink domain when the group crosses domains), each visiting every member domain after domain.
struct RingShape {
  int channels = 1;
  int per_domain = 1;  // consecutive members sharing one NVLink domain
  int domains = 1;
};
RingShape ring_shape(const SimGroup& group, const Topology& topology);
// The GPU at `position` of ring `channel`.
int ring_gpu(const SimGroup& group, const RingShape& shape, int position, int channel);
// All the steps' latencies of a ring collective, by NCCL's ring model (tuning.cc).
Seconds ring_latency(Collective kind, const SimGroup& group, const Topology& topology);
// The latency of a message between the group's first and last members.
Seconds outermost_latency(const SimGroup& group, const Topology& topology);

// `kind` over the group's ranks on `topology`, alone on the fabric. Sizes follow NCCL
// (collective.hpp). send/recv is not a group collective (an assert).
SimulatedCollective simulate_collective(Collective kind, Bytes bytes, const SimGroup& group, const Topology& topology);
// Hierarchical rings over GPUs 0 … gpus−1 (all-reduce, all-gather, reduce-scatter).
SimulatedCollective simulate_hierarchical(Collective kind, Bytes bytes, int gpus, const Topology& topology);
// Double binary tree all-reduce over GPUs 0 … gpus−1.
SimulatedCollective simulate_tree(Bytes bytes, int gpus, const Topology& topology);
// An all-to-all is simulated as every rank's flow to every other at once, n(n − 1) flows: at 4,096
// GPUs 16.8M flows took 3.2 GB and 11 s, at 16,384 they would take 50 GB. Past this the commands
// refuse and point at the analytical estimate, which prices the same collective in microseconds.
inline constexpr int kMostAllToAllGpus = 4096;

// `kind` over GPUs 0 … gpus−1 by `algorithm` (automatic: the fastest that applies), or none when
// the algorithm does not apply (tree and in-network are all-reduce only; in-network needs switches
// that reduce; all-to-all is direct only).
std::optional<SimulatedCollective> simulate_collective_by(Collective kind, CollectiveAlgorithm algorithm, Bytes bytes,
                                                          int gpus, const Topology& topology);
// In-network all-reduce over GPUs 0 … gpus−1; none when a tier it crosses cannot reduce.
std::optional<SimulatedCollective> simulate_in_network(Bytes bytes, int gpus, const Topology& topology);
// Over GPUs 0 … gpus−1.
SimulatedCollective simulate_collective(Collective kind, Bytes bytes, int gpus, const Topology& topology);

}  // namespace gigasim
