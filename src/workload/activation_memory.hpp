#pragma once
// Activation bytes one GPU keeps for the backward pass, after Korthikanti et al. 2022
// ("Reducing Activation Recomputation in Large Transformer Models", §4), generalised from GPT's
// MLP of 4h and multi-head attention to GQA, gated MLPs and MoE. For GPT-3-style layers it is
// s·b·h·(34 + 5·a·s/h) bytes without parallelism, and that expression divided by t under TP+SP.

#include "spec/job.hpp"
#include "util/units.hpp"

namespace gigasim {

// Stored per transformer layer per micro-batch on one GPU, under the job's recompute mode.
Bytes layer_activation_bytes(const ModelSpec& model, const Parallelism& layout, int layer);

// The same layer with nothing recomputed: what is live while one layer's backward runs.
Bytes layer_activation_bytes_without_recompute(const ModelSpec& model, const Parallelism& layout, int layer);

// The output layer and loss on the last stage, per micro-batch: final-norm and projection inputs
// and the fp32 logits softmax kept for the cross-entropy backward (Korthikanti §4.3: 4·s·b·V/t).
Bytes output_activation_bytes(const ModelSpec& model, const Parallelism& layout);

// Live only around the loss, on top of what is stored: PyTorch's unfused cross-entropy on fp32
// logits keeps the fp32 log-softmax (stored), and its backward holds the fp32 gradients flowing in
// and out beside it — 12 bytes per logit at the peak. Fused vocabulary-parallel kernels (Megatron)
// need less; this is the conservative figure.
Bytes output_transient_bytes(const ModelSpec& model, const Parallelism& layout);

// The embedding's dropout mask on the first stage, per micro-batch (zero for models without dropout).
Bytes embedding_activation_bytes(const ModelSpec& model, const Parallelism& layout);

}  // namespace gigasim
