#pragma once
// A training step simulated event by event (`gigasim simulate JOB.yaml`): every pipeline rank
// runs its forward and backward passes in the real 1F1B or interleaved order
// (pipeline_schedule.hpp); activations and gradients travel between stages as flows on the
// fabric; gradient buckets reduce over the data-parallel groups as backward produces them, one
// collective after another per stage, with the updated weights gathered at the start of the step;
// the optimizer runs once a stage's buckets are reduced. The flows share the links max-min
// (network_cm02.hpp), so the data-parallel rings of many pipelines meeting on a spine slow each
// other down where the analytical model sees each tier alone.
//
// Work per pass comes from the perf layer (stage_cost.hpp: the same compute, split evenly over
// a rank's virtual stages and between a pass's forward and backward in proportion to compute);
// the TP/CP/EP collectives inside a pass are each simulated as flows on their group, alone on the
// fabric, and their times summed into the pass. While a stage's data-parallel collective runs, its
// compute slows by kOverlapComputeSlowdown (stage_cost.hpp), as in the analytical model.
//
// Symmetry: the ranks of one stage that do the same work at the same time form one lane. Without
// stragglers every data-parallel replica is alike, so a stage is one lane and its messages and
// rings are simulated once, each flow standing for its peers on the shared links
// (FlowNetwork multiplicity). Stragglers split the replicas into classes by their slow stages
// (a TP/CP group runs at its slowest GPU's pace; expert parallelism ties the replicas of one EP
// group together); each class gets its own lanes. `full` simulates every replica and every peer
// flow.
//
// ZeRO-3 (FSDP): every pass waits for its chunk's weights, gathered while the pass before it runs
// (each pass asks for the next one's when it starts, FSDP's prefetch), and each backward pass's
// gradients are reduce-scattered as it ends; the optimizer waits for the last of them.

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "cluster/topology.hpp"
#include "perf/step_estimate.hpp"
#include "sim/fabric_graph.hpp"
#include "sim/ticks.hpp"
#include "spec/job.hpp"
#include "util/work_limit.hpp"

namespace gigasim {

struct StepSimOptions {
  bool full = false;   // every replica and every flow, no symmetry
  bool trace = false;  // keep what a Perfetto trace needs
  WorkLimit limit;     // the simulation stops there and says it was cut off (`gigasim serve`)
  std::function<void(Seconds simulated)> progress;  // hears the simulated time now and then
};

enum class ActivityKind : std::uint8_t { forward, backward, optimizer, pp_send, dp_reduce, dp_gather };
std::string_view to_string(ActivityKind kind);

// One thing that happened: a pass or the optimizer on a lane, a message, a data-parallel collective.
struct Activity {
  ActivityKind kind = ActivityKind::forward;
  int lane = 0;  // passes, optimizer and messages (the sender); a collective's: the stage's first lane
  int stage = 0;
  int micro_batch = -1;  // passes and messages
  int chunk = -1;        // passes and messages: the virtual stage on the rank; collectives: the bucket
  Ticks start = 0;
  Ticks end = 0;
  int tier = -1;   // messages and collectives: the outermost fabric tier their flows cross
  int cause = -1;  // the activity whose end let this one start (or finish), -1 at the step's start
  // Passes: the parts of their work (they run in this order inside the pass).
  Seconds compute;
  Seconds tp;
  Seconds cp;
  Seconds ep;
};

struct Lane {
  int stage = 0;
  int replica_class = 0;
  int replicas = 1;     // data-parallel replicas this lane stands for
  double slowdown = 0;  // its compute takes this much longer (straggler)
};

struct TierUtilisation {
  std::string tier;
  int links = 0;         // up and down links of this tier in the fabric
  int busy_links = 0;    // links that carried traffic in the simulation
  Bytes bytes;           // carried, peers included
  double peak = 0;       // the busiest link's bytes / (capacity × step time)
  double mean_busy = 0;  // mean of the same over the busy links
};

// Throughput on each tier's links at one moment (trace counters).
struct TierSample {
  Ticks at = 0;
  std::vector<double> bytes_per_s;  // by tier
};

struct SimulatedStep {
  StepEstimate step;               // §2, times from the event loop; breakdown_s of the critical lane
  StepEstimate analytical;         // estimate_step for the same job
  int critical_lane = 0;           // the lane that finished last
  std::vector<int> critical_path;  // indices into `activities`, first to last
  std::vector<TierUtilisation> link_utilisation;
  std::vector<Lane> lanes;
  std::vector<Activity> activities;
  std::vector<std::string> tier_names;
  std::vector<TierSample> tier_samples;  // with options.trace
  int straggler_gpus = 0;
  int replica_classes = 1;
  std::size_t flows = 0;  // flows started
  bool full = false;
  bool cut_off = false;  // options.limit was reached: nothing else is set
  Ticks started = 0;     // the tick the step began (several steps of a job on a shared fabric)
};

// Simulates one step of `job` (already validated) alone on its cluster. Deterministic: the same
// job gives the same result bit for bit.
SimulatedStep simulate_step(const Job& job, const StepSimOptions& options = {});

// Why the simulator cannot take this job, in a sentence with the way out; nothing when it can. It
// runs 1F1B and interleaved pipelines, not DualPipe.
std::optional<std::string> simulation_refusal(const Job& job);

// Several jobs at once on one fabric (issue 6): each keeps its own lanes and symmetry, and the
// links carry the sum of their flows.
struct PlacedJob {
  const Job* job = nullptr;
  std::vector<int> nodes;  // the fabric's node for each of the job's nodes, in rank order
};

struct JobCollisions {
  std::vector<int> shared_links_by_tier;  // links this job's flows crossed that another job's crossed too
  std::vector<int> with_jobs;             // those other jobs (indices)
};

struct SharedStep {
  std::vector<SimulatedStep> jobs;      // each job's first step; link_utilisation: the links it used
  std::vector<int> steps_run;           // by job: steps simulated before the horizon
  std::vector<Seconds> mean_step_time;  // by job, over those steps
  std::vector<JobCollisions> collisions;
  std::vector<TierUtilisation> link_utilisation;  // the whole fabric, over the whole run
  bool cut_off = false;                           // options.limit was reached: nothing else is set
};

// Changes the fabric before the jobs start (link faults): the graph and the network it built.
using PrepareFabric = std::function<void(const FabricGraph&, FlowNetwork&)>;

// Each job runs step after step, the next starting when its last ends, until `horizon` has passed
// (at least one step each; 0: one step each).
SharedStep simulate_shared(const Topology& topology, int gpus, std::span<const PlacedJob> jobs,
                           const StepSimOptions& options = {}, const PrepareFabric& prepare = {},
                           Seconds horizon = Seconds(0.0));

}  // namespace gigasim
