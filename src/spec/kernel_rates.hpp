#pragma once
// Measured kernel rates of one GPU die by shape (data/kernel_rates.yaml): GEMM throughput on a grid
// of (m, n, k), and fused-attention throughput by head dimension and sequence length, forward and
// backward. A GPU names the table set of its die (`kernel_rates:` in its catalog entry); the step
// model interpolates them (perf/kernel_rate_lookup) and falls back to the GPU's single best-shape
// figures where a GPU, precision or kernel has no table.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "spec/hardware_spec.hpp"
#include "spec/precision.hpp"

namespace gigasim {

// TFLOP/s of one GEMM (m×k by k×n, 2·m·n·k FLOPs) at each point of the grid m × n × k, each axis
// ascending: tflops[(i·|n| + j)·|k| + l] is the rate at (m[i], n[j], k[l]).
struct GemmTable {
  std::vector<double> m;
  std::vector<double> n;
  std::vector<double> k;
  std::vector<double> tflops;
  std::string source;
  // The natural logs of the above, kept beside them: interpolation runs in log space, in a search's
  // inner loop.
  std::vector<double> log_m;
  std::vector<double> log_n;
  std::vector<double> log_k;
  std::vector<double> log_tflops;
};

// TFLOP/s of a causal fused-attention kernel in the FlashAttention convention (causal work halved;
// backward counts 2.5× the forward FLOPs), per head dimension and sequence length:
// forward_tflops[i·|seq_len| + j] is the rate at (head_dim[i], seq_len[j]).
struct AttentionTable {
  std::vector<double> head_dim;
  std::vector<double> seq_len;
  std::vector<double> forward_tflops;
  std::vector<double> backward_tflops;
  std::string source;
  std::vector<double> log_head_dim;  // natural logs, as for GemmTable
  std::vector<double> log_seq_len;
  std::vector<double> log_forward_tflops;
  std::vector<double> log_backward_tflops;
};

// Fills a table's log vectors from its values.
void index_logs(GemmTable& table);
void index_logs(AttentionTable& table);

struct KernelRates {
  std::string name;
  std::string description;
  DensePeak peak;  // the dense peak of the part measured: another part scales the rates by its own
  std::optional<GemmTable> gemm_fp16;
  std::optional<GemmTable> gemm_bf16;
  std::optional<GemmTable> gemm_fp8;
  std::optional<AttentionTable> attention_fused;
  std::optional<AttentionTable> attention_flash2;
  std::optional<AttentionTable> attention_flash1;
  std::vector<std::string> sources;

  [[nodiscard]] const GemmTable* gemm(Precision precision) const;
  [[nodiscard]] const AttentionTable* attention(AttentionKernel kernel) const;
};

}  // namespace gigasim
