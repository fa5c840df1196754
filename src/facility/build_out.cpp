#include "facility/build_out.hpp"

#include <algorithm>
#include <cmath>

namespace gigasim {

long long ClusterBuild::switches() const {
  long long total = 0;
  for (const TierBuild& tier : tiers) total += tier.switches;
  return total;
}

long long ClusterBuild::cables() const {
  long long total = 0;
  for (const TierBuild& tier : tiers) total += tier.cables;
  return total;
}

long long ClusterBuild::transceivers() const {
  long long total = 0;
  for (const TierBuild& tier : tiers) total += tier.transceivers;
  return total;
}

ClusterBuild build_out(const ClusterSpec& cluster, const Topology& topology, Watts rack_power) {
  ClusterBuild build;
  const NodeSpec& node = cluster.node;
  build.gpus = cluster.gpus;
  build.nodes = (cluster.gpus + node.gpus_per_node - 1) / node.gpus_per_node;
  const Watts node_power = cluster.gpu.tdp * static_cast<double>(node.gpus_per_node) + node.host_power;
  if (node.rack_scale()) {
    // A rack-scale system's racks hold its NVLink domain, whatever the power budget: 18 compute
    // trays of an NVL72 and its 9 switch trays, or 9 and 9 in each rack of an NVL36×2. Domains are
    // bought whole (the last may be partly used).
    const int racks_per_domain = std::max(1, node.racks_per_domain);
    build.domains = (cluster.gpus + node.nvlink_domain_gpus - 1) / node.nvlink_domain_gpus;
    build.racks = build.domains * racks_per_domain;
    build.nodes_per_rack = node.nvlink_domain_gpus / std::max(1, node.gpus_per_node) / racks_per_domain;
    build.switch_trays = build.domains * node.switch_trays_per_domain;
    build.rack_power = node_power * static_cast<double>(build.nodes_per_rack) +
                       node.domain_switch_power() / static_cast<double>(racks_per_domain);
  } else {
    build.nodes_per_rack = std::max(1, static_cast<int>(std::floor(rack_power / node_power)));
    build.racks = (build.nodes + build.nodes_per_rack - 1) / build.nodes_per_rack;
    build.rack_power = node_power * static_cast<double>(build.nodes_per_rack);
    build.domains = build.nodes;  // each server is its own NVLink domain
  }
  build.nics = build.nodes * node.nics;

  const int k = std::max(2, cluster.fabric.switch_radix);
  // Links coming up into the next tier: at first, every backend NIC port.
  long long links = build.nics;
  // The fabric's tiers are the topology's above the NVLink domain (tiers[0]).
  const std::size_t fabric_tiers = topology.tiers.size() > 1 ? topology.tiers.size() - 1 : 0;
  for (std::size_t i = 0; i < fabric_tiers; ++i) {
    const bool top = i + 1 == fabric_tiers;
    const std::size_t spec_tier = std::min(i, cluster.fabric.tiers.size() - 1);
    const double oversubscription =
        cluster.fabric.tiers.empty() || top ? 1.0 : cluster.fabric.tiers[spec_tier].oversubscription;
    const double down_ports = top ? k : k * oversubscription / (1.0 + oversubscription);
    TierBuild tier;
    tier.tier = topology.tiers[i + 1].name;
    tier.links_up = links;
    tier.switches = static_cast<long long>(std::ceil(static_cast<double>(links) / down_ports));
    tier.cables = links;
    tier.transceivers = 2 * links;
    build.tiers.push_back(tier);
    // Links up from this tier: the switches' up ports (none from the top).
    links = top ? 0 : static_cast<long long>(std::llround(static_cast<double>(tier.switches) * (k - down_ports)));
  }
  return build;
}

}  // namespace gigasim
