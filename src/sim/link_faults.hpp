#pragma once
// Links that are down or degraded (`link_faults:` of a cluster file, issue 6). Above the leaf the
// fabric graph collapses a block's parallel uplinks (and downlinks) into one link
// (fabric_graph.hpp); each stands for P physical links, P = the block's GPUs × the tier's per-GPU
// bandwidth ÷ one link's bandwidth. A fault takes physical links out (or slows them): ECMP spreads
// the block's traffic over the links left, so the collapsed link keeps carrying all of it at the
// capacity left. Faults are drawn with their seed (the same on every machine). A block whose
// uplinks (or downlinks) are all down is cut off: that is an error, not a slow link.
//
// A switch of tier t connects one physical link of every block in its group (the tier's own span),
// so a switch down takes one of the P links of each of those blocks. Ids number a tier's physical
// links (block · 2 + 0 for up, 1 for down) · P + k, and its switches group · P + k.
//
// Faults apply above the leaf only: a GPU's own NIC link down takes the GPU out of the job, a
// failure (issue 9), not a slower step.

#include <string>
#include <vector>

#include "cluster/topology.hpp"
#include "sim/fabric_graph.hpp"
#include "sim/network_cm02.hpp"
#include "spec/cluster_file.hpp"
#include "util/diagnostic.hpp"
#include "util/result.hpp"

namespace gigasim {

// One collapsed link's share of its capacity left.
struct LinkCut {
  int tier = 0;
  int block = 0;
  bool up = true;
  double capacity_left = 1;
};

struct FaultSummary {
  std::string tier;
  bool switches = false;         // the fault counts switches, not links
  long long physical_links = 0;  // in the tier (switches, when `switches`)
  long long faulty = 0;
  double capacity_left = 1;  // of the tier's whole capacity
};

struct FaultPlan {
  std::vector<LinkCut> cuts;
  std::vector<FaultSummary> summary;  // by fault, in the file's order
};

// The faults drawn on `gpus` GPUs of `topology`, whose physical links run at `link_bandwidth`;
// errors located at the fault (an unknown tier, the GPU's own tiers, a block cut off).
Result<FaultPlan, Diagnostics> plan_link_faults(const std::vector<LinkFault>& faults, const Topology& topology,
                                                int gpus, BytesPerSecond link_bandwidth);

// Lowers the capacities of the cut links in `network` (before any flow starts).
void apply_link_cuts(const FaultPlan& plan, const FabricGraph& fabric, FlowNetwork& network);

}  // namespace gigasim
