#include "report/estimate_json.hpp"

#include <nlohmann/json.hpp>

#include "spec/choices.hpp"
#include "workload/parameter_count.hpp"

namespace gigasim {
namespace {

using nlohmann::json;

constexpr double kBillion = 1e9;

json optional_number(const std::optional<double>& value) {
  return value ? json(*value) : json(nullptr);
}

json model_json(const ModelSpec& model) {
  const ModelParameters parameters = model_parameters(model);
  json moe = nullptr;
  if (model.moe)
    moe = {{"experts", model.moe->experts},       {"top_k", model.moe->top_k},
           {"expert_ffn", model.moe->expert_ffn}, {"shared_experts", model.moe->shared_experts},
           {"moe_every", model.moe->moe_every},   {"first_dense_layers", model.moe->first_dense_layers}};
  return {{"name", model.name},
          {"layers", model.layers},
          {"hidden", model.hidden},
          {"heads", model.heads},
          {"kv_heads", model.kv_heads},
          {"head_dim", model.head_dim},
          {"ffn", model.ffn},
          {"vocab", model.vocab},
          {"seq_len", model.seq_len},
          {"activation", to_string(model.activation)},
          {"tied_embeddings", model.tied_embeddings},
          {"dropout", model.dropout},
          {"moe", moe},
          {"mtp_layers", model.mtp_layers},
          {"params_b", parameters.total() / kBillion},
          {"active_params_b", parameters.active_per_token / kBillion}};
}

}  // namespace

json job_json(const Job& job) {
  const auto& p = job.parallelism;
  return {{"model", model_json(job.model)},
          {"cluster",
           {{"gpu", job.cluster.gpu.name},
            {"gpus", job.cluster.gpus},
            {"node", job.cluster.node.name},
            {"fabric", job.cluster.fabric.name}}},
          {"parallelism",
           {{"tp", p.tp},
            {"sp", p.sp},
            {"pp", p.pp},
            {"vpp", p.vpp},
            {"cp", p.cp},
            {"ep", p.ep},
            {"dp", p.dp},
            {"zero", p.zero},
            {"recompute", to_string(p.recompute)},
            {"flash_attention", p.flash_attention},
            {"micro_batch", p.micro_batch},
            {"global_batch", p.global_batch},
            {"global_batch_tokens", double(p.global_batch) * p.seq_len},
            {"micro_batches", p.micro_batches_per_step()},
            {"seq_len", p.seq_len},
            {"precision", to_string(p.precision)},
            {"stage_layers", p.stage_layers},
            {"schedule", to_string(p.schedule_or_default())},
            {"ep_overlap", p.ep_overlap},
            {"tp_overlap", p.tp_overlap}}},
          {"training",
           {{"tokens", optional_number(job.training.tokens)},
            {"flops", optional_number(job.training.flops)},
            {"framework", to_string(job.training.framework)},
            {"attention_kernel", to_string(job.training.attention_kernel_or_default())},
            {"cuda_graphs", to_string(job.training.cuda_graphs)},
            {"moe_load_imbalance", job.training.moe_load_imbalance},
            {"compile", job.training.compile},
            {"fused_norm", job.training.fused_norm}}}};
}

json breakdown_json(const StepBreakdown& parts) {
  return {{"compute", parts.compute.value()}, {"tp_comm", parts.tp_comm.value()},
          {"cp_comm", parts.cp_comm.value()}, {"ep_comm", parts.ep_comm.value()},
          {"pp_comm", parts.pp_comm.value()}, {"pp_bubble", parts.pp_bubble.value()},
          {"dp_comm", parts.dp_comm.value()}, {"optimizer", parts.optimizer.value()}};
}

json error_band_json(const ErrorBand& band) {
  return {{"step_time_s", {band.step_time_low.value(), band.step_time_high.value()}},
          {"speed_error", {band.speed_error_low, band.speed_error_high}},
          {"speed_error_median", band.speed_error_median},
          {"runs", band.runs},
          {"basis", band.basis},
          {"validated", band.outside.empty()},
          {"outside", band.outside}};
}

namespace {

// MFU against the GPU's dense 16-bit peak whatever the job's precision, to compare FP8 jobs with
// 16-bit ones: bf16's peak, or fp16's on GPUs without bf16 (V100; where both exist they are equal).
double mfu_against_16_bit(const Job& job, const StepEstimate& estimate) {
  const GpuSpec& gpu = job.cluster.gpu;
  const auto peak = gpu.peak(Precision::bf16) ? gpu.peak(Precision::bf16) : gpu.peak(Precision::fp16);
  return estimate.model_flops_per_gpu / *peak;
}

}  // namespace

json estimate_json(const Job& job, const StepEstimate& estimate) {
  const MemoryBreakdown& memory = estimate.memory.per_gpu;
  const StepBreakdown& parts = estimate.breakdown;
  return {{"job", job_json(job)},
          {"fits", estimate.memory.fits()},
          {"memory_per_gpu_gib", to_gib(memory.total())},
          {"memory_capacity_gib", to_gib(estimate.memory.capacity)},
          {"memory_overflow_gib", to_gib(estimate.memory.overflow())},
          {"memory_peak_stage", estimate.memory.stage},
          {"memory_gib",
           {{"weights", to_gib(memory.weights)},
            {"grads", to_gib(memory.grads)},
            {"optimizer", to_gib(memory.optimizer)},
            {"activations", to_gib(memory.activations)},
            {"buffers", to_gib(memory.buffers)},
            {"overhead", to_gib(memory.overhead)}}},
          {"step_time_s", estimate.step_time.value()},
          {"tokens_per_s", estimate.tokens_per_s},
          {"model_flops_per_step", estimate.model_flops_per_step.value()},
          {"hardware_flops_per_step", estimate.hardware_flops_per_step.value()},
          {"model_tflops_per_gpu", to_tflops(estimate.model_flops_per_gpu)},
          {"model_tflops_per_gpu_causal", to_tflops(estimate.model_flops_per_gpu_causal)},
          {"hardware_tflops_per_gpu", to_tflops(estimate.hardware_flops_per_gpu)},
          {"mfu", estimate.mfu},
          {"mfu_peak", to_string(job.parallelism.precision)},
          {"mfu_bf16", mfu_against_16_bit(job, estimate)},
          {"hfu", estimate.hfu},
          {"breakdown_s", breakdown_json(parts)},
          {"compute_host_bound_s", estimate.compute_host_bound.value()},
          {"time_to_train_days", optional_number(estimate.time_to_train_days)},
          {"error_band", error_band_json(error_band(job, estimate.step_time, builtin_validation_residuals()))}};
}

}  // namespace gigasim
