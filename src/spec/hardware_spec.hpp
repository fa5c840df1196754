#pragma once
// Plain descriptions of the hardware a job runs on: GPU, node, scale-out fabric. Filled from the
// catalog (data/*.yaml) or a job file's mappings; every figure's source is in `sources`.

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "spec/precision.hpp"
#include "util/units.hpp"

namespace gigasim {

struct KernelRates;  // spec/kernel_rates.hpp

struct DensePeak {
  std::optional<FlopsPerSecond> fp16;
  std::optional<FlopsPerSecond> bf16;
  std::optional<FlopsPerSecond> fp8;
};

// Fraction of the dense peak that the best-shaped large GEMMs reach, per precision ("maximum
// achievable matmul FLOPS", measured by brute-force shape search).
struct MatmulEfficiency {
  std::optional<double> fp16;
  std::optional<double> bf16;
  std::optional<double> fp8;
};

struct GpuSpec {
  std::string name;
  std::string description;
  std::string architecture;  // volta | ampere | hopper | blackwell | cdna3
  int released_year = 0;
  DensePeak dense_peak;  // dense (no sparsity) tensor-core peak per precision
  MatmulEfficiency matmul_efficiency;
  int streaming_multiprocessors = 0;  // SMs (NVIDIA) or compute units (AMD); 0 when unknown
  // Compute rate held under sustained load at the power limit over the short-burst rate the
  // efficiencies above were measured at (MSMF / MAMF): training runs for hours, not bursts.
  double sustained_clock_ratio = 1.0;
  // Fraction of the 16-bit peak that fused attention kernels reach over forward and backward (the
  // FlashAttention FLOP convention), per kernel family: `fused` is what Megatron's Transformer Engine
  // runs (cuDNN / FlashAttention-3 class on Hopper and later, FlashAttention-2 on Ampere), `flash2`
  // is PyTorch SDPA's FlashAttention-2 backend (torchtitan until 2025), `flash1` the first
  // FlashAttention and the Triton kernels of its generation. Unset: the GPU runs that kernel at its
  // matmul rate with GEMM tiling, as unfused attention.
  std::optional<double> attention_efficiency_fused;
  std::optional<double> attention_efficiency_flash2;
  std::optional<double> attention_efficiency_flash1;
  [[nodiscard]] std::optional<double> attention_efficiency(AttentionKernel kernel) const {
    switch (kernel) {
      case AttentionKernel::fused: return attention_efficiency_fused;
      case AttentionKernel::flash2: return attention_efficiency_flash2;
      case AttentionKernel::flash1: return attention_efficiency_flash1;
    }
    return std::nullopt;
  }
  Seconds min_kernel_time;  // no kernel finishes faster: launch and tail
  // Whether FlashAttention-class fused attention runs on it (FlashAttention and Transformer Engine's
  // fused attention need Turing or later; V100 runs none). Without it there is no fused attention
  // and no context parallelism, whose ring attention runs on those kernels.
  bool fused_attention = true;
  // Measured GEMM and attention rates by shape of this GPU's die (data/kernel_rates.yaml), by name;
  // linked to the table set when the catalog is loaded. Empty: the best-shape figures above, with
  // tile and wave quantization, stand for every shape.
  std::string kernel_rates_name;
  std::shared_ptr<const KernelRates> kernel_rates;
  Bytes hbm_capacity;
  BytesPerSecond hbm_bandwidth;
  // The share of hbm_bandwidth memory-bound kernels reach (1 when unknown): the rate elementwise ops,
  // casts and the optimizer stream at.
  double hbm_efficiency = 1.0;
  [[nodiscard]] BytesPerSecond achievable_hbm_bandwidth() const { return hbm_bandwidth * hbm_efficiency; }
  BytesPerSecond nvlink_bandwidth;  // per GPU, bidirectional aggregate as datasheets quote it
  Watts tdp;
  std::optional<Usd> price;  // list or street price per GPU, when known
  std::string default_node;
  std::vector<std::string> sources;

