#pragma once
// The answer for one job (INTERFACE.md §2): step time and its parts, throughput, utilisation,
// memory per GPU and time to train.

#include <optional>

#include "spec/job.hpp"
#include "util/units.hpp"
#include "workload/memory.hpp"

namespace gigasim {

// Exposed (not overlapped) time of each part of a step; the parts add up to the step time.
struct StepBreakdown {
  Seconds compute;
  Seconds tp_comm;
  Seconds cp_comm;
  Seconds ep_comm;
  Seconds pp_comm;
  Seconds pp_bubble;
  Seconds dp_comm;
  Seconds optimizer;

  [[nodiscard]] Seconds total() const {
    return compute + tp_comm + cp_comm + ep_comm + pp_comm + pp_bubble + dp_comm + optimizer;
  }
};

struct StepEstimate {
  MemoryEstimate memory;
  StepBreakdown breakdown;
  Seconds step_time;
  double tokens_per_s = 0;  // whole job
  Flops model_flops_per_step;
  Flops hardware_flops_per_step;
  FlopsPerSecond model_flops_per_gpu;
  FlopsPerSecond model_flops_per_gpu_causal;  // causal attention at half (NeMo's convention)
  FlopsPerSecond hardware_flops_per_gpu;
  double mfu = 0;
  double hfu = 0;
  std::optional<double> time_to_train_days;
  // Of breakdown.compute, the time the GPU waits for the host to launch kernels (compute_time.hpp).
  Seconds compute_host_bound;
};

// The step on the job's cluster: compute on the slowest pipeline stage (op-level roofline), every
// collective on the placed groups, the pipeline schedule and the overlap rules (compiled_step.hpp).
StepEstimate estimate_step(const Job& job);

// The same step on an ideal network: every communication part 0. What the fabric costs is the
// difference between the two.
StepEstimate estimate_compute_only(const Job& job);

}  // namespace gigasim
