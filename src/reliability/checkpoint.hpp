#pragma once
// Checkpoints (issue 9): how long one takes to write and to restore, the restart after an
// interruption, and how often to write one.
//
// Young (1974): τ = sqrt(2δM). Daly (2006, FGCS 22(3):303–312), higher order:
// τ = sqrt(2δM)·[1 + (1/3)·sqrt(δ/(2M)) + (1/9)·(δ/(2M))] − δ for δ < 2M, else τ = M; his worked
// cases (δ = 5 min): M = 24 h → 117 min, 6 h → 57 min, 15 min → 9.1 min (facts/datacenter.md §6.3).

#include <optional>
#include <string>
#include <string_view>

#include "util/units.hpp"

namespace gigasim {

Seconds young_interval(Seconds write, Seconds mtti);
Seconds daly_interval(Seconds write, Seconds mtti);

// How a run gets back to work after an interruption.
enum class Recovery {
  // Roll back to the last checkpoint on storage: restore it, reschedule, re-initialise (the default).
  storage,
  // Checkpoints in host memory (the node's and a peer's), hot spares standing by: the GPUs wait
  // only for the copy to host memory, and a restart reloads from memory. FlashRecovery (arXiv
  // 2509.03047) brings 4,800 devices back to training in 150 s; DLRover's Flash Checkpoint blocks
  // training 0.2 s per in-memory checkpoint of GLM-65B on 1,536 H800 (its blog).
  memory,
  // Elastic: the failed data-parallel replica drops out and the others go on from their own state
  // (no rollback, no checkpoint on the critical path); the step in flight is lost and the job stalls
  // while it reconfigures: 3 min per failure at O(100K) GPUs with Meta's FT-HSDP (arXiv 2602.00277).
  elastic,
};

// storage, memory, elastic: the scenario's words for them.
std::string_view to_string(Recovery recovery);

struct CheckpointInputs {
  Recovery recovery = Recovery::storage;
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

// Restart overhead with checkpoints in host memory and hot spares: FlashRecovery's 150 s for 4,800
// devices (arXiv 2509.03047); the stall per failure of an elastic job: FT-HSDP's 3 min at O(100K) GPUs
// (arXiv 2602.00277).
inline constexpr Seconds kMemoryRestartOverhead = Seconds(150.0);
inline constexpr Seconds kElasticStall = Seconds(180.0);

// For `parameters` on `gpus`, with `mtti`, checkpointing at step boundaries of `step`.
CheckpointPlan plan_checkpoints(double parameters, int gpus, Seconds mtti, Seconds step,
                                const CheckpointInputs& inputs);

}  // namespace gigasim
