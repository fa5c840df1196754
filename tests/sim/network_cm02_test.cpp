// Max-min fair sharing of links between flows (CM02), with rates and times worked by hand.
#include "sim/network_cm02.hpp"

#include <array>

#include <gtest/gtest.h>

#include "sim/engine.hpp"

namespace gigasim {
namespace {

TEST(NetworkCm02, OneFlowRunsAtTheLinkRate) {
  // 1e9 bytes on a 1e9 B/s link: 1 s = 1e9 ticks.
  Engine engine;
  FlowNetwork network;
  engine.add_model(network);
  const LinkId link = network.add_link(BytesPerSecond(1e9));
  Ticks done_at = -1;
  network.start_flow(std::array{link}, Bytes(1e9), [&] { done_at = engine.now(); });
  EXPECT_EQ(engine.run(), 1'000'000'000);
  EXPECT_EQ(done_at, 1'000'000'000);
  EXPECT_DOUBLE_EQ(network.carried(link).value(), 1e9);
}

TEST(NetworkCm02, FlowsShareALinkEquallyAndTheSurvivorSpeedsUp) {
  // A (100 B) and B (300 B) on one 100 B/s link: 50 B/s each, A ends at 2 s with B 200 B short;
  // B then has the link alone: 2 s more, ending at 4 s.
  Engine engine;
  FlowNetwork network;
  engine.add_model(network);
  const LinkId link = network.add_link(BytesPerSecond(100));
  Ticks a_done = -1;
  Ticks b_done = -1;
  network.start_flow(std::array{link}, Bytes(100), [&] { a_done = engine.now(); });
  network.start_flow(std::array{link}, Bytes(300), [&] { b_done = engine.now(); });
  ASSERT_EQ(network.rates().size(), 2U);
  EXPECT_DOUBLE_EQ(network.rates()[0].value(), 50.0);
  engine.run();
  EXPECT_EQ(a_done, 2'000'000'000);
  EXPECT_EQ(b_done, 4'000'000'000);
}

TEST(NetworkCm02, MaxMinGivesTheBottleneckedFlowItsShareAndTheRestToTheOther) {
  // Links L1 = 100 and L2 = 30 B/s; A crosses L1, B crosses L1 and L2. Progressive filling: both
  // rise to 30, where L2 is full (B frozen at 30); A rises on the 40 left on L1 to 70.
  FlowNetwork network;
  const LinkId l1 = network.add_link(BytesPerSecond(100));
  const LinkId l2 = network.add_link(BytesPerSecond(30));
  network.start_flow(std::array{l1}, Bytes(1), nullptr);
  network.start_flow(std::array{l1, l2}, Bytes(1), nullptr);
  const auto rates = network.rates();
  EXPECT_NEAR(rates[0].value(), 70.0, 1e-9);
  EXPECT_NEAR(rates[1].value(), 30.0, 1e-9);
}

TEST(NetworkCm02, AFlowWithoutLinksArrivesAtOnce) {
  Engine engine;
  FlowNetwork network;
  engine.add_model(network);
  bool arrived = false;
  network.start_flow({}, Bytes(1e6), [&] { arrived = true; });
  EXPECT_EQ(engine.run(), 0);
  EXPECT_TRUE(arrived);
}

TEST(NetworkCm02, AFlowStandingForPeersTakesTheirShareOnTheSharedLinkOnly) {
  // A stands for 3 identical flows on the shared 100 B/s link S (its own access link X is its
  // alone); B crosses S once. Filling: 3r + r = 100 on S, so r = 25 B/s for A and B. A's 100 B take
  // 4 s and S carries A's bytes three times (300 B) plus B's.
  Engine engine;
  FlowNetwork network;
  engine.add_model(network);
  const LinkId x = network.add_link(BytesPerSecond(1000));
  const LinkId s = network.add_link(BytesPerSecond(100));
  Ticks a_done = -1;
  network.start_flow(std::array{x, s}, std::array{1.0, 3.0}, Bytes(100), [&] { a_done = engine.now(); });
  network.start_flow(std::array{s}, Bytes(100), nullptr);
  const auto rates = network.rates();
  EXPECT_NEAR(rates[0].value(), 25.0, 1e-9);
  EXPECT_NEAR(rates[1].value(), 25.0, 1e-9);
  engine.run();
  EXPECT_EQ(a_done, 4'000'000'000);
  EXPECT_NEAR(network.carried(s).value(), 400.0, 1e-6);
  EXPECT_NEAR(network.carried(x).value(), 100.0, 1e-6);
}

}  // namespace
}  // namespace gigasim
