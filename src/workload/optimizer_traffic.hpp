#pragma once
// The HBM traffic of one optimizer step, as each framework's step runs it: Adam's own pass over its
// states and the passes around it (gradient casts, the loss-scale check, the norm for clipping, the
// copy back to 16-bit weights, zeroing the gradient buffers). All of it is memory-bound.

#include "spec/precision.hpp"

namespace gigasim {

struct OptimizerTrafficBytes {
  double per_updated_parameter = 0;  // each parameter of this GPU's optimizer shard
  double per_held_gradient = 0;      // each gradient this GPU holds (all its parameters', or its ZeRO-2+ shard)
};

OptimizerTrafficBytes optimizer_traffic_bytes(Framework framework, Precision precision);

}  // namespace gigasim
