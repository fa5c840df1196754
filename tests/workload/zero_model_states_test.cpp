// Model-state bytes per GPU by ZeRO stage against Rajbhandari et al. 2020 ("ZeRO: Memory
// Optimizations Toward Training Trillion Parameter Models"), Figure 1: Ψ = 7.5B parameters,
// N_d = 64 data-parallel ranks, K = 12 bytes of optimizer state per parameter (mixed-precision Adam).
//   baseline        (2 + 2 + K)·Ψ               = 16·7.5e9            = 120 GB
//   ZeRO-1, P_os    (2 + 2)·Ψ + K·Ψ/N_d         = 30e9 + 1.40625e9    = 31.40625 GB  (paper: 31.4 GB)
//   ZeRO-2, P_os+g  2·Ψ + (2 + K)·Ψ/N_d         = 15e9 + 1.640625e9   = 16.640625 GB (paper: 16.6 GB)
//   ZeRO-3, P_os+g+p (2 + 2 + K)·Ψ/N_d          = 120e9/64            = 1.875 GB     (paper: 1.9 GB)

#include <gtest/gtest.h>

#include "workload/memory.hpp"

namespace gigasim {
namespace {

constexpr double kPsi = 7.5e9;
constexpr double kRanks = 64;
constexpr double kGigabyte = 1e9;  // the paper's GB are decimal
constexpr double kRelative = 1e-12;

double state_bytes(int stage) {
  const MemoryBreakdown m = model_state_bytes(kPsi, stage, kRanks);
  return (m.weights + m.grads + m.optimizer).value();
}

TEST(ZeroModelStates, BaselineIs120GB) {
  EXPECT_NEAR(state_bytes(0), 120e9, kRelative * 120e9);
  const MemoryBreakdown m = model_state_bytes(kPsi, 0, kRanks);
  EXPECT_DOUBLE_EQ(m.weights.value(), 15e9);
  EXPECT_DOUBLE_EQ(m.grads.value(), 15e9);
  EXPECT_DOUBLE_EQ(m.optimizer.value(), 90e9);
}

TEST(ZeroModelStates, StageOneShardsOptimizerStates) {
  EXPECT_NEAR(state_bytes(1), 31.40625e9, kRelative * 31.40625e9);
  EXPECT_NEAR(state_bytes(1) / kGigabyte, 31.4, 0.05);
  EXPECT_DOUBLE_EQ(model_state_bytes(kPsi, 1, kRanks).optimizer.value(), 1.40625e9);
}

TEST(ZeroModelStates, StageTwoAlsoShardsGradients) {
  EXPECT_NEAR(state_bytes(2), 16.640625e9, kRelative * 16.640625e9);
  EXPECT_NEAR(state_bytes(2) / kGigabyte, 16.6, 0.05);
  EXPECT_DOUBLE_EQ(model_state_bytes(kPsi, 2, kRanks).grads.value(), 15e9 / 64);
}

TEST(ZeroModelStates, StageThreeShardsEverything) {
  EXPECT_NEAR(state_bytes(3), 1.875e9, kRelative * 1.875e9);
  EXPECT_NEAR(state_bytes(3) / kGigabyte, 1.9, 0.05);
  EXPECT_DOUBLE_EQ(model_state_bytes(kPsi, 3, kRanks).weights.value(), 15e9 / 64);
}

TEST(ZeroModelStates, OtherPartsOfTheBreakdownStayZero) {
  // model_state_bytes fills weights, gradients and optimizer states only.
  for (int stage = 0; stage <= 3; ++stage) {
    const MemoryBreakdown m = model_state_bytes(kPsi, stage, kRanks);
    EXPECT_EQ(m.activations.value(), 0.0);
    EXPECT_EQ(m.buffers.value(), 0.0);
    EXPECT_EQ(m.overhead.value(), 0.0);
  }
}

}  // namespace
}  // namespace gigasim
