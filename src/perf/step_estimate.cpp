#include "perf/step_estimate.hpp"

#include <algorithm>

#include "perf/compute_time.hpp"
#include "workload/step_flops.hpp"

namespace gigasim {
namespace {

// Adam's update streams, per parameter, the fp32 master weight, momentum and variance in and out
// (24 B) plus the 16-bit gradient in and weight out (4 B): memory-bound (ZeRO §3.1 state sizes).
constexpr double kOptimizerBytesPerParameter = 28.0;

Seconds optimizer_time(const Job& job, const MemoryEstimate& memory) {
  // The fp32 optimizer states this GPU holds are 12 B per parameter it updates.
  const double parameters = memory.per_gpu.optimizer.value() / StateBytesPerParameter::kAdamFp32States;
  return Bytes(parameters * kOptimizerBytesPerParameter) / job.cluster.gpu.hbm_bandwidth;
}

}  // namespace

StepEstimate estimate_compute_only(const Job& job) {
  const auto& p = job.parallelism;
  StepEstimate estimate;
  estimate.memory = memory_per_gpu(job);

  Seconds slowest_stage;
  int first_layer = 0;
  for (int stage = 0; stage < p.pp; ++stage) {
    const int layers = p.stage_layers[static_cast<std::size_t>(stage)];
    slowest_stage = std::max(slowest_stage, stage_time(job, stage, first_layer, layers).total());
    first_layer += layers;
  }
  // The slowest stage sets the pace of all micro-batches; the 1F1B bubble adds (p − 1)/v of a
  // micro-batch's stage time (Narayanan et al. 2021 §2.2).
  const double micro_batches = p.micro_batches_per_step();
  estimate.breakdown.compute = slowest_stage * micro_batches;
  estimate.breakdown.pp_bubble = slowest_stage * (double(p.pp - 1) / p.vpp);
  estimate.breakdown.optimizer = optimizer_time(job, estimate.memory);
  estimate.step_time = estimate.breakdown.total();

  const StepFlops flops = step_flops(job);
  const double gpus = job.cluster.gpus;
  const FlopsPerSecond peak = *job.cluster.gpu.peak(p.precision);
  estimate.model_flops_per_step = flops.model;
  estimate.hardware_flops_per_step = flops.hardware;
  estimate.model_flops_per_gpu = flops.model / estimate.step_time / gpus;
  estimate.hardware_flops_per_gpu = flops.hardware / estimate.step_time / gpus;
  estimate.mfu = estimate.model_flops_per_gpu / peak;
  estimate.hfu = estimate.hardware_flops_per_gpu / peak;
  estimate.tokens_per_s = double(p.global_batch) * p.seq_len / estimate.step_time.value();
  if (job.training.tokens) estimate.time_to_train_days = *job.training.tokens / estimate.tokens_per_s / kSecondsPerDay;
  return estimate;
}

}  // namespace gigasim
