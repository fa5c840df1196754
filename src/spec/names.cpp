// Small member functions of the spec structs.
#include "spec/job.hpp"
#include "spec/model_spec.hpp"
#include "spec/precision.hpp"

namespace gigasim {

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
