#pragma once
// What to build for a cluster (issue 7): nodes, racks, NICs, switches per fabric tier, and the
// cables and transceivers between tiers.
//
// Switches follow the folded-Clos counts: below the top, a k-port switch of a tier with
// oversubscription o gives k·o/(1+o) ports to the tier below and the rest up; the top tier gives
// all k down. So a non-blocking 3-tier tree of k-port switches holds k³/4 GPUs with 5k²/4 switches
// (facts/datacenter.md §2.5: k = 64 → 65,536 GPUs, 5,120 switches). A tier's switches are those
// needed for the links coming up from below. Each link is one cable with a transceiver at each end.

#include <string>
#include <vector>

#include "cluster/topology.hpp"
#include "spec/job.hpp"

namespace gigasim {

struct TierBuild {
  std::string tier;  // leaf, spine, core, …
  long long switches = 0;
  long long links_up = 0;  // links from the tier below into this one (GPU NIC links for the leaf)
  long long cables = 0;
  long long transceivers = 0;
};

struct ClusterBuild {
  int gpus = 0;
  int nodes = 0;
  int racks = 0;
  int nodes_per_rack = 0;
  Watts rack_power;  // a full rack at TDP with its hosts and switch trays (an NVL72: about 120 kW)
  // NVLink domains: the nodes, or on a rack-scale system whole domains of node.racks_per_domain racks
  // each, with their NVLink switch trays (none on servers, whose NVSwitch chips are on the board).
  int domains = 0;
  int switch_trays = 0;
  int nics = 0;
  std::vector<TierBuild> tiers;  // the scale-out fabric, leaf first
  [[nodiscard]] long long switches() const;
  [[nodiscard]] long long cables() const;
  [[nodiscard]] long long transceivers() const;
};

// Racks hold as many nodes as `rack_power` allows at the node's full power (GPUs at TDP plus host),
// at least one; a rack-scale system is bought in whole NVLink domains, each its racks of compute and
// switch trays (an NVL72 one rack, an NVL36×2 two).
ClusterBuild build_out(const ClusterSpec& cluster, const Topology& topology, Watts rack_power);

}  // namespace gigasim