  // The dense peak at a precision, or nothing when the chip lacks it (no fp8 before Hopper).
  [[nodiscard]] std::optional<FlopsPerSecond> peak(Precision precision) const;
  // The achievable fraction at a precision: its own figure, else the 16-bit one, else 1 (peak).
  [[nodiscard]] double achievable_matmul_fraction(Precision precision) const;
};

struct NodeSpec {
  std::string name;
  std::string description;
  std::string gpu;
  int gpus_per_node = 0;
  int nvlink_domain_gpus = 0;  // GPUs reachable over NVLink/NVSwitch (72 in a GB200 NVL72 rack)
  int nics = 0;                // backend (scale-out) NICs per node
  BytesPerSecond nic_bandwidth;
  Watts host_power;  // node power other than the GPUs at full load (a compute tray's own, on a rack)
  // Rack-scale systems only: the racks one NVLink domain spans (1 for an NVL72, 2 for an NVL36×2,
  // whose racks are joined by NVLink cables) and its NVLink switch trays with their power each.
  int racks_per_domain = 1;
  int switch_trays_per_domain = 0;
  Watts switch_tray_power;
  // Host (CPU) time per framework operation that launches a kernel: Python, the framework's C++ and
  // the launch itself. When a layer's kernels are shorter than this, the GPU waits on the host.
  Seconds host_op_time;
  std::string default_fabric;
  // Collective calibration on the NVLink domain (nccl-tests bus bandwidth). Absent fields mean the
  // ideal link: efficiency 1, no latency, no NVLS.
  double nvlink_bus_efficiency = 1.0;  // ring all-reduce busBW ÷ one-direction NVLink bandwidth
  Seconds nvlink_step_latency;         // one ring step over NVLink (NCCL's per-step hardware latency)
  bool nvls = false;                   // NVLink SHARP: the NVSwitch reduces in the network (NVSwitch gen 3+)
  double nvls_efficiency = 1.0;        // NVLS all-reduce algBW ÷ one-direction NVLink bandwidth
  Seconds nvls_latency;                // fixed latency of an NVLS all-reduce
  std::vector<std::string> sources;

  // Rack-scale systems (GB200/GB300 NVL72): the NVLink domain spans several nodes (compute trays) and
  // is the rack; clusters come in whole domains.
  [[nodiscard]] bool rack_scale() const { return nvlink_domain_gpus > gpus_per_node; }
  // The unit GPUs come in: a node, or a whole NVLink domain on a rack-scale system.
  [[nodiscard]] int gpus_per_unit() const { return std::max(1, rack_scale() ? nvlink_domain_gpus : gpus_per_node); }
  // The NVLink switch trays' power per NVLink domain (none outside rack-scale systems, whose NVSwitch
  // chips sit on the node's board and count in its host power).
  [[nodiscard]] Watts domain_switch_power() const {
    return switch_tray_power * static_cast<double>(switch_trays_per_domain);
  }
};

enum class FabricTopology { fat_tree, rail_optimized };

struct FabricTier {
  std::string name;
  double oversubscription = 1.0;  // downlink : uplink bandwidth at this tier (1 = non-blocking)
  Seconds hop_latency;
};

struct FabricSpec {
  std::string name;
  std::string description;
  FabricTopology topology = FabricTopology::fat_tree;
  BytesPerSecond link_bandwidth;
  int switch_radix = 0;
  bool sharp = false;  // in-network reduction available
  std::vector<FabricTier> tiers;
  std::optional<int> pod_gpus;  // GPUs per non-blocking pod, where the fabric has pods
  // Collective calibration (nccl-tests bus bandwidth across nodes). Absent fields mean the ideal
  // fabric: efficiency 1, no latency.
  double bus_efficiency = 1.0;  // multi-node ring all-reduce busBW ÷ the node's NIC bandwidth
  Seconds step_latency;         // NIC and software latency of one step across the fabric (NCCL)
  Seconds sharp_latency;        // fixed latency of a SHARP all-reduce, where `sharp`
  std::vector<std::string> sources;
};

}  // namespace gigasim
