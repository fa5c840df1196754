// ASTRA-sim analytical network files: the fields read in ASTRA-sim's units, and a located message
// for each mistake.
#include "spec/astra_network.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace gigasim {
namespace {

using ::testing::HasSubstr;

TEST(AstraNetwork, ReadsEachDimensionInAstraSimUnits) {
  const auto network = parse_astra_network(
      "topology: [ Ring, Switch ]\nnpus_count: [ 8, 128 ]\nbandwidth: [ 400.0, 50.0 ]\nlatency: [ 936.25, 2000 ]\n",
      "net.yaml");
  ASSERT_TRUE(network);
  ASSERT_EQ(network.value().dimensions.size(), 2U);
  EXPECT_EQ(network.value().npus(), 1024);
  EXPECT_EQ(network.value().dimensions[0].block, AstraBlock::ring);
  EXPECT_DOUBLE_EQ(network.value().dimensions[1].bandwidth.value(), 50.0 * 1073741824.0);  // GB = 2^30 B
  EXPECT_DOUBLE_EQ(network.value().dimensions[0].latency.value(), 936.25e-9);
}

TEST(AstraNetwork, AnUnknownBuildingBlockIsNamed) {
  const auto network = parse_astra_network(
      "topology: [ Ring, Torus ]\nnpus_count: [ 8, 4 ]\nbandwidth: [ 1, 1 ]\nlatency: [ 1, 1 ]\n", "net.yaml");
  ASSERT_FALSE(network);
  EXPECT_EQ(network.error().front().field, "topology");
  EXPECT_THAT(network.error().front().problem, HasSubstr("'Torus'"));
  EXPECT_THAT(network.error().front().fix, HasSubstr("Ring, FullyConnected or Switch"));
}

TEST(AstraNetwork, ListsOfDifferentLengthsAreRefused) {
  const auto network = parse_astra_network(
      "topology: [ Ring, Switch ]\nnpus_count: [ 8 ]\nbandwidth: [ 1, 1 ]\nlatency: [ 1, 1 ]\n", "net.yaml");
  ASSERT_FALSE(network);
  EXPECT_THAT(network.error().front().fix, HasSubstr("one entry per dimension"));
}

TEST(AstraNetwork, AZeroBandwidthIsRefused) {
  const auto network =
      parse_astra_network("topology: [ Switch ]\nnpus_count: [ 8 ]\nbandwidth: [ 0 ]\nlatency: [ 1 ]\n", "net.yaml");
  ASSERT_FALSE(network);
  EXPECT_EQ(network.error().front().field, "bandwidth");
  EXPECT_EQ(network.error().front().where.line, 3);
}

}  // namespace
}  // namespace gigasim
