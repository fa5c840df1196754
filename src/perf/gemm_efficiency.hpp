#pragma once
// How much of the achievable matmul rate a GEMM of a given shape gets. A GPU computes a GEMM in
// output tiles, one per streaming multiprocessor at a time: a dimension that is not a multiple of
// the tile pays for the whole last tile (tile quantization), and a tile count that is not a
// multiple of the SM count leaves SMs idle in the last wave (wave quantization) — NVIDIA, "Matrix
// Multiplication Background User's Guide" (Deep Learning Performance docs), §"Dimension
// quantization effects". The achievable rate itself (best shapes) is the GPU's matmul_efficiency.

namespace gigasim {

// cuBLAS's large-GEMM kernels on Ampere and Hopper use 128×128 and 128×256 output tiles; 128×128
// is the smaller, favourable case (the guide's worked examples). ASSUMPTION: one tile size for all shapes.
inline constexpr double kGemmTileRows = 128.0;
inline constexpr double kGemmTileColumns = 128.0;

// Useful work / work the tiles and waves pay for, in (0, 1]; 1 when `streaming_multiprocessors` is 0
// (unknown). m×n is the output of one GEMM, `count` independent GEMMs of that shape run together.
double gemm_shape_efficiency(double m, double n, double count, int streaming_multiprocessors);

}  // namespace gigasim
