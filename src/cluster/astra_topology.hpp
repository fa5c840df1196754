#pragma once
// An ASTRA-sim analytical network (spec/astra_network.hpp) as gigasim's tiers: dimension i is
// tier i, spanning the NPUs of dimensions 0 … i; each NPU has one port of the dimension's link
// bandwidth into it (a Ring's or FullyConnected block's several links are not told apart), and
// above the first two tiers a block's traffic shares uplinks as wide as its NPUs' ports. A message
// crossing dimension i pays its link latency once per hop: twice through a Switch (NPU → switch →
// NPU), once to a Ring or FullyConnected neighbour. Collectives reach the full link bandwidth
// (bus efficiency 1), as in ASTRA-sim's congestion-unaware analytical backend.

#include "cluster/topology.hpp"
#include "spec/astra_network.hpp"

namespace gigasim {

Topology topology_from_astra(const AstraNetwork& network);

}  // namespace gigasim
