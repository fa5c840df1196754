#pragma once
// Checkpoints (issue 9): how long one takes to write and to restore, the restart after an
// interruption, and how often to write one.
//
// Young (1974): τ = sqrt(2δM). Daly (2006, FGCS 22(3):303–312), higher order:
// τ = sqrt(2δM)·[1 + (1/3)·sqrt(δ/(2M)) + (1/9)·(δ/(2M))] − δ for δ < 2M, else τ = M; his worked
// cases (δ = 5 min): M = 24 h → 117 min, 6 h → 57 min, 15 min → 9.1 min (facts/datacenter.md §6.3).

#include <optional>
#include <string>

#include "util/units.hpp"

namespace gigasim {

Seconds young_interval(Seconds write, Seconds mtti);
Seconds daly_interval(Seconds write, Seconds mtti);

struct CheckpointInputs {
  // Mixed-precision Adam: bf16 weights, fp32 master weights and the two moments, 16 B a
  // parameter (Llama 3 paper via facts §6.3: 6.48 TB for 405B).
  double bytes_per_parameter = 16;
  // Llama 3's Tectonic storage: 2 TB/s sustained (facts §6.1).
  BytesPerSecond storage = BytesPerSecond(2e12);
  // Asynchronous: the GPUs stall only while their shard is copied to host memory, at PCIe Gen5 x16
  // ~25 GB/s in practice (ASSUMPTION: half its 64 GB/s), and the write to storage runs behind.
  bool asynchronous = false;
  BytesPerSecond host_copy = BytesPerSecond(25e9);
  // Detection, rescheduling, collective re-initialisation and warm-up besides loading the
  // checkpoint: 10 minutes (ASSUMPTION, facts §7: 5–30 min).
  Seconds restart_overhead = Seconds(600);
  // The interval the operator sets; unset, Daly's optimum for the write time and MTTI.
  std::optional<Seconds> interval;
};

struct CheckpointPlan {
  Bytes bytes;
  Seconds write;     // δ: what the job stalls for each checkpoint
  Seconds restore;   // reading it back
  Seconds restart;   // R: restore plus the restart overhead
  Seconds interval;  // τ: Daly's optimum, rounded up to whole steps
  Seconds young;     // for comparison
  std::string reason;
};

// For `parameters` on `gpus`, with `mtti`, checkpointing at step boundaries of `step`.
CheckpointPlan plan_checkpoints(double parameters, int gpus, Seconds mtti, Seconds step,
                                const CheckpointInputs& inputs);

}  // namespace gigasim
