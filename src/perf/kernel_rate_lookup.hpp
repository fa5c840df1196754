#pragma once
// The rate a GPU reaches on one GEMM or one fused-attention kernel of a given shape, read from the
// measured tables of its die (data/kernel_rates.yaml) by interpolation, at the short-burst clocks the
// tables were measured at (the step model applies the GPU's sustained clock ratio on top). Where a
// GPU, precision or kernel has no table, the GPU's best-shape figure stands in, with tile and wave
// quantization for GEMMs (gemm_efficiency.hpp).

#include <optional>

#include "spec/hardware_spec.hpp"
#include "spec/kernel_rates.hpp"
#include "util/units.hpp"

namespace gigasim {

// Interpolation on a measured grid: linear in log(size) for the log of the rate between the two
// measured sizes around it. Above the largest measured size the rate stays at the edge (large
// GEMMs and long sequences saturate); below the smallest it falls in proportion to the size, as the
// last output tile is paid for whole while holding less work.

// One GEMM of m×k by k×n (2·m·n·k FLOPs) at `precision`. `count` independent GEMMs of that shape
// run as one batched kernel fill the GPU like one of `count`·m rows.
FlopsPerSecond gemm_rate(const GpuSpec& gpu, Precision precision, double m, double n, double k, double count = 1);

// Causal fused attention at `head_dim` over chunks of `seq_len` tokens, forward or backward (the
// FlashAttention FLOP convention: causal work halved, backward 2.5× forward); nothing when the GPU
// has no table for the kernel.
std::optional<FlopsPerSecond> tabled_attention_rate(const GpuSpec& gpu, AttentionKernel kernel, double head_dim,
                                                    double seq_len, bool backward);

}  // namespace gigasim
