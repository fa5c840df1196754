#include "cluster/astra_topology.hpp"

#include <fmt/format.h>

namespace gigasim {
namespace {

std::string_view block_name(AstraBlock block) {
  switch (block) {
    case AstraBlock::ring: return "Ring";
    case AstraBlock::fully_connected: return "FullyConnected";
    case AstraBlock::switch_: return "Switch";
  }
  return "Switch";
}

double hops(AstraBlock block) {
  return block == AstraBlock::switch_ ? 2.0 : 1.0;
}

}  // namespace

Topology topology_from_astra(const AstraNetwork& network) {
  Topology topology;
  long long span = 1;
  for (std::size_t i = 0; i < network.dimensions.size(); ++i) {
    const AstraDimension& dimension = network.dimensions[i];
    span *= dimension.npus;
    NetworkTier tier;
    tier.name = fmt::format("dim{} {}", i + 1, block_name(dimension.block));
    tier.span_gpus = static_cast<int>(span);
    tier.bandwidth = dimension.bandwidth;
    tier.latency = dimension.latency * hops(dimension.block);
    tier.bus_efficiency = 1.0;
    topology.tiers.push_back(tier);
  }
  topology.gpus_per_node = network.dimensions.empty() ? 1 : network.dimensions.front().npus;
  topology.gpus_per_nic = 1;
  return topology;
}

}  // namespace gigasim
