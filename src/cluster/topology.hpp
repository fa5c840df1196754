#pragma once
// The network a job's GPUs sit on, as tiers from the inside out: the NVLink domain, then the
// scale-out fabric's leaf (or rail), spine, core, … A group of ranks is served by the outermost
// tier it must cross; each tier knows its per-GPU bandwidth after oversubscription, its latency
// and the efficiency collectives reach on it.

#include <string>
#include <vector>

#include "spec/job.hpp"
#include "util/units.hpp"

namespace gigasim {

struct NetworkTier {
  std::string name;                   // "nvlink", "leaf", "spine", "core", …
  int span_gpus = 0;                  // GPUs reachable without going above this tier
  BytesPerSecond bandwidth;           // per GPU, one direction, for traffic that reaches this tier
  Seconds latency;                    // one-way latency of a message that reaches this tier
  double bus_efficiency = 1;          // fraction of `bandwidth` a large collective achieves (bus bandwidth)
  bool in_network_reduction = false;  // NVLink SHARP (NVLS) or InfiniBand SHARP at this tier
  double in_network_efficiency = 1;   // algBW of an in-network all-reduce ÷ `bandwidth`
  Seconds in_network_latency;         // fixed latency of an in-network all-reduce reaching this tier
  bool same_rail_only = false;        // a rail leaf: only traffic between one local rank of several nodes stays here
};

struct Topology {
  std::vector<NetworkTier> tiers;  // tiers[0] is the NVLink domain; the last spans every GPU
  int gpus_per_node = 0;
  double gpus_per_nic = 1;  // GPUs sharing one backend NIC: the flows on a NIC when every GPU sends
  [[nodiscard]] int tier_spanning(int gpus) const;  // the innermost tier whose span covers `gpus` aligned ranks
};

// Tiers for the job's node and fabric, grown (more tiers, as the fabric's radix allows) until the
// outermost spans the job's GPU count.
Topology build_topology(const ClusterSpec& cluster);

}  // namespace gigasim
