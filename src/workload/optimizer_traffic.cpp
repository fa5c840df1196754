#include "workload/optimizer_traffic.hpp"

namespace gigasim {
namespace {

constexpr double kFp32 = 4.0;
constexpr double k16Bit = 2.0;
// Adam reads the fp32 master weight, momentum, variance and gradient and writes the first three
// back (ZeRO §3.1 state sizes): 4 × 4 + 3 × 4 B.
constexpr double kAdamPass = 7 * kFp32;
// The global gradient norm for clipping reads every gradient once (Megatron's multi_tensor_l2norm,
// PyTorch's _foreach_norm).
constexpr double kNormPass = kFp32;

}  // namespace

OptimizerTrafficBytes optimizer_traffic_bytes(Framework framework, Precision precision) {
  OptimizerTrafficBytes bytes;
  switch (framework) {
    case Framework::megatron: {
      // Megatron-Core's MixedPrecisionOptimizer.step (megatron/core/optimizer/optimizer.py):
      // prepare_grads copies the model gradients into the fp32 main gradients (a cast only when
      // they were accumulated in 16 bits, as for fp16) and, with a loss scaler (fp16), unscales
      // them while checking for inf/nan (read and write); clip_grad_norm reads them for the norm
      // (it scales them only when the norm exceeds the limit, rare once training settles); Adam;
      // then _copy_main_params_to_model_params writes the 16-bit weights from the fp32 ones. Each
      // step starts by zeroing the gradient buffers it holds (zero_grad_buffer).
      const bool loss_scaled = precision == Precision::fp16;
      const double grad_bytes = loss_scaled ? k16Bit : kFp32;  // main_grad in 16 bits for fp16 (memory.cpp)
      const double cast = loss_scaled ? k16Bit + kFp32 : 0.0;
      const double unscale = loss_scaled ? 2 * kFp32 : 0.0;
      const double copy_back = kFp32 + k16Bit;
      bytes.per_updated_parameter = cast + unscale + kNormPass + kAdamPass + copy_back;
      bytes.per_held_gradient = grad_bytes;
      break;
    }
    case Framework::torchtitan:
      // PyTorch's clip_grad_norm_ takes the norm, then multiplies every gradient by the clamped
      // coefficient whether or not it clips (no host sync to decide); AdamW updates the fp32
      // shards in place, which are FSDP2's weights too. Gradients are freed, not zeroed.
      bytes.per_updated_parameter = kNormPass + 2 * kFp32 + kAdamPass;
      break;
  }
  return bytes;
}

}  // namespace gigasim
