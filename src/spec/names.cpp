// Names of the spec layer's enums as they are written in files and printed.
#include "spec/job.hpp"
#include "spec/model_spec.hpp"
#include "spec/precision.hpp"

namespace gigasim {

std::string_view to_string(Precision precision) {
  switch (precision) {
    case Precision::fp16: return "fp16";
    case Precision::bf16: return "bf16";
    case Precision::fp8: return "fp8";
  }
  return "?";
}

std::optional<Precision> precision_from_string(std::string_view text) {
  for (const Precision precision : {Precision::fp16, Precision::bf16, Precision::fp8})
    if (to_string(precision) == text) return precision;
  return std::nullopt;
}

std::string_view to_string(Activation activation) {
  switch (activation) {
    case Activation::gelu: return "gelu";
    case Activation::swiglu: return "swiglu";
    case Activation::relu2: return "relu2";
  }
  return "?";
}

std::string_view to_string(Recompute recompute) {
  switch (recompute) {
    case Recompute::none: return "none";
    case Recompute::selective: return "selective";
    case Recompute::op_selective: return "op-selective";
    case Recompute::full: return "full";
  }
  return "?";
}

std::optional<FlopsPerSecond> GpuSpec::peak(Precision precision) const {
  switch (precision) {
    case Precision::fp16: return dense_peak.fp16;
    case Precision::bf16: return dense_peak.bf16;
    case Precision::fp8: return dense_peak.fp8;
  }
  return std::nullopt;
}

double GpuSpec::achievable_matmul_fraction(Precision precision) const {
  const auto& e = matmul_efficiency;
  const std::optional<double> own = precision == Precision::fp8 ? e.fp8 : precision == Precision::fp16 ? e.fp16 : e.bf16;
  return own.value_or(e.bf16.value_or(e.fp16.value_or(1.0)));
}

bool ModelSpec::is_moe_layer(int layer) const {
  if (!moe || layer < moe->first_dense_layers) return false;
  return (layer - moe->first_dense_layers) % moe->moe_every == 0;
}

}  // namespace gigasim
