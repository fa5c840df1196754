#pragma once
// Numeric precision of the matmuls in a training step.

#include <optional>
#include <string_view>

namespace gigasim {

enum class Precision { fp16, bf16, fp8 };

// The training software, where its choices change memory and kernels: how the loss is computed,
// what a pipeline keeps, where master weights live, which attention kernel runs.
enum class Framework { megatron, torchtitan };

std::string_view to_string(Precision precision);
std::optional<Precision> precision_from_string(std::string_view text);

}  // namespace gigasim
