// Tile and wave quantization, worked by hand with 128×128 tiles.
#include <gtest/gtest.h>

#include "perf/gemm_efficiency.hpp"

namespace gigasim {
namespace {

TEST(GemmShapeEfficiency, WholeWavesOfWholeTilesAreFullyUsed) {
  // 1,024 × 1,664 = 8 × 13 = 104 tiles of 128 × 128 on 104 SMs: one full wave of whole tiles.
  EXPECT_DOUBLE_EQ(gemm_shape_efficiency(1024, 1664, 1, 104), 1.0);
}

TEST(GemmShapeEfficiency, OneTileTooManyStartsAnAlmostEmptyWave) {
  // H100 SXM has 132 SMs. 133 tiles (7 × 19 of 128 × 128 = 896 × 2,432) need two waves:
  // 133 / (2 · 132) = 0.50379…
  EXPECT_DOUBLE_EQ(gemm_shape_efficiency(896, 2432, 1, 132), 133.0 / 264.0);
}

TEST(GemmShapeEfficiency, PartialTilesPayForTheWholeTile) {
  // 129 × 128 output: 2 tiles for 1.0078 tiles of work, on a GPU with 2 SMs (one wave):
  // (129 · 128) / (1 · 2 · 128 · 128) = 0.50390625.
  EXPECT_DOUBLE_EQ(gemm_shape_efficiency(129, 128, 1, 2), 0.50390625);
}

TEST(GemmShapeEfficiency, UnknownSmCountMeansNoPenalty) {
  EXPECT_DOUBLE_EQ(gemm_shape_efficiency(100, 100, 1, 0), 1.0);
}

TEST(GemmShapeEfficiency, LargeGemmsApproachOne) {
  // 16,384 × 53,248 / 8 = 16,384 × 6,656: 128 × 52 = 6,656 tiles on 132 SMs = 50.42 → 51 waves:
  // 6,656 / (51 · 132) = 0.98871…
  EXPECT_NEAR(gemm_shape_efficiency(16384, 6656, 1, 132), 6656.0 / (51.0 * 132.0), 1e-12);
}

}  // namespace
}  // namespace gigasim
