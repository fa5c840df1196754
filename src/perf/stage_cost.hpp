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

// Transformer Engine's userbuffers overlap splits each tensor-parallel collective and the GEMM beside it
// into chunks and pipelines them: the first chunk's communication cannot hide (NeMo's userbuffers
// configurations split in 4: `num_splits: 4` for the pipelined reduce-scatters), and the GEMMs slow by
// kOverlapComputeSlowdown while both run.
inline constexpr double kTpOverlapSplits = 4.0;
Seconds tp_overlap_cost(Seconds comm, Seconds gemms);

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

// Under node-limited routing (MoeSpec::max_nodes_per_token) with a dispatcher that sends each token
// once per destination node and fans it out over NVLink there (DeepEP), the share of the expert all-
// to-all's bytes left: a token crosses to each distinct remote node among its experts', not once per
// expert. 1 without the limit or inside one node.
double node_limited_share(const MoeSpec& moe, const GroupPlacement& ep);

// One micro-batch on one GPU of a pipeline stage (all its virtual stages together).
struct StageCost {
  StageTime compute;
  Seconds tp;            // before overlap with the linear layers' GEMMs
  Seconds cp;            // before overlap with attention
  Seconds ep;            // before overlap with another micro-batch's compute
  Seconds attention;     // core attention forward + backward, which the CP exchange hides behind
  Seconds linear_gemms;  // the linear layers' GEMMs forward + backward, which overlapped TP hides behind
  bool tp_overlap = false;
  bool ep_overlap = false;  // the job's ep_overlap, or DualPipe
  [[nodiscard]] Seconds tp_exposed() const { return tp_overlap ? tp_overlap_cost(tp, linear_gemms) : tp; }
  [[nodiscard]] Seconds cp_exposed() const { return overlap_cost(cp, attention); }
  // Overlapped, a micro-batch's dispatch and combine run beside another micro-batch's compute and tensor-
  // parallel work (Megatron-Core's 1F1B all-to-all overlap; DualPipe's paired chunks).
  [[nodiscard]] Seconds ep_exposed() const {
    return ep_overlap ? overlap_cost(ep, compute.total() + tp_exposed() + cp_exposed()) : ep;
  }
  [[nodiscard]] Seconds per_micro_batch() const { return compute.total() + tp_exposed() + cp_exposed() + ep_exposed(); }
};

// Stage `stage`, whose layers start at `first_layer`, with its collectives priced by `pricer`. The
// cache holds one layer of each kind for all the stages of the job.
StageCost stage_cost(const Job& job, const Placement& placement, const CollectivePricer& pricer, int stage,
                     int first_layer);
StageCost stage_cost(const Job& job, const Placement& placement, const CollectivePricer& pricer, int stage,
                     int first_layer, LayerTimeCache& layers_of_kind);

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
