// Measured kernel rates by shape (data/kernel_rates.yaml) as the step model reads them: the grid's
// own points, log-log interpolation between them, saturation above and proportional fall below, the
// peak ratio to another part of the die, FP8 from the 16-bit table, and the fallback for GPUs without
// a table. Expected values are the table entries themselves or worked by hand from them.
#include "perf/kernel_rate_lookup.hpp"

#include <cmath>

#include <gtest/gtest.h>

#include "spec/catalog.hpp"
#include "workload/layer_ops.hpp"

namespace gigasim {
namespace {

const Catalog& catalog() {
  static const Catalog built_in = load_builtin_catalog().value();
  return built_in;
}

double tflops_at(const char* gpu, Precision precision, double m, double n, double k, double count = 1) {
  return to_tflops(gemm_rate(catalog().gpus.at(gpu), precision, m, n, k, count));
}

TEST(KernelRateLookup, GridPointsAreTheMeasuredRates) {
  // OpenXLA's sm_90 table, bf16: m = n = k = 4096 runs at 780.19 TFLOP/s; m = 256, n = k = 1024 at 75.1.
  EXPECT_NEAR(tflops_at("h100-sxm", Precision::bf16, 4096, 4096, 4096), 780.2, 0.05);
  EXPECT_NEAR(tflops_at("h100-sxm", Precision::bf16, 256, 1024, 1024), 75.1, 0.05);
  // Every part of the die reads the same table: H800 and H200 have H100's peak.
  EXPECT_NEAR(tflops_at("h800", Precision::bf16, 4096, 4096, 4096), 780.2, 0.05);
}

TEST(KernelRateLookup, BetweenPointsTheLogRateIsLinearInLogSize) {
  // m = 2048·√2 lies halfway (in log m) between 2048 (752.3) and 4096 (780.2) at n = k = 4096:
  // the geometric mean √(752.3 · 780.2) = 766.1.
  EXPECT_NEAR(tflops_at("h100-sxm", Precision::bf16, 2048 * std::sqrt(2.0), 4096, 4096), 766.1, 0.1);
}

TEST(KernelRateLookup, LargeShapesSaturateAndSmallOnesFallInProportion) {
  // Beyond the grid (m 16,384, n and k 4,096) the edge holds: m = 16,384, n = k = 4,096 is the batched
  // b = 4 entry, 788.7; n = k = 16,384 reads the same.
  EXPECT_NEAR(tflops_at("h100-sxm", Precision::bf16, 65536, 16384, 16384), 788.7, 0.05);
  // Below the grid the rate falls with the size: m = 128 is half of m = 256's 418.4 at n = k = 4096.
  EXPECT_NEAR(tflops_at("h100-sxm", Precision::bf16, 128, 4096, 4096), 418.4 / 2.0, 0.05);
}

TEST(KernelRateLookup, BatchedGemmsFillTheGpuLikeOneTallerGemm) {
  // 4 GEMMs of 1,024 rows read the row of 4,096: 780.2.
  EXPECT_NEAR(tflops_at("h100-sxm", Precision::bf16, 1024, 4096, 4096, 4), 780.2, 0.05);
}

TEST(KernelRateLookup, AnotherPartOfTheDieRunsAtItsOwnPeak) {
  // sm_100's bf16 4096³ is 1,416.9 TFLOP/s against HGX B200's 2,250 peak; GB200's peak is 2,500:
  // 1,416.9 · 2,500 / 2,250 = 1,574.3.
  EXPECT_NEAR(tflops_at("b200", Precision::bf16, 4096, 4096, 4096), 1416.9, 0.05);
  EXPECT_NEAR(tflops_at("gb200", Precision::bf16, 4096, 4096, 4096), 1574.3, 0.1);
}

TEST(KernelRateLookup, Fp8WithoutItsOwnTableTakesTheSixteenBitShapeAtTheBestShapeRatio) {
  // H100: FP8 best shape 0.709 · 1,979 = 1,403.1, bf16 0.803 · 989 = 794.2; so 780.2 · 1,403.1 / 794.2
  // = 1,378.4 at 4096³.
  const double expected = 780.19 * (0.709 * 1979.0) / (0.803 * 989.0);
  EXPECT_NEAR(tflops_at("h100-sxm", Precision::fp8, 4096, 4096, 4096), expected, 0.5);
  // B200 has its own FP8 table: 2,765.0 at 4096³.
  EXPECT_NEAR(tflops_at("b200", Precision::fp8, 4096, 4096, 4096), 2765.0, 0.05);
}

TEST(KernelRateLookup, WithoutATableTheBestShapeRateIsQuantizedByTilesAndWaves) {
  // V100: 125 TFLOP/s fp16 × 0.80 best shape = 100. A 1,024 × 1,024 output is 64 tiles of 128 × 128
  // on 80 SMs: one wave, 64/80 busy, so 80 TFLOP/s.
  EXPECT_NEAR(tflops_at("v100", Precision::fp16, 1024, 1024, 1024), 80.0, 1e-9);
}

TEST(KernelRateLookup, AttentionReadsItsKernelsTable) {
  const GpuSpec& h100 = catalog().gpus.at("h100-sxm");
  // cuDNN (Transformer Engine's fused kernel on Hopper), head dim 128, 4,096 tokens: 518 forward, 424
  // backward.
  EXPECT_NEAR(to_tflops(*tabled_attention_rate(h100, AttentionKernel::fused, 128, 4096, false)), 518.0, 1e-9);
  EXPECT_NEAR(to_tflops(*tabled_attention_rate(h100, AttentionKernel::fused, 128, 4096, true)), 424.0, 1e-9);
  // FlashAttention-2 at head dim 96, halfway in log between 64 and 128 at √2 · 64 = 90.5, is not
  // halfway: 96 sits at log(96/64)/log(2) = 0.585 of the way. At 2,048 tokens: 262^0.415 · 298^0.585.
  const double weight = std::log(96.0 / 64.0) / std::log(2.0);
  const double expected = std::exp((1.0 - weight) * std::log(262.0) + weight * std::log(298.0));
  EXPECT_NEAR(to_tflops(*tabled_attention_rate(h100, AttentionKernel::flash2, 96, 2048, false)), expected, 1e-9);
  // No attention table for Blackwell: the GPU's single efficiency stands in (nothing here).
  EXPECT_FALSE(tabled_attention_rate(catalog().gpus.at("b200"), AttentionKernel::fused, 128, 4096, false));
}

TEST(KernelRateLookup, AGroupedExpertGemmAtEightThousandRowsPerExpert) {
  // 4 local experts of 8,192 rows each, up-projection N = 4,096, K = 7,168 (DeepSeek-V3's shapes) in
  // FP8 on H800, run as Transformer Engine does: one GEMM per expert on 4 streams, all 4 at once, so
  // the rate of one GEMM of 32,768 rows. Beyond the grid that is the 16,384-row edge at N = K = 4,096:
  // 788.7 bf16, × 1,403.1 / 794.2 for FP8 = 1,393.4 TFLOP/s. DeepGEMM's grouped kernel measured 1,346
  // on these shapes in isolation (deepseek-ai/DeepGEMM README, 4 groups × 8,192): within 4%.
  const double rate = tflops_at("h800", Precision::fp8, 8192, 4096, 7168, 4);
  EXPECT_NEAR(rate, 788.7 * (0.709 * 1979.0) / (0.803 * 989.0), 0.5);
  EXPECT_NEAR(rate / 1346.0, 1.0, 0.04);
}

TEST(KernelRateLookup, ALayersFp8CastsStreamAtTheAchievableBandwidth) {
  // A Llama 3 8B layer (hidden 4,096, 32 heads of 128, 8 KV heads, SwiGLU 14,336) on 8,192 tokens in
  // FP8: the projection's and the down-projection's inputs are cast (the others come from a norm that
  // casts them itself), 4 B per element each (read 2, write the FP8 copy and its transpose):
  // 4 · 8,192 · (4,096 + 14,336) = 603,979,776 B in 2 kernels, 225.4 µs at 0.80 · 3.35 TB/s. Backward
  // casts each GEMM's output gradient: 4 · 8,192 · (6,144 + 4,096 + 28,672 + 4,096) = 1,409,286,144 B.
  const Job h100 = [] {
    Job job;
    job.model = catalog().models.at("llama3-8b");
    job.cluster.gpu = catalog().gpus.at("h100-sxm");
    job.parallelism.seq_len = 8192;
    job.parallelism.precision = Precision::fp8;
    return job;
  }();
  const OpList ops = layer_ops(h100.model, h100.parallelism, 0);
  const Op* cast = nullptr;
  for (const Op& op : ops)
    if (op.kind == OpKind::fp8_cast) cast = &op;
  ASSERT_NE(cast, nullptr);
  EXPECT_DOUBLE_EQ(cast->forward_bytes.value(), 603979776.0);
  EXPECT_EQ(cast->launches, 2.0);
  EXPECT_DOUBLE_EQ(cast->forward_bytes.value() * cast->backward_factor, 1409286144.0);
  EXPECT_NEAR((cast->forward_bytes / h100.cluster.gpu.achievable_hbm_bandwidth()).value(), 225.365e-6, 1e-9);
}

}  // namespace
}  // namespace gigasim
