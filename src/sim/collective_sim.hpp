#pragma once
// One collective on the first `gpus` GPUs of a cluster, simulated as flows on its fabric
// (`gigasim simulate --collective`, the nccl-tests question). A ring algorithm runs n−1 steps
// (all-gather, reduce-scatter) or 2(n−1) (all-reduce), each step every rank sending B/n to the next.
// Across NVLink domains the data is split over one ring per GPU of a domain (NCCL's channels, one
// per NIC), each leaving a domain through a different GPU, so every NIC of a full domain carries one
// ring (a partly filled last domain has fewer NICs, each carrying several). Every
// step moves the same flows over the same links, so one step is simulated and the others take as
// long (symmetry); the per-step latencies follow NCCL's ring model, as in the analytical one.

#include "cluster/collective.hpp"
#include "cluster/topology.hpp"
#include "util/units.hpp"

namespace gigasim {

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

// Ring all-reduce, all-gather or reduce-scatter over GPUs 0 … gpus−1 of `topology`. Sizes follow
// NCCL (collective.hpp). Other kinds are not simulated yet (an assert).
SimulatedCollective simulate_collective(Collective kind, Bytes bytes, int gpus, const Topology& topology);

}  // namespace gigasim
