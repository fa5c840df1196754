#include "workload/step_flops.hpp"

#include "workload/layer_ops.hpp"

namespace gigasim {
namespace {

Flops forward_and_backward(const OpList& ops) {
  Flops total;
  for (const Op& op : ops) total += op.forward_flops * (1.0 + op.backward_factor);
  return total;
}

// The masked half of causal attention, forward and backward.
Flops causal_half(const OpList& ops) {
  Flops total;
  for (const Op& op : ops)
    if (op.causal) total += op.forward_flops * (1.0 + op.backward_factor) * 0.5;
  return total;
}

}  // namespace

Flops recomputed_forward_flops(const ModelSpec& model, const Parallelism& layout, int layer) {
  Flops extra;
  for (const Op& op : layer_ops(model, layout, layer))
    extra += op.forward_flops * recomputed_forward_passes(op, layout);
  return extra;
}

std::optional<double> tokens_to_train(const Job& job, const StepFlops& flops) {
  if (job.training.tokens) return job.training.tokens;
  if (!job.training.flops) return std::nullopt;
  const double tokens_per_step = double(job.parallelism.global_batch) * job.parallelism.seq_len;
  return *job.training.flops / (flops.model.value() / tokens_per_step);
}

StepFlops step_flops(const Job& job) {
  const Parallelism whole = unsplit_layout(job.parallelism);
  const double sequences = job.parallelism.global_batch;
  Flops model_per_sequence = forward_and_backward(output_ops(job.model, whole));
  Flops recompute_per_sequence;
  Flops masked_per_sequence;
  for (const LayerGroup group : job.model.layer_groups(0, job.model.layers)) {
    if (group.count == 0) continue;
    const OpList ops = layer_ops(job.model, whole, group.layer);
    model_per_sequence += forward_and_backward(ops) * group.count;
    masked_per_sequence += causal_half(ops) * group.count;
    recompute_per_sequence += recomputed_forward_flops(job.model, whole, group.layer) * group.count;
  }
  // Multi-token prediction: per module a block like the last layer and its head ops.
  if (job.model.mtp_layers > 0) {
    const int last = job.model.layers - 1;
    const OpList block = layer_ops(job.model, whole, last);
    const double modules = job.model.mtp_layers;
    model_per_sequence +=
        (forward_and_backward(block) + forward_and_backward(mtp_head_ops(job.model, whole))) * modules;
    masked_per_sequence += causal_half(block) * modules;
    recompute_per_sequence += recomputed_forward_flops(job.model, whole, last) * modules;
  }
  return {model_per_sequence * sequences, (model_per_sequence + recompute_per_sequence) * sequences,
          (model_per_sequence - masked_per_sequence) * sequences};
}

}  // namespace gigasim
