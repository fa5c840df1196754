#pragma once
// Time of a pipeline stage's work for one micro-batch on one GPU, by an op-level roofline: each
// op takes the longer of its FLOPs at the achievable matmul rate and its bytes at HBM bandwidth
// (Williams et al. 2009, "Roofline").

#include "spec/job.hpp"
#include "util/units.hpp"

namespace gigasim {

struct StageTime {
  Seconds forward;
  Seconds backward;   // input and weight gradients
  Seconds recompute;  // forward work redone in the backward pass
  [[nodiscard]] Seconds total() const { return forward + backward + recompute; }
};

// Stage `stage` holds `layers` layers starting at `first_layer` (0-based).
StageTime stage_time(const Job& job, int stage, int first_layer, int layers);

// Forward and backward time of one layer's core attention (QKᵀ and attention·V) for one
// micro-batch: what context parallelism's K/V exchange can hide behind.
Seconds core_attention_time(const Job& job, int layer);

}  // namespace gigasim
