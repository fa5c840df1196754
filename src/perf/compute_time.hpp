#pragma once
// Time of a pipeline stage's work for one micro-batch on one GPU, by an op-level roofline: each
// op takes the longer of its FLOPs at the achievable matmul rate and its bytes at HBM bandwidth
// (Williams et al. 2009, "Roofline"), and no kernel less than the GPU's minimum. The host launches
// the kernels: a layer's pass takes at least the host's time for its operations (the node's
// host_op_time each, unless CUDA graphs capture them), however short its kernels.

#include <array>
#include <optional>

#include "spec/job.hpp"
#include "util/units.hpp"

namespace gigasim {

struct StageTime {
  Seconds forward;
  Seconds backward;   // input and weight gradients
  Seconds recompute;  // forward work redone in the backward pass
  // Of the three, the time the GPU waits for the host to launch its kernels: per layer and pass, the
  // host's time beyond the kernels' (kernels shorter than the host's time per launch).
  Seconds host_bound;
  [[nodiscard]] Seconds total() const { return forward + backward + recompute; }
};

// One layer's times, by kind (dense or MoE), computed once for all the stages of a job: every layer
// of a kind costs the same.
struct LayerTimes {
  StageTime pass;  // forward, backward, recompute for one micro-batch, with the host's launches
  Seconds core_attention;
  Seconds linear_gemms;
};
class LayerTimeCache {
 public:
  explicit LayerTimeCache(const Job& job) : job_(job) {}
  const LayerTimes& of(int layer);

 private:
  const Job& job_;
  std::array<std::optional<LayerTimes>, 2> by_kind_;  // dense, MoE
};

// Stage `stage` holds `layers` layers starting at `first_layer` (0-based).
StageTime stage_time(const Job& job, int stage, int first_layer, int layers);
StageTime stage_time(const Job& job, int stage, int first_layer, int layers, LayerTimeCache& layers_of_kind);

// Forward and backward time of one layer's core attention (QKᵀ and attention·V) for one
// micro-batch: what context parallelism's K/V exchange can hide behind.
Seconds core_attention_time(const Job& job, int layer);

// Forward and backward time of one layer's dense linear GEMMs (QKV, projection, MLP, shared experts)
// for one micro-batch: what overlapped tensor-parallel collectives hide behind.
Seconds linear_gemm_time(const Job& job, int layer);

}  // namespace gigasim
