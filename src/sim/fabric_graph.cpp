#include "sim/fabric_graph.hpp"

#include <cassert>

namespace gigasim {

FabricGraph::FabricGraph(const Topology& topology, int gpus, FlowNetwork& network)
    : topology_(topology),
      gpus_(gpus),
      rails_(topology.tiers.size() > 1 && topology.tiers[1].same_rail_only && topology.gpus_per_node > 1) {
  assert(!topology.tiers.empty() && gpus >= 1 && network.links() == 0);
  const int tier_count = static_cast<int>(topology.tiers.size());
  tiers_.resize(static_cast<std::size_t>(tier_count));
  for (int t = 0; t < tier_count; ++t) {
    const NetworkTier& tier = topology.tiers[static_cast<std::size_t>(t)];
    TierLinks& links = tiers_[static_cast<std::size_t>(t)];
    // Tiers 0 and 1 are the GPU's own NVLink and NIC ports; above, one pair per block of the tier below.
    links.block_gpus = t <= 1 ? 1 : topology.tiers[static_cast<std::size_t>(t - 1)].span_gpus;
    const int blocks = (gpus + links.block_gpus - 1) / links.block_gpus;
    const BytesPerSecond capacity = tier.bandwidth * (tier.bus_efficiency * links.block_gpus);
    for (int block = 0; block < blocks; ++block) {
      links.up.push_back(network.add_link(capacity));
      links.down.push_back(network.add_link(capacity));
    }
    tier_of_link_.resize(network.links(), static_cast<std::uint8_t>(t));
  }
}

int FabricGraph::tier_between(int from_gpu, int to_gpu) const {
  const int tier_count = static_cast<int>(topology_.tiers.size());
  for (int t = 0; t < tier_count; ++t) {
    const int span = topology_.tiers[static_cast<std::size_t>(t)].span_gpus;
    if (from_gpu / span == to_gpu / span) return t;
  }
  return tier_count - 1;
}

void FabricGraph::route(int from_gpu, int to_gpu, std::vector<LinkId>& route) const {
  route.clear();
  const int per_node = topology_.gpus_per_node;
  if (rails_ && tier_between(from_gpu, to_gpu) > 0 && from_gpu % per_node != to_gpu % per_node) {
    const int relay = from_gpu - from_gpu % per_node + to_gpu % per_node;  // same node, the destination's rail
    if (relay < gpus_ && tier_between(from_gpu, relay) == 0) {
      route.push_back(tiers_[0].up[static_cast<std::size_t>(from_gpu)]);
      route.push_back(tiers_[0].down[static_cast<std::size_t>(relay)]);
      from_gpu = relay;
    }
  }
  route_on_fabric(from_gpu, to_gpu, route);
}

// Appends the links from one GPU to another climbing the fabric's tiers.
void FabricGraph::route_on_fabric(int from_gpu, int to_gpu, std::vector<LinkId>& route) const {
  const int top = tier_between(from_gpu, to_gpu);
  if (top == 0) {
    route.push_back(tiers_[0].up[static_cast<std::size_t>(from_gpu)]);
    route.push_back(tiers_[0].down[static_cast<std::size_t>(to_gpu)]);
    return;
  }
  for (int t = 1; t <= top; ++t) {
    const TierLinks& links = tiers_[static_cast<std::size_t>(t)];
    route.push_back(links.up[static_cast<std::size_t>(from_gpu / links.block_gpus)]);
  }
  for (int t = top; t >= 1; --t) {
    const TierLinks& links = tiers_[static_cast<std::size_t>(t)];
    route.push_back(links.down[static_cast<std::size_t>(to_gpu / links.block_gpus)]);
  }
}

LinkId FabricGraph::block_link(int tier, int block, bool up) const {
  const TierLinks& links = tiers_[static_cast<std::size_t>(tier)];
  return (up ? links.up : links.down)[static_cast<std::size_t>(block)];
}

Seconds FabricGraph::latency(int from_gpu, int to_gpu) const {
  return topology_.tiers[static_cast<std::size_t>(tier_between(from_gpu, to_gpu))].latency;
}

}  // namespace gigasim
