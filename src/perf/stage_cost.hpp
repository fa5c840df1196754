#pragma once
// The work of one pipeline stage, shared by the analytical step (compiled_step.cpp) and the event
// simulator (src/sim/step_sim.cpp), so the two price compute and bytes the same way and differ only
// in how they put the pieces together: per micro-batch, its compute and the collectives inside its
// layers; per step, the gradients and weights its data-parallel groups exchange and its optimizer.

#include "cluster/collective.hpp"
#include "cluster/placement.hpp"
#include "cluster/topology.hpp"
#include "perf/compute_time.hpp"
#include "spec/job.hpp"
#include "util/units.hpp"

namespace gigasim {

// Compute that runs beside a collective slows down: the communication kernels take SMs and HBM
// bandwidth, and the extra power lowers clocks. Lee et al. 2025 (arXiv:2507.03114) measure 18.9%
// on average (40% at most) for GPT/Llama training on A100, H100, MI250 and MI210.
inline constexpr double kOverlapComputeSlowdown = 0.189;

// What a collective lasting `comm` adds to a compute window `window` it runs beside: compute slows
// by kOverlapComputeSlowdown while both run, and whatever outlasts the window is exposed.
Seconds overlap_cost(Seconds comm, Seconds window);

// How long one collective takes on a placed group: the analytical alpha-beta model, or the flows
// of the event simulator. An interface rather than a callback so a search calls it without
// allocating.
class CollectivePricer {
 public:
  CollectivePricer() = default;
  CollectivePricer(const CollectivePricer&) = default;
  CollectivePricer& operator=(const CollectivePricer&) = default;
  CollectivePricer(CollectivePricer&&) = default;
  CollectivePricer& operator=(CollectivePricer&&) = default;
  virtual ~CollectivePricer() = default;
  [[nodiscard]] virtual Seconds time(Collective kind, Bytes bytes, const GroupPlacement& group) const = 0;
};

// collective_cost (cluster/collective.hpp) on the job's topology.
class AnalyticalPricer final : public CollectivePricer {
 public:
  explicit AnalyticalPricer(const Topology& topology) : topology_(topology) {}
  [[nodiscard]] Seconds time(Collective kind, Bytes bytes, const GroupPlacement& group) const override;

 private:
  const Topology& topology_;
};

// One micro-batch on one GPU of a pipeline stage (all its virtual stages together).
struct StageCost {
  StageTime compute;
  Seconds tp;
  Seconds cp;  // before overlap with attention
  Seconds ep;
  Seconds attention;  // core attention forward + backward, which the CP exchange hides behind
  [[nodiscard]] Seconds cp_exposed() const { return overlap_cost(cp, attention); }
  [[nodiscard]] Seconds per_micro_batch() const { return compute.total() + tp + cp_exposed() + ep; }
};

// Stage `stage`, whose layers start at `first_layer`, with its collectives priced by `pricer`.
StageCost stage_cost(const Job& job, const Placement& placement, const CollectivePricer& pricer, int stage,
                     int first_layer);

// What one GPU of a stage exchanges with its data-parallel peers once per step, and its update.
struct DataParallelTraffic {
  Bytes dense_gradients;   // over placement.dp
  Bytes expert_gradients;  // over placement.expert_dp
  Bytes dense_weights;     // the updated 16-bit weights gathered back (ZeRO ≥ 1)
  Bytes expert_weights;
  double buckets = 1;  // gradient buckets, launched as backward produces them
  Seconds optimizer;   // Adam over this GPU's shard of the states
};

DataParallelTraffic data_parallel_traffic(const Job& job, int stage, int first_layer);

}  // namespace gigasim
