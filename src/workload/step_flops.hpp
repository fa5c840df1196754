#pragma once
// FLOPs of one training step of the whole job: the model's own (INTERFACE.md §2) and what the
// hardware executes once recomputation is added.

#include <optional>

#include "spec/job.hpp"
#include "util/units.hpp"

namespace gigasim {

struct StepFlops {
  Flops model;     // forward + backward of the model as written, s² attention term included
  Flops hardware;  // model plus recomputed forward work
  // The model's FLOPs with causal attention counted at half, the convention of Megatron-Bridge /
  // NeMo's reported model TFLOP/s (their Llama 3 70B figure is 6·N + 6·s·h·L per token exactly).
  Flops model_causal;
};

StepFlops step_flops(const Job& job);

// The tokens the job trains on: training.tokens, or training.flops over the model FLOPs of a token
// (a step's model FLOPs over its tokens); none when the job gives neither.
std::optional<double> tokens_to_train(const Job& job, const StepFlops& flops);

// Forward FLOPs that recomputation adds per forward FLOP of a layer's op list, as a sum over the
// layer: full recompute redoes the layer's forward (Korthikanti et al. 2022 §5), selective redoes
// core attention, and a flash-attention backward recomputes the scores QKᵀ (Dao et al. 2022 §3.1).
Flops recomputed_forward_flops(const ModelSpec& model, const Parallelism& layout, int layer);

}  // namespace gigasim
