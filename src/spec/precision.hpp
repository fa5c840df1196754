#pragma once
// Numeric precision of the matmuls in a training step.

#include <optional>
#include <string_view>

namespace gigasim {

enum class Precision { fp16, bf16, fp8 };

// The training software, where its choices change memory and kernels: how the loss is computed,
// what a pipeline keeps, where master weights live, which attention kernel runs.
enum class Framework { megatron, torchtitan };

// The fused attention kernel a run uses; each has its own efficiency per GPU (data/gpus.yaml).
enum class AttentionKernel { fused, flash2, flash1 };

// What CUDA graphs capture, so the host launches one graph instead of each kernel (Megatron-Core's
// cuda_graph_scope): nothing; a MoE layer's router and token preprocessing (moe_router,
// moe_preprocess); those and the attention block (attn); or every kernel (whole-layer or whole-
// iteration graphs, which a dropless MoE layer's device-to-host copy of the tokens per expert rules
// out: only with token dropping and padding).
enum class CudaGraphs { none, router, attention, full };

// What each framework ran by default when the calibration runs were measured: Transformer Engine's
// fused attention under Megatron, PyTorch SDPA's FlashAttention-2 backend under torchtitan.
constexpr AttentionKernel default_attention_kernel(Framework framework) {
  return framework == Framework::torchtitan ? AttentionKernel::flash2 : AttentionKernel::fused;
}

std::string_view to_string(Precision precision);
std::optional<Precision> precision_from_string(std::string_view text);

}  // namespace gigasim
