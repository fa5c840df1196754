// Routes on the fabric graph: a message climbs to the innermost tier holding both GPUs; on a
// rail-optimized fabric a message between different local ranks of two nodes first crosses NVLink
// to the GPU on the destination's rail (NCCL's PXN).
#include "sim/fabric_graph.hpp"

#include <vector>

#include <gtest/gtest.h>

namespace gigasim {
namespace {

Topology two_tier(bool rails) {
  Topology topology;
  topology.gpus_per_node = 8;
  NetworkTier nvlink;
  nvlink.name = "nvlink";
  nvlink.span_gpus = 8;
  nvlink.bandwidth = BytesPerSecond(400e9);
  NetworkTier leaf;
  leaf.name = "leaf";
  leaf.span_gpus = 64;
  leaf.bandwidth = BytesPerSecond(50e9);
  leaf.same_rail_only = rails;
  topology.tiers = {nvlink, leaf};
  return topology;
}

std::vector<LinkId> route(const FabricGraph& fabric, int from, int to) {
  std::vector<LinkId> links;
  fabric.route(from, to, links);
  return links;
}

TEST(FabricGraph, AcrossARailLeafAMessageChangesRailOverNvlinkFirst) {
  // GPU 0 (node 0, rank 0) to GPU 9 (node 1, rank 1): over NVLink to GPU 1, then GPU 1's NIC to
  // the rank-1 rail leaf and down to GPU 9.
  const Topology topology = two_tier(true);
  FlowNetwork network;
  const FabricGraph fabric(topology, 16, network);
  std::vector<LinkId> expected = route(fabric, 0, 1);
  const std::vector<LinkId> rail = route(fabric, 1, 9);
  expected.insert(expected.end(), rail.begin(), rail.end());
  EXPECT_EQ(route(fabric, 0, 9), expected);
  EXPECT_EQ(expected.size(), 4U);
  // Same rank, or the same node: no relay.
  EXPECT_EQ(route(fabric, 1, 9).size(), 2U);
  EXPECT_EQ(route(fabric, 0, 5).size(), 2U);
}

TEST(FabricGraph, AnOrdinaryLeafTakesEveryRankDirectly) {
  const Topology topology = two_tier(false);
  FlowNetwork network;
  const FabricGraph fabric(topology, 16, network);
  EXPECT_EQ(route(fabric, 0, 9).size(), 2U);  // NIC up, NIC down
}

}  // namespace
}  // namespace gigasim
