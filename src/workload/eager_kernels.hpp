#pragma once
// PyTorch's eager mode, as torchtitan runs Llama without torch.compile: a layer's elementwise parts
// as the separate ATen kernels its model code launches, instead of the one fused kernel each that
// layer_ops assumes (Transformer Engine's, or what torch.compile generates).

#include "spec/job.hpp"
#include "workload/layer_ops.hpp"

namespace gigasim {

struct EagerKernels {
  bool norm = false;                 // RMSNorm as eight kernels in fp32
  bool rope_and_activation = false;  // RoPE in fp32 complex arithmetic; a gated activation as silu, then mul
  [[nodiscard]] bool any() const { return norm || rope_and_activation; }
};

// What the job runs eagerly: nothing under Megatron-LM or NeMo, or with torch.compile.
EagerKernels eager_kernels(const Training& training);

// `ops` with their norms, rotary embeddings and gated activations priced as eager kernels.
OpList with_eager_kernels(OpList ops, const ModelSpec& model, EagerKernels eager);

}  // namespace gigasim
