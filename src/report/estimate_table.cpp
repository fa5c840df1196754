#include "report/estimate_table.hpp"

#include <fmt/format.h>

#include "spec/choices.hpp"
#include "util/number_format.hpp"
#include "util/units.hpp"
#include "workload/parameter_count.hpp"

namespace gigasim {
namespace {

constexpr double kPercent = 100.0;
constexpr double kBillion = 1e9;

std::string layout_line(const Job& job) {
  const Parallelism& p = job.parallelism;
  return fmt::format(
      "tp {}{} · pp {}{} · cp {} · ep {} · dp {} · ZeRO-{} · recompute {} · {}{}", p.tp, p.sp ? " (sp)" : "", p.pp,
      p.vpp > 1 ? fmt::format(" × vpp {}", p.vpp) : "", p.cp, p.ep, with_commas(p.dp), p.zero, to_string(p.recompute),
      to_string(p.precision),
      p.flash_attention ? fmt::format(" · {} attention", to_string(job.training.attention_kernel_or_default())) : "");
}

// What shrinks the largest part of an overflowing memory stack, in the job's own terms.
std::string overflow_advice(const MemoryBreakdown& m, const Parallelism& p) {
  struct Part {
    const char* name;
    Bytes bytes;
    std::string remedy;
  };
  const std::string more_sharding = p.zero < 3 ? fmt::format("raise zero above {}, ", p.zero) : "";
  const Part parts[] = {
      {"weights", m.weights, more_sharding + "or more tp/pp/ep"},
      {"grads", m.grads, more_sharding + "or more tp/pp/ep"},
      {"optimizer", m.optimizer, p.zero == 0 ? "zero: 1 shards it over data-parallel ranks" : "more tp/pp/ep"},
      {"activations", m.activations,
       p.recompute == Recompute::full ? "a smaller micro_batch, more tp (with sp), cp or pp"
                                      : "recompute: full, a smaller micro_batch, more tp (with sp), cp or pp"},
      {"buffers", m.buffers, "a smaller micro_batch"},
      {"overhead", m.overhead, "nothing in the layout: it is fixed per GPU"},
  };
  const Part* largest = &parts[0];
  for (const Part& part : parts)
    if (part.bytes > largest->bytes) largest = &part;
  return fmt::format("largest part: {} ({:.1f} GiB); to shrink it: {}", largest->name, to_gib(largest->bytes),
                     largest->remedy);
}

void memory_rows(std::string& out, const StepEstimate& estimate, const Parallelism& layout) {
  const int stages = layout.pp;
  const MemoryBreakdown& m = estimate.memory.per_gpu;
  out +=
      fmt::format("\nMemory per GPU (stage {} of {}, the most loaded)        GiB\n", estimate.memory.stage + 1, stages);
  const auto row = [&](const char* name, Bytes bytes, const char* why) {
    out += fmt::format("  {:<12} {:>8.1f}   {}\n", name, to_gib(bytes), why);
  };
  row("weights", m.weights, "16-bit parameters of this stage after TP/EP (and ZeRO-3)");
  row("grads", m.grads, "gradients, fp32-accumulated under bf16/fp8 (sharded by ZeRO-2 and up)");
  row("optimizer", m.optimizer, "fp32 master weights, Adam momentum and variance (sharded by ZeRO-1 and up)");
  row("activations", m.activations, "kept for backward: layers × micro-batches in flight, by recompute mode");
  row("buffers", m.buffers, "sequence-parallel gathers and ZeRO-3 gathered layers");
  row("overhead", m.overhead, "CUDA context, library workspaces, NCCL channels");
  const double total = to_gib(m.total());
  const double capacity = to_gib(estimate.memory.capacity);
  out += fmt::format("  {:<12} {:>8.1f}   of {:.1f} GiB: {}\n", "total", total, capacity,
                     estimate.memory.fits()
                         ? fmt::format("fits ({:.0f}% used)", kPercent * total / capacity)
                         : fmt::format("DOES NOT FIT, {:.1f} GiB over", to_gib(estimate.memory.overflow())));
  if (!estimate.memory.fits()) out += "  " + overflow_advice(m, layout) + "\n";
}

void step_rows(std::string& out, const StepEstimate& estimate) {
  const StepBreakdown& b = estimate.breakdown;
  const double step = estimate.step_time.value();
  out += "\nStep time, exposed parts                 share\n";
  const auto row = [&](const char* name, Seconds time, const char* why) {
    out += fmt::format("  {:<10} {:>10} {:>6.1f}%   {}\n", name, duration_text(time.value()),
                       kPercent * time.value() / step, why);
  };
  row("compute", b.compute, "forward, backward and recompute of all micro-batches on the slowest stage (roofline)");
  if (estimate.compute_host_bound.value() > 0.0)
    out += fmt::format("  {:<10} {:>10}          of compute, the GPU waiting for the host to launch kernels\n", "",
                       duration_text(estimate.compute_host_bound.value()));
  row("tp_comm", b.tp_comm, "tensor-parallel gathers and reduce-scatters (all-reduces without SP) of every layer");
  row("cp_comm", b.cp_comm, "ring-attention K/V exchange attention does not hide, or the attention it slows");
  row("ep_comm", b.ep_comm, "expert all-to-alls: dispatch and combine, forward and backward");
  row("pp_comm", b.pp_comm, "activations sent between stages along the pipeline's fill and drain");
  row("pp_bubble", b.pp_bubble, "pipeline fill and drain: (pp − 1)/vpp micro-batch times");
  row("dp_comm", b.dp_comm, "gradient reduce and weight gather beyond backward and forward, or the compute they slow");
  row("optimizer", b.optimizer, "the optimizer step streaming this GPU's states and gradients through HBM");
  out += fmt::format("  {:<10} {:>10}\n", "step", duration_text(step));
}

}  // namespace

std::string error_band_text(const ErrorBand& band) {
  std::string out = fmt::format(
      "  band       {} to {}   if the model errs as on the {} published runs most like this job "
      "(speed {:+.0f}% to {:+.0f}%, 10th to 90th percentile)\n",
      duration_text(band.step_time_low.value()), duration_text(band.step_time_high.value()), band.runs,
      kPercent * band.speed_error_low, kPercent * band.speed_error_high);
  for (const std::string& reason : band.outside) out += "  outside    " + reason + "\n";
  return out;
}

std::string estimate_table(const Job& job, const StepEstimate& estimate) {
  const auto& p = job.parallelism;
  const ModelParameters parameters = model_parameters(job.model);
  std::string out;
  out +=
      fmt::format("{} ({:.1f}B parameters{}) on {} × {} ({}, {})\n", job.model.name, parameters.total() / kBillion,
                  job.model.moe ? fmt::format(", {:.1f}B active", parameters.active_per_token / kBillion) : "",
                  with_commas(job.cluster.gpus), job.cluster.gpu.name, job.cluster.node.name, job.cluster.fabric.name);
  out += "  layout  " + layout_line(job) + "\n";
  out +=
      fmt::format("  batch   {} sequences × {} tokens = {} tokens per step; {} micro-batches of {} per DP rank\n",
                  with_commas(p.global_batch), with_commas(p.seq_len), with_suffix(double(p.global_batch) * p.seq_len),
                  with_commas(p.micro_batches_per_step()), p.micro_batch);
  memory_rows(out, estimate, p);
  step_rows(out, estimate);
  out += error_band_text(error_band(job, estimate.step_time, builtin_validation_residuals()));
  out += "\nThroughput\n";
  out += fmt::format("  tokens/s            {} ({} per GPU)\n", with_suffix(estimate.tokens_per_s),
                     with_suffix(estimate.tokens_per_s / job.cluster.gpus));
  out += fmt::format("  model FLOPs / step  {}FLOP\n", with_suffix(estimate.model_flops_per_step.value()));
  out += fmt::format("  per GPU             {:.0f} TFLOP/s model, {:.0f} TFLOP/s hardware (with recompute)\n",
                     to_tflops(estimate.model_flops_per_gpu), to_tflops(estimate.hardware_flops_per_gpu));
  out += fmt::format("  MFU / HFU           {:.1f}% / {:.1f}% of the {} dense peak\n", kPercent * estimate.mfu,
                     kPercent * estimate.hfu, to_string(p.precision));
  if (estimate.time_to_train_days) {
    const double tokens = *estimate.time_to_train_days * kSecondsPerDay * estimate.tokens_per_s;
    out += fmt::format("  time to train       {:.1f} days for {} tokens{}\n", *estimate.time_to_train_days,
                       with_suffix(tokens),
                       job.training.flops ? " (" + power_of_ten(*job.training.flops) + " FLOP of model work)" : "");
  } else {
    out += "  time to train       (give training.tokens or training.flops in the job file)\n";
  }
  return out;
}

}  // namespace gigasim
