#pragma once
// The step model in two phases (after Calculon's compile → run): `compile_step` does everything
// that depends on the job alone — op times on every stage, collective times on the placed groups,
// memory — and `evaluate` combines them under the pipeline schedule and the overlap rules with
// plain arithmetic: no allocation, about a microsecond, for searches that evaluate millions.

#include <optional>

#include "cluster/topology.hpp"
#include "perf/step_estimate.hpp"
#include "spec/job.hpp"
#include "util/units.hpp"
#include "workload/memory.hpp"

namespace gigasim {

struct CompiledStep {
  // One micro-batch on the slowest pipeline stage (the one with the longest total per micro-batch).
  Seconds forward;
  Seconds backward;
  Seconds recompute;
  Seconds host_bound;  // of forward + backward + recompute, the GPU waiting for the host's launches
  Seconds tp_exposed;  // tensor-parallel collectives on the critical path (not overlapped)
  Seconds cp_exposed;  // ring-attention K/V exchange not hidden behind attention
  Seconds ep_exposed;  // expert all-to-alls
  Seconds p2p;         // one activation message to the next pipeline stage

  // Whole step, per GPU of the slowest stage.
  Seconds dp_gradient_sync;  // reduce-scatter (ZeRO ≥ 1) or all-reduce (ZeRO 0) of the gradients
  Seconds dp_param_gather;   // all-gather of updated parameters (ZeRO ≥ 1) or, for ZeRO-3, per micro-batch
  double dp_buckets = 1;     // gradient buckets: the last one's sync cannot overlap backward
  Seconds optimizer;
  bool zero3 = false;
  bool dp_overlap = true;  // gradients reduce under the backward (Parallelism::dp_overlap)

  double micro_batches = 1;
  double pp = 1;
  double vpp = 1;
  bool dualpipe = false;
  double gpus = 1;
  double tokens_per_step = 0;
  Flops model_flops;
  Flops hardware_flops;
  Flops model_flops_causal;
  FlopsPerSecond peak;
  MemoryEstimate memory;
  std::optional<double> training_tokens;
};

CompiledStep compile_step(const Job& job);
// The same on a topology already built for the job's cluster (build_topology): a search compiles
// thousands of layouts on one cluster and builds its tiers once.
CompiledStep compile_step(const Job& job, const Topology& topology);

// The step with its exposed parts, throughput and utilisation (INTERFACE.md §2).
StepEstimate evaluate(const CompiledStep& step);
// Throughput, utilisation and time to train for a step whose exposed parts were found otherwise
// (the event simulator): the step time is their sum.
StepEstimate estimate_from_breakdown(const CompiledStep& step, const StepBreakdown& parts);

}  // namespace gigasim
