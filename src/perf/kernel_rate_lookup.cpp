#include "perf/kernel_rate_lookup.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include "perf/gemm_efficiency.hpp"

namespace gigasim {
namespace {

// Where a size falls on a measured axis: the two grid points around it, the weight of the upper
// one (linear in log size), and the factor the rate takes below the smallest measured size.
struct AxisPosition {
  std::size_t lower = 0;
  std::size_t upper = 0;
  double upper_weight = 0;
  double below_range = 1;
};

// `axis` ascending, `logs` its natural logs.
AxisPosition locate(const std::vector<double>& axis, const std::vector<double>& logs, double size) {
  const std::size_t last = axis.size() - 1;
  if (size <= axis.front()) return {0, 0, 0.0, std::max(size, 0.0) / axis.front()};
  if (size >= axis.back()) return {last, last, 0.0, 1.0};
  const auto above = std::upper_bound(axis.begin(), axis.end(), size);
  const auto upper = static_cast<std::size_t>(above - axis.begin());
  const std::size_t lower = upper - 1;
  const double weight = (std::log(size) - logs[lower]) / (logs[upper] - logs[lower]);
  return {lower, upper, weight, 1.0};
}

// The grid's log-rate at the corners around the point, blended; `log_rate_at(i, j, k)` reads one corner.
template <std::size_t N, class Reader>
double blend(const std::array<AxisPosition, N>& where, Reader log_rate_at) {
  double log_rate = 0;
  for (std::size_t corner = 0; corner < (std::size_t{1} << N); ++corner) {
    double weight = 1;
    std::array<std::size_t, N> index{};
    for (std::size_t axis = 0; axis < N; ++axis) {
      const bool upper = ((corner >> axis) & 1U) != 0;
      weight *= upper ? where[axis].upper_weight : 1.0 - where[axis].upper_weight;
      index[axis] = upper ? where[axis].upper : where[axis].lower;
    }
    if (weight == 0.0) continue;
    log_rate += weight * log_rate_at(index);
  }
  double rate = std::exp(log_rate);
  for (const AxisPosition& position : where) rate *= position.below_range;
  return rate;
}

double table_tflops(const GemmTable& table, double m, double n, double k) {
  const std::array<AxisPosition, 3> where{locate(table.m, table.log_m, m), locate(table.n, table.log_n, n),
                                          locate(table.k, table.log_k, k)};
  return blend(where, [&](const std::array<std::size_t, 3>& i) {
    return table.log_tflops[(i[0] * table.n.size() + i[1]) * table.k.size() + i[2]];
  });
}

// The peak of the part the tables were measured on, at a precision; the 16-bit one stands for
// fp16 and bf16 alike.
std::optional<FlopsPerSecond> reference_peak(const KernelRates& rates, Precision precision) {
  if (precision == Precision::fp8) return rates.peak.fp8;
  if (precision == Precision::fp16 && rates.peak.fp16) return rates.peak.fp16;
  return rates.peak.bf16 ? rates.peak.bf16 : rates.peak.fp16;
}

// A table's rate moved to another part of the same die by the ratio of their peaks (a GB200 GPU runs
// the B200's kernels at its own, higher clock).
FlopsPerSecond scaled(double rate_tflops, const GpuSpec& gpu, const KernelRates& rates, Precision precision) {
  const FlopsPerSecond own = *gpu.peak(precision);
  const std::optional<FlopsPerSecond> measured = reference_peak(rates, precision);
  return tflops(rate_tflops) * (measured ? own / *measured : 1.0);
}

// The GPU's best-shape rate at a precision (MAMF).
FlopsPerSecond best_shape_rate(const GpuSpec& gpu, Precision precision) {
  return *gpu.peak(precision) * gpu.achievable_matmul_fraction(precision);
}

}  // namespace

FlopsPerSecond gemm_rate(const GpuSpec& gpu, Precision precision, double m, double n, double k, double count) {
  const double rows = m * std::max(count, 1.0);
  if (const KernelRates* rates = gpu.kernel_rates.get()) {
    if (const GemmTable* table = rates->gemm(precision))
      return scaled(table_tflops(*table, rows, n, k), gpu, *rates, precision);
    // No table at this precision (Hopper's FP8): the 16-bit table's shape dependence, at the ratio of
    // the two precisions' best-shape rates. ASSUMPTION: tile, wave and latency losses scale alike.
    const Precision sixteen = gpu.peak(Precision::bf16) ? Precision::bf16 : Precision::fp16;
    if (const GemmTable* table = rates->gemm(sixteen); table != nullptr && precision != sixteen)
      return scaled(table_tflops(*table, rows, n, k), gpu, *rates, sixteen) *
             (best_shape_rate(gpu, precision) / best_shape_rate(gpu, sixteen));
  }
  return best_shape_rate(gpu, precision) *
         gemm_shape_efficiency(m, n, std::max(count, 1.0), gpu.streaming_multiprocessors);
}

std::optional<FlopsPerSecond> tabled_attention_rate(const GpuSpec& gpu, AttentionKernel kernel, double head_dim,
                                                    double seq_len, bool backward) {
  const KernelRates* rates = gpu.kernel_rates.get();
  if (rates == nullptr) return std::nullopt;
  const AttentionTable* table = rates->attention(kernel);
  if (table == nullptr) return std::nullopt;
  const std::vector<double>& log_tflops = backward ? table->log_backward_tflops : table->log_forward_tflops;
  const std::array<AxisPosition, 2> where{locate(table->head_dim, table->log_head_dim, head_dim),
                                          locate(table->seq_len, table->log_seq_len, seq_len)};
  const double rate = blend(
      where, [&](const std::array<std::size_t, 2>& i) { return log_tflops[i[0] * table->seq_len.size() + i[1]]; });
  const Precision sixteen = gpu.peak(Precision::bf16) ? Precision::bf16 : Precision::fp16;
  return scaled(rate, gpu, *rates, sixteen);
}

}  // namespace gigasim
