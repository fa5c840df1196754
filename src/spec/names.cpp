// Small member functions of the spec structs.
#include <algorithm>

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
  const std::optional<double> own = precision == Precision::fp8    ? e.fp8
                                    : precision == Precision::fp16 ? e.fp16
                                                                   : e.bf16;
  return own.value_or(e.bf16.value_or(e.fp16.value_or(1.0)));
}

AttentionWidths ModelSpec::attention_widths() const {
  if (mla) {
    const double qk = double(heads) * (mla->qk_nope_head_dim + mla->qk_rope_head_dim);
    const double v = double(heads) * mla->v_head_dim;
    return {qk, qk, v, v};
  }
  const double q = double(heads) * head_dim;
  const double kv = double(kv_heads) * head_dim;
  return {q, kv, kv, q};
}

bool ModelSpec::is_moe_layer(int layer) const {
  if (!moe || layer < moe->first_dense_layers) return false;
  return (layer - moe->first_dense_layers) % moe->moe_every == 0;
}

std::array<LayerGroup, 2> ModelSpec::layer_groups(int first, int count) const {
  const int end = first + count;
  // MoE layers sit at first_dense_layers + k·moe_every; count those below `end` in closed form.
  const auto moe_layers_below = [this](int limit) {
    if (!moe || limit <= moe->first_dense_layers) return 0;
    return (limit - moe->first_dense_layers + moe->moe_every - 1) / moe->moe_every;
  };
  const int moe_count = moe_layers_below(end) - moe_layers_below(first);
  LayerGroup dense{first, count - moe_count};
  LayerGroup routed{first, moe_count};
  if (moe_count > 0) {
    const int start = std::max(first, moe->first_dense_layers);
    const int past = (start - moe->first_dense_layers) % moe->moe_every;
    routed.layer = past == 0 ? start : start + moe->moe_every - past;
  }
  // A dense layer: `first` itself unless it is a MoE layer, in which case the next one is
  // (a MoE layer is followed by a dense one whenever there is any dense layer after it).
  if (dense.count > 0 && is_moe_layer(first)) dense.layer = first + 1;
  return {dense, routed};
}

}  // namespace gigasim
