#include "workload/eager_kernels.hpp"

namespace gigasim {
namespace {

// Bytes per element of the tensor each op works on, read and written, as the fused kernel moves
// them (layer_ops: a norm or RoPE reads and writes 2 B; a gated activation reads gate and up and
// writes their product, 6 B per output element) and as PyTorch's eager kernels move them. From
// torchtitan's Llama code (torchtitan/models/llama/model.py and models/norms.py at d4c86e3, Jan 2025):
//
// RMSNorm, `(x.float() * rsqrt(x.float().pow(2).mean(-1) + eps)).type_as(x) * weight`: forward
// cast (read 2, write 4), pow (4 + 4), mean (4), x · rsqrt (4 + 4), cast back (4 + 2), · weight
// (2 + 2) = 36 B in 8 kernels (with the add and rsqrt on one value per token); autograd's backward
// 64 B in 12: · weight's two gradients (4 + 4), the cast (2 + 4), x · rsqrt's two (8 + 8), mean's
// expand (4), pow's 2x·g (12), the sum of x's two gradients (12), the cast back (4 + 2).
constexpr double kFusedNormBytes = 4.0;
constexpr double kEagerNormForwardBytes = 36.0;
constexpr double kEagerNormBackwardBytes = 64.0;
constexpr double kEagerNormForwardKernels = 8.0;
constexpr double kEagerNormBackwardKernels = 12.0;
// RoPE, `view_as_real(view_as_complex(x.float()) * freqs_cis).type_as(x)` on Q and on K: per tensor a
// cast (2 + 4), the complex product (4 + 4) and the cast back (4 + 2) = 20 B in 3 kernels; the
// backward multiplies by the conjugate the same way.
constexpr double kFusedRopeBytes = 4.0;
constexpr double kEagerRopeBytes = 20.0;
constexpr double kEagerRopeKernels = 6.0;  // three each for Q and K
// SwiGLU, `silu(w1(x)) * w3(x)`: silu (2 + 2) and the product (2 + 2 + 2) = 10 B in 2 kernels;
// backward: the product's two gradients (6 + 6) and silu's (6) = 18 B in 3.
constexpr double kFusedGatedBytes = 6.0;
constexpr double kEagerGatedForwardBytes = 10.0;
constexpr double kEagerGatedBackwardBytes = 18.0;
constexpr double kEagerGatedForwardKernels = 2.0;
constexpr double kEagerGatedBackwardKernels = 3.0;

void price(Op& op, double fused_bytes, double forward_bytes, double backward_bytes, double forward_kernels,
           double backward_kernels) {
  op.forward_bytes = op.forward_bytes * (forward_bytes / fused_bytes);
  op.backward_factor = backward_bytes / forward_bytes;
  op.launches = op.host_ops = forward_kernels;
  op.backward_launches = backward_kernels;
}

}  // namespace

EagerKernels eager_kernels(const Training& training) {
  if (training.framework != Framework::torchtitan || training.compile) return {};
  return {!training.fused_norm, true};
}

OpList with_eager_kernels(OpList ops, const ModelSpec& model, EagerKernels eager) {
  if (!eager.any()) return ops;
  const bool gated = model.activation == Activation::swiglu;
  for (Op& op : ops.mutable_ops()) {
    if (op.kind == OpKind::norm && eager.norm)
      price(op, kFusedNormBytes, kEagerNormForwardBytes, kEagerNormBackwardBytes, kEagerNormForwardKernels,
            kEagerNormBackwardKernels);
    else if (op.kind == OpKind::rotary_embedding && eager.rope_and_activation)
      price(op, kFusedRopeBytes, kEagerRopeBytes, kEagerRopeBytes, kEagerRopeKernels, kEagerRopeKernels);
    else if (op.kind == OpKind::mlp_activation && gated && eager.rope_and_activation)
      price(op, kFusedGatedBytes, kEagerGatedForwardBytes, kEagerGatedBackwardBytes, kEagerGatedForwardKernels,
            kEagerGatedBackwardKernels);
  }
  return ops;
}

}  // namespace gigasim
