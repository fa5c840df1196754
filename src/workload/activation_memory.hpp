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
Bytes output_activation_bytes(const ModelSpec& model, const Parallelism& layout, Framework framework);

// Live only around the loss, on top of what is stored. Megatron's fused vocabulary-parallel
// cross-entropy works in place on its fp32 copy: 2 B per logit more (the 16-bit logits). PyTorch's
// cross-entropy backward holds fp32 gradients in and out: 8 B more; loss-parallel (torchtitan with
// TP) also forms exp(logits): 12 B more (torch/distributed/tensor/parallel/loss.py).
Bytes output_transient_bytes(const ModelSpec& model, const Parallelism& layout, Framework framework);

// What PyTorch pipelining holds across a step (torch/distributed/pipelining/stage.py): every
// micro-batch's stage output and receive buffers each way, and on the last stage every
// micro-batch's fp32 logits, kept for merging when the step ends. Zero for Megatron, which takes
// each micro-batch's loss as it goes.
Bytes pipeline_retained_bytes(const ModelSpec& model, const Parallelism& layout, Framework framework, bool last_stage);

// The embedding's dropout mask on the first stage, per micro-batch (zero for models without dropout).
Bytes embedding_activation_bytes(const ModelSpec& model, const Parallelism& layout);

}  // namespace gigasim
