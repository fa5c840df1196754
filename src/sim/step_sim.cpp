#include "sim/step_sim.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <deque>
#include <map>
#include <memory>
#include <tuple>

#include "cluster/placement.hpp"
#include "perf/compiled_step.hpp"
#include "perf/stage_cost.hpp"
#include "sim/collective_sim.hpp"
#include "sim/engine.hpp"
#include "sim/network_cm02.hpp"
#include "sim/pipeline_schedule.hpp"
#include "sim/replica_classes.hpp"
#include "sim/step_traffic.hpp"
#include "workload/communication.hpp"

namespace gigasim {

std::string_view to_string(ActivityKind kind) {
  switch (kind) {
    case ActivityKind::forward: return "forward";
    case ActivityKind::backward: return "backward";
    case ActivityKind::optimizer: return "optimizer";
    case ActivityKind::pp_send: return "pp_send";
    case ActivityKind::dp_reduce: return "dp_reduce";
    case ActivityKind::dp_gather: return "dp_gather";
  }
  return "forward";
}

namespace {

// The collectives inside a pass, each simulated as flows on its group alone (collective_sim.hpp),
// once per distinct size and group.
class SimulatedPricer final : public CollectivePricer {
 public:
  explicit SimulatedPricer(const Topology& topology) : topology_(topology) {}
  [[nodiscard]] Seconds time(Collective kind, Bytes bytes, const GroupPlacement& group) const override {
    if (group.size <= 1) return Seconds(0.0);
    if (kind == Collective::send_recv) return collective_cost(kind, bytes, group, topology_).time;
    const auto key = std::make_tuple(static_cast<int>(kind), bytes.value(), group.size, group.stride);
    if (const auto found = cache_.find(key); found != cache_.end()) return found->second;
    const Seconds time = simulate_collective(kind, bytes, SimGroup{group.size, group.stride, 0}, topology_).time;
    cache_.emplace(key, time);
    return time;
  }

 private:
  const Topology& topology_;
  mutable std::map<std::tuple<int, double, int, int>, Seconds> cache_;
};

// One pass of one chunk (virtual stage) on a GPU of a stage, before any straggler slowdown.
struct PassWork {
  Seconds compute;
  Seconds tp;
  Seconds cp;
  Seconds ep;
};

struct StageWork {
  PassWork forward;
  PassWork backward;
  DataParallelTraffic traffic;
  std::vector<PipelinePass> order;
  std::vector<int> first_forward_of_chunk;  // index into order
  std::vector<int> last_backward_of_chunk;
  // ZeRO-3: FSDP gathers and reduces a chunk layer by layer (a unit per transformer block).
  int fsdp_units = 1;
};

// A pass's work split: compute in proportion, the collectives inside its layers in proportion to
// compute too (the perf layer prices them per micro-batch, forward and backward together).
StageWork stage_work(const Job& job, const StageCost& cost, const DataParallelTraffic& traffic, int stage) {
  const Parallelism& p = job.parallelism;
  const double v = p.vpp;
  const Seconds total = cost.compute.total();
  const double forward_share = total.value() > 0 ? cost.compute.forward / total : 0.5;
  const auto split = [&](double share, Seconds compute) {
    return PassWork{compute / v, cost.tp_exposed() * (share / v), cost.cp_exposed() * (share / v),
                    cost.ep_exposed() * (share / v)};
  };
  StageWork work;
  work.forward = split(forward_share, cost.compute.forward);
  work.backward = split(1.0 - forward_share, cost.compute.backward + cost.compute.recompute);
  work.traffic = traffic;
  work.order = pipeline_order(stage, p.pp, p.vpp, p.micro_batches_per_step());
  work.fsdp_units = std::max(1, p.stage_layers[static_cast<std::size_t>(stage)] / p.vpp);
  work.first_forward_of_chunk.assign(static_cast<std::size_t>(p.vpp), -1);
  work.last_backward_of_chunk.assign(static_cast<std::size_t>(p.vpp), -1);
  for (int i = 0; i < static_cast<int>(work.order.size()); ++i) {
    const PipelinePass& pass = work.order[static_cast<std::size_t>(i)];
    const auto chunk = static_cast<std::size_t>(pass.chunk);
    if (pass.forward && work.first_forward_of_chunk[chunk] < 0) work.first_forward_of_chunk[chunk] = i;
    if (!pass.forward) work.last_backward_of_chunk[chunk] = i;
  }
  return work;
}

enum class Wait : std::uint8_t { none, message, gather_start, gather_end, gradients };

struct LaneState {
  std::size_t next = 0;  // index into the stage's order; == size: passes done
  bool running = false;
  bool finished = false;
  int piece = 0;
  int pieces = 1;
  double piece_work_s = 0;  // undisturbed seconds of each piece
  double remaining_s = 0;   // of the running piece, at `rate_since`
  double rate = 1;          // work seconds per second
  Ticks rate_since = 0;
  Ticks piece_start = 0;
  std::uint32_t version = 0;
  Wait wait = Wait::none;
  Ticks waiting_since = 0;
  int wait_message = -1;
  int activity = -1;       // the running one
  int last_activity = -1;  // the last one finished
  Ticks finish = 0;
  StepBreakdown parts;
};

struct QueuedCollective {
  ActivityKind kind = ActivityKind::dp_reduce;
  DataParallelGroup group = DataParallelGroup::dense;
  Collective collective = Collective::reduce_scatter;
  Bytes bytes;
  int chunk = 0;
  int bucket = 0;  // flattened chunk · buckets + j
  bool last_of_bucket = true;
  int cause = -1;
  Ticks ready = 0;
  int pass = -1;  // ZeRO-3: the pass (index into the stage's order) whose weights or gradients these are
};

struct StageStream {
  std::deque<QueuedCollective> queue;
  bool busy = false;
  int last_activity = -1;
  std::vector<int> ready_lanes;  // by flattened bucket: lanes that produced it
  int buckets_total = 0;
  int buckets_reduced = 0;
  std::vector<int> gathered;  // by chunk: gather collectives finished
  int gathers_per_chunk = 0;
  // Gradient buckets ready on every lane but held back until the backward is over (no dp_overlap).
  struct HeldBucket {
    int chunk = 0;
    int bucket = 0;
    double share = 0;
    int cause = -1;
    int pass = 0;
  };
  std::vector<HeldBucket> held;
  std::vector<int> gather_activity;  // by chunk: the last gather's activity
  // ZeRO-3, by pass: lanes that asked for the pass's weights, its layers gathered, the last gather.
  std::vector<int> weight_requests;
  std::vector<int> weights_in;
  std::vector<int> weights_activity;
};

class StepSimulation {
 public:
  StepSimulation(const Job& job, const StepSimOptions& options, const Topology& topology, Engine& engine,
                 FlowNetwork& network, const FabricGraph& fabric, std::span<const int> nodes)
      : job_(job),
        options_(options),
        p_(job.parallelism),
        topology_(topology),
        placement_(place_groups(p_, topology_)),
        engine_(engine),
        network_(network),
        traffic_(job, topology_, fabric, nodes, options.full, engine_, network_) {}

  // Sets up the lanes and queues and starts them now; the shared engine runs them. `finished`
  // runs when the last lane has finished the step.
  void start(std::function<void()> finished = {});
  // Once the engine has run: the step's answer.
  SimulatedStep finish();
  [[nodiscard]] const std::vector<char>& used_links() const { return traffic_.used_links(); }

 private:
  [[nodiscard]] int lane_of(int replica_class, int stage) const { return replica_class * p_.pp + stage; }
  [[nodiscard]] int message_index(int replica_class, int virtual_stage, int micro_batch, bool gradient) const {
    return ((replica_class * virtual_stages_ + virtual_stage) * micro_batches_ + micro_batch) * 2 + (gradient ? 1 : 0);
  }
  [[nodiscard]] double rate_of(int stage) const {
    return streams_[static_cast<std::size_t>(stage)].busy ? 1.0 / (1.0 + kOverlapComputeSlowdown) : 1.0;
  }
  int add_activity(ActivityKind kind, int lane, int stage, int micro_batch, int chunk, int cause);
  void advance(int lane);
  void start_piece(int lane);
  void piece_done(int lane, std::uint32_t version);
  void pass_done(int lane);
  void begin_wait(int lane, Wait why, int message = -1);
  void end_wait(int lane);
  void start_optimizer(int lane, int cause);
  void send_message(int lane, const PipelinePass& pass);
  void bucket_ready(int stage, int chunk, int bucket, double share, int cause, int pass);
  void reduce_bucket(int stage, int chunk, int bucket, double share, int cause, int pass);
  // The gathers of `chunk`'s weights done, as the chunk's first forward sees them: its own, or
  // without dp_overlap none until every chunk's are (the weights gather before the first forward).
  [[nodiscard]] int gathered_for(const StageStream& stream, int chunk) const;
  void request_weights(int stage, int pass, int cause);
  void wake_for_weights(int stage, int pass);
  void enqueue(int stage, QueuedCollective collective);
  void run_stream(int stage);
  void set_rates(int stage);
  void sample_tiers();
  void account(SimulatedStep& result);

  const Job& job_;
  StepSimOptions options_;
  const Parallelism& p_;
  const Topology& topology_;
  Placement placement_;
  Engine& engine_;
  FlowNetwork& network_;
  StepTraffic traffic_;
  int virtual_stages_ = 1;
  int micro_batches_ = 1;
  int buckets_per_chunk_ = 1;
  Bytes message_bytes_;
  ReplicaClasses classes_;
  std::vector<StageWork> work_;
  std::vector<Lane> lanes_;
  std::vector<LaneState> state_;
  std::vector<StageStream> streams_;
  std::vector<Ticks> arrived_;  // by message index, −1 until it arrives
  std::vector<Ticks> sent_;     // by message index, −1 until its flows start
  std::vector<int> message_activity_;
  std::vector<Activity> activities_;
  std::vector<TierSample> samples_;
  Ticks started_ = 0;
  std::size_t finished_lanes_ = 0;
  std::function<void()> finished_;
};

int StepSimulation::add_activity(ActivityKind kind, int lane, int stage, int micro_batch, int chunk, int cause) {
  Activity activity;
  activity.kind = kind;
  activity.lane = lane;
  activity.stage = stage;
  activity.micro_batch = micro_batch;
  activity.chunk = chunk;
  activity.start = engine_.now();
  activity.cause = cause;
  activities_.push_back(activity);
  return static_cast<int>(activities_.size()) - 1;
}

// Closes a wait: its time goes to the part it was waiting on.
void StepSimulation::end_wait(int lane) {
  LaneState& s = state_[static_cast<std::size_t>(lane)];
  if (s.wait == Wait::none) return;
  const Ticks now = engine_.now();
  if (s.wait == Wait::message) {
    // Until the message left its sender the lane waited on the pipeline (bubble); after, on the wire.
    const Ticks left = std::clamp(sent_[static_cast<std::size_t>(s.wait_message)], s.waiting_since, now);
    s.parts.pp_bubble += seconds_of(left - s.waiting_since);
    s.parts.pp_comm += seconds_of(now - left);
  } else {
    s.parts.dp_comm += seconds_of(now - s.waiting_since);
  }
  s.wait = Wait::none;
  s.wait_message = -1;
}

// Starts waiting for `why`; a lane already waiting for something else first closes that wait (a
// pass may wait for its message and then, the message in, for its weights).
void StepSimulation::begin_wait(int lane, Wait why, int message) {
  LaneState& s = state_[static_cast<std::size_t>(lane)];
  if (s.wait == why && s.wait_message == message) return;
  end_wait(lane);
  s.wait = why;
  s.wait_message = message;
  s.waiting_since = engine_.now();
}

void StepSimulation::advance(int lane) {
  LaneState& s = state_[static_cast<std::size_t>(lane)];
  if (s.running || s.finished || s.wait == Wait::gather_end) return;
  const Lane& l = lanes_[static_cast<std::size_t>(lane)];
  const StageWork& work = work_[static_cast<std::size_t>(l.stage)];
  const StageStream& stream = streams_[static_cast<std::size_t>(l.stage)];
  if (s.next == work.order.size()) {
    if (stream.buckets_reduced < stream.buckets_total) {
      begin_wait(lane, Wait::gradients);
      return;
    }
    const bool waited = s.wait == Wait::gradients;
    end_wait(lane);
    start_optimizer(lane, waited ? stream.last_activity : s.last_activity);
    return;
  }
  const PipelinePass& pass = work.order[s.next];
  const int global = pass.chunk * p_.pp + l.stage;
  int needed = -1;
  if (pass.forward && global > 0) needed = message_index(l.replica_class, global, pass.micro_batch, false);
  if (!pass.forward && global < virtual_stages_ - 1)
    needed = message_index(l.replica_class, global, pass.micro_batch, true);
  if (needed >= 0 && arrived_[static_cast<std::size_t>(needed)] < 0) {
    begin_wait(lane, Wait::message, needed);
    return;
  }
  const bool first_forward =
      pass.forward && static_cast<int>(s.next) == work.first_forward_of_chunk[static_cast<std::size_t>(pass.chunk)];
  const bool zero3 = p_.zero == 3;
  const bool weights_missing =
      zero3 ? stream.weights_in[s.next] == 0
            : first_forward && stream.gathers_per_chunk > 0 && gathered_for(stream, pass.chunk) == 0;
  if (weights_missing) {
    begin_wait(lane, Wait::gather_start);
    return;
  }
  int cause = s.last_activity;
  if (s.wait == Wait::message) cause = message_activity_[static_cast<std::size_t>(needed)];
  if (s.wait == Wait::gather_start)
    cause = zero3 ? stream.weights_activity[s.next] : stream.gather_activity[static_cast<std::size_t>(pass.chunk)];
  end_wait(lane);

  const PassWork& w = pass.forward ? work.forward : work.backward;
  s.activity = add_activity(pass.forward ? ActivityKind::forward : ActivityKind::backward, lane, l.stage,
                            pass.micro_batch, pass.chunk, cause);
  Activity& a = activities_.back();
  a.compute = w.compute * (1.0 + l.slowdown);
  a.tp = w.tp;
  a.cp = w.cp;
  a.ep = w.ep;
  // Backward passes that release gradients run in pieces, one per bucket (per layer with ZeRO-3).
  const bool last_backward =
      !pass.forward && static_cast<int>(s.next) == work.last_backward_of_chunk[static_cast<std::size_t>(pass.chunk)];
  s.pieces = zero3 ? (pass.forward ? 1 : work.fsdp_units) : (last_backward ? buckets_per_chunk_ : 1);
  s.piece = 0;
  s.piece_work_s = (a.compute + a.tp + a.cp + a.ep).value() / s.pieces;
  s.running = true;
  const int started = s.activity;
  start_piece(lane);
  if (zero3 && s.next + 1 < work.order.size()) request_weights(l.stage, static_cast<int>(s.next) + 1, started);
}

void StepSimulation::start_piece(int lane) {
  LaneState& s = state_[static_cast<std::size_t>(lane)];
  s.remaining_s = s.piece_work_s;
  s.rate = rate_of(lanes_[static_cast<std::size_t>(lane)].stage);
  s.rate_since = engine_.now();
  s.piece_start = engine_.now();
  const std::uint32_t version = ++s.version;
  engine_.after(ticks_after(Seconds(s.remaining_s / s.rate)), [this, lane, version] { piece_done(lane, version); });
}

void StepSimulation::piece_done(int lane, std::uint32_t version) {
  LaneState& s = state_[static_cast<std::size_t>(lane)];
  if (version != s.version || !s.running) return;  // rescheduled since
  const Lane& l = lanes_[static_cast<std::size_t>(lane)];
  // Time beyond the undisturbed work is compute slowed by a data-parallel collective beside it.
  s.parts.dp_comm += seconds_of(engine_.now() - s.piece_start) - Seconds(s.piece_work_s);
  const Activity& a = activities_[static_cast<std::size_t>(s.activity)];
  if (a.kind == ActivityKind::optimizer) {
    s.parts.optimizer += Seconds(s.piece_work_s);
    s.running = false;
    s.finished = true;
    s.finish = engine_.now();
    activities_[static_cast<std::size_t>(s.activity)].end = engine_.now();
    s.last_activity = s.activity;
    if (++finished_lanes_ == lanes_.size() && finished_) finished_();
    return;
  }
  const double share = 1.0 / s.pieces;
  s.parts.compute += a.compute * share;
  s.parts.tp_comm += a.tp * share;
  s.parts.cp_comm += a.cp * share;
  s.parts.ep_comm += a.ep * share;
  const StageWork& work = work_[static_cast<std::size_t>(l.stage)];
  const PipelinePass& pass = work.order[s.next];
  const bool zero3 = p_.zero == 3;
  if (zero3 && !pass.forward) {  // every backward pass releases its gradients layer by layer
    const int pass_index = static_cast<int>(s.next);
    bucket_ready(l.stage, pass.chunk, pass_index * work.fsdp_units + s.piece, 1.0 / (p_.vpp * work.fsdp_units),
                 s.activity, pass_index);
  } else if (!zero3 && !pass.forward &&
             static_cast<int>(s.next) == work.last_backward_of_chunk[static_cast<std::size_t>(pass.chunk)]) {
    bucket_ready(l.stage, pass.chunk, pass.chunk * buckets_per_chunk_ + s.piece, 1.0 / (buckets_per_chunk_ * p_.vpp),
                 s.activity, -1);
  }
  if (++s.piece < s.pieces) {
    start_piece(lane);
    return;
  }
  s.running = false;
  // A pass needs all of its chunk's weights before it can end: with ZeRO-3 every pass, otherwise
  // the first forward of each chunk (the weights the last step updated).
  const StageStream& stream = streams_[static_cast<std::size_t>(l.stage)];
  const bool first_forward =
      pass.forward && static_cast<int>(s.next) == work.first_forward_of_chunk[static_cast<std::size_t>(pass.chunk)];
  const bool weights_pending = zero3 ? stream.weights_in[s.next] < work.fsdp_units
                                     : first_forward && gathered_for(stream, pass.chunk) < stream.gathers_per_chunk;
  if (weights_pending) {
    begin_wait(lane, Wait::gather_end);
    return;
  }
  pass_done(lane);
}

void StepSimulation::pass_done(int lane) {
  LaneState& s = state_[static_cast<std::size_t>(lane)];
  end_wait(lane);
  activities_[static_cast<std::size_t>(s.activity)].end = engine_.now();
  s.last_activity = s.activity;
  const Lane& l = lanes_[static_cast<std::size_t>(lane)];
  const PipelinePass pass = work_[static_cast<std::size_t>(l.stage)].order[s.next];
  ++s.next;
  send_message(lane, pass);
  advance(lane);
}

void StepSimulation::start_optimizer(int lane, int cause) {
  LaneState& s = state_[static_cast<std::size_t>(lane)];
  const Lane& l = lanes_[static_cast<std::size_t>(lane)];
  s.activity = add_activity(ActivityKind::optimizer, lane, l.stage, -1, -1, cause);
  s.pieces = 1;
  s.piece = 0;
  s.piece_work_s = work_[static_cast<std::size_t>(l.stage)].traffic.optimizer.value() * (1.0 + l.slowdown);
  s.running = true;
  start_piece(lane);
}

void StepSimulation::send_message(int lane, const PipelinePass& pass) {
  const Lane& l = lanes_[static_cast<std::size_t>(lane)];
  const int global = pass.chunk * p_.pp + l.stage;
  const int target = pass.forward ? global + 1 : global - 1;
  if (target < 0 || target >= virtual_stages_) return;
  const int index = message_index(l.replica_class, target, pass.micro_batch, !pass.forward);
  const int to_stage = target % p_.pp;
  const int to_lane = lane_of(l.replica_class, to_stage);
  const int activity = add_activity(ActivityKind::pp_send, lane, l.stage, pass.micro_batch, pass.chunk,
                                    state_[static_cast<std::size_t>(lane)].last_activity);
  message_activity_[static_cast<std::size_t>(index)] = activity;
  sent_[static_cast<std::size_t>(index)] = engine_.now();
  const auto arrive = [this, index, activity, to_lane] {
    arrived_[static_cast<std::size_t>(index)] = engine_.now();
    activities_[static_cast<std::size_t>(activity)].end = engine_.now();
    if (options_.trace) sample_tiers();
    advance(to_lane);
  };
  if (to_stage == l.stage) {  // the next virtual stage is on this same rank: nothing to send
    activities_[static_cast<std::size_t>(activity)].tier = 0;
    engine_.after(0, arrive);
    return;
  }
  activities_[static_cast<std::size_t>(activity)].tier = traffic_.send_tier(l.stage, to_stage);
  const double share = static_cast<double>(l.replicas) / p_.dp;
  traffic_.send(l.stage, to_stage, classes_.classes[static_cast<std::size_t>(l.replica_class)].first_replica, share,
                message_bytes_, arrive);
  if (options_.trace) sample_tiers();
}

// Gradients of `share` of the stage's parameters are ready on one more lane; once every lane has
// them, their reduction joins the stage's queue.
void StepSimulation::bucket_ready(int stage, int chunk, int bucket, double share, int cause, int pass) {
  StageStream& stream = streams_[static_cast<std::size_t>(stage)];
  if (++stream.ready_lanes[static_cast<std::size_t>(bucket)] < static_cast<int>(classes_.classes.size())) return;
  if (!p_.dp_overlap) {
    // Reduced only once the whole backward is done (Megatron-LM's 2021 "local" DDP).
    stream.held.push_back({chunk, bucket, share, cause, pass});
    if (static_cast<int>(stream.held.size()) < stream.buckets_total) return;
    for (const StageStream::HeldBucket& held : stream.held)
      reduce_bucket(stage, held.chunk, held.bucket, held.share, held.cause, held.pass);
    stream.held.clear();
    return;
  }
  reduce_bucket(stage, chunk, bucket, share, cause, pass);
}

int StepSimulation::gathered_for(const StageStream& stream, int chunk) const {
  if (p_.dp_overlap) return stream.gathered[static_cast<std::size_t>(chunk)];
  for (const int done : stream.gathered)
    if (done < stream.gathers_per_chunk) return 0;
  return stream.gathers_per_chunk;
}

// The reduction of one bucket's gradients joins the stage's queue.
void StepSimulation::reduce_bucket(int stage, int chunk, int bucket, double share, int cause, int pass) {
  StageStream& stream = streams_[static_cast<std::size_t>(stage)];
  const StageWork& work = work_[static_cast<std::size_t>(stage)];
  const Collective kind = p_.zero == 0 ? Collective::all_reduce : Collective::reduce_scatter;
  const bool dense = traffic_.group_size(DataParallelGroup::dense) > 1 && work.traffic.dense_gradients.value() > 0;
  const bool expert = traffic_.group_size(DataParallelGroup::expert) > 1 && work.traffic.expert_gradients.value() > 0;
  if (!dense && !expert) {
    ++stream.buckets_reduced;
    if (stream.buckets_reduced == stream.buckets_total)
      for (int c = 0; c < static_cast<int>(classes_.classes.size()); ++c) advance(lane_of(c, stage));
    return;
  }
  if (dense)
    enqueue(stage, {ActivityKind::dp_reduce, DataParallelGroup::dense, kind, work.traffic.dense_gradients * share,
                    chunk, bucket, !expert, cause, engine_.now(), pass});
  if (expert)
    enqueue(stage, {ActivityKind::dp_reduce, DataParallelGroup::expert, kind, work.traffic.expert_gradients * share,
                    chunk, bucket, true, cause, engine_.now(), pass});
}

// ZeRO-3 (FSDP): a pass needs its chunk's weights gathered; each lane asks for the next pass's when
// it starts one (FSDP's prefetch), and the gather runs once every lane has asked.
void StepSimulation::request_weights(int stage, int pass, int cause) {
  StageStream& stream = streams_[static_cast<std::size_t>(stage)];
  if (++stream.weight_requests[static_cast<std::size_t>(pass)] < static_cast<int>(classes_.classes.size())) return;
  const StageWork& work = work_[static_cast<std::size_t>(stage)];
  const int units = work.fsdp_units;
  const double share = 1.0 / (p_.vpp * units);
  const int chunk = work.order[static_cast<std::size_t>(pass)].chunk;
  const bool dense = traffic_.group_size(DataParallelGroup::dense) > 1 && work.traffic.dense_weights.value() > 0;
  const bool expert = traffic_.group_size(DataParallelGroup::expert) > 1 && work.traffic.expert_weights.value() > 0;
  if (!dense && !expert) {
    stream.weights_in[static_cast<std::size_t>(pass)] = units;
    wake_for_weights(stage, pass);
    return;
  }
  for (int unit = 0; unit < units; ++unit) {
    const int bucket = pass * units + unit;
    if (dense)
      enqueue(stage, {ActivityKind::dp_gather, DataParallelGroup::dense, Collective::all_gather,
                      work.traffic.dense_weights * share, chunk, bucket, !expert, cause, engine_.now(), pass});
    if (expert)
      enqueue(stage, {ActivityKind::dp_gather, DataParallelGroup::expert, Collective::all_gather,
                      work.traffic.expert_weights * share, chunk, bucket, true, cause, engine_.now(), pass});
  }
}

// Weights of `pass` came in: lanes waiting to start a pass look again; a lane whose pass `pass` has
// computed but waits for its last layers ends it once they are all in.
void StepSimulation::wake_for_weights(int stage, int pass) {
  const StageStream& stream = streams_[static_cast<std::size_t>(stage)];
  const bool all_in =
      stream.weights_in[static_cast<std::size_t>(pass)] == work_[static_cast<std::size_t>(stage)].fsdp_units;
  for (int c = 0; c < static_cast<int>(classes_.classes.size()); ++c) {
    const int lane = lane_of(c, stage);
    const LaneState& state = state_[static_cast<std::size_t>(lane)];
    if (state.wait == Wait::gather_start) advance(lane);
    if (state.wait == Wait::gather_end && static_cast<int>(state.next) == pass && all_in) pass_done(lane);
  }
}

void StepSimulation::enqueue(int stage, QueuedCollective collective) {
  streams_[static_cast<std::size_t>(stage)].queue.push_back(collective);
  run_stream(stage);
}

// Collectives of one stage's data-parallel group run one after another (one NCCL communicator and
// stream), each started as soon as the one before has ended.
void StepSimulation::run_stream(int stage) {
  StageStream& stream = streams_[static_cast<std::size_t>(stage)];
  if (stream.busy || stream.queue.empty()) return;
  const QueuedCollective next = stream.queue.front();
  stream.queue.pop_front();
  const bool queued = next.ready < engine_.now() && stream.last_activity >= 0;
  const int activity =
      add_activity(next.kind, lane_of(0, stage), stage, -1, next.bucket, queued ? stream.last_activity : next.cause);
  activities_[static_cast<std::size_t>(activity)].tier = traffic_.collective_tier(stage, next.group);
  stream.busy = true;
  set_rates(stage);
  traffic_.collective(stage, next.group, next.collective, next.bytes, [this, stage, next, activity] {
    StageStream& s = streams_[static_cast<std::size_t>(stage)];
    activities_[static_cast<std::size_t>(activity)].end = engine_.now();
    s.last_activity = activity;
    s.busy = false;
    const int lanes = static_cast<int>(classes_.classes.size());
    if (next.kind == ActivityKind::dp_gather && next.pass >= 0) {
      if (next.last_of_bucket) {
        ++s.weights_in[static_cast<std::size_t>(next.pass)];
        s.weights_activity[static_cast<std::size_t>(next.pass)] = activity;
        wake_for_weights(stage, next.pass);
      }
    } else if (next.kind == ActivityKind::dp_gather) {
      ++s.gathered[static_cast<std::size_t>(next.chunk)];
      s.gather_activity[static_cast<std::size_t>(next.chunk)] = activity;
      for (int c = 0; c < lanes; ++c) {
        const int lane = lane_of(c, stage);
        LaneState& state = state_[static_cast<std::size_t>(lane)];
        if (state.wait == Wait::gather_end) {  // a pass done, waiting for the rest of its chunk's weights
          const auto chunk = static_cast<std::size_t>(work_[static_cast<std::size_t>(stage)].order[state.next].chunk);
          if (gathered_for(s, static_cast<int>(chunk)) == s.gathers_per_chunk) pass_done(lane);
        } else if (state.wait == Wait::gather_start) {
          advance(lane);
        }
      }
    } else if (next.last_of_bucket && ++s.buckets_reduced == s.buckets_total) {
      for (int c = 0; c < lanes; ++c) advance(lane_of(c, stage));
    }
    if (options_.trace) sample_tiers();
    run_stream(stage);
    set_rates(stage);
  });
  if (options_.trace) sample_tiers();
}

// A stage's compute runs slower while its data-parallel collective runs (re-timing running pieces).
void StepSimulation::set_rates(int stage) {
  const double rate = rate_of(stage);
  const Ticks now = engine_.now();
  for (int c = 0; c < static_cast<int>(classes_.classes.size()); ++c) {
    const int lane = lane_of(c, stage);
    LaneState& s = state_[static_cast<std::size_t>(lane)];
    if (!s.running || s.rate == rate) continue;
    s.remaining_s = std::max(0.0, s.remaining_s - seconds_of(now - s.rate_since).value() * s.rate);
    s.rate = rate;
    s.rate_since = now;
    const std::uint32_t version = ++s.version;
    engine_.after(ticks_after(Seconds(s.remaining_s / rate)), [this, lane, version] { piece_done(lane, version); });
  }
}

void StepSimulation::sample_tiers() {
  TierSample sample;
  sample.at = engine_.now();
  sample.bytes_per_s.assign(static_cast<std::size_t>(traffic_.fabric().tiers()), 0.0);
  network_.add_rates_by_group(traffic_.fabric().tier_of_links(), sample.bytes_per_s);
  if (!samples_.empty() && samples_.back().at == sample.at)
    samples_.back() = std::move(sample);
  else
    samples_.push_back(std::move(sample));
}

void StepSimulation::start(std::function<void()> finished) {
  started_ = engine_.now();
  finished_ = std::move(finished);
  virtual_stages_ = p_.pp * p_.vpp;
  micro_batches_ = p_.micro_batches_per_step();
  message_bytes_ = p_.pp > 1 ? pipeline_message_bytes(job_.model, p_) : Bytes(0.0);
  classes_ = replica_classes(job_, options_.full);

  const SimulatedPricer pricer(topology_);
  int first_layer = 0;
  double most_buckets = 1;
  for (int stage = 0; stage < p_.pp; ++stage) {
    const StageCost cost = stage_cost(job_, placement_, pricer, stage, first_layer);
    const DataParallelTraffic traffic = data_parallel_traffic(job_, stage, first_layer);
    work_.push_back(stage_work(job_, cost, traffic, stage));
    most_buckets = std::max(most_buckets, traffic.buckets);
    first_layer += p_.stage_layers[static_cast<std::size_t>(stage)];
  }
  // Buckets of 40M parameters (stage_cost.cpp), spread over the rank's chunks; every stage is cut
  // into as many as the largest needs, so buckets of the small first and last stages are smaller.
  buckets_per_chunk_ = std::max(1, static_cast<int>(std::lround(most_buckets / p_.vpp)));

  for (int c = 0; c < static_cast<int>(classes_.classes.size()); ++c) {
    const ReplicaClass& replica = classes_.classes[static_cast<std::size_t>(c)];
    for (int stage = 0; stage < p_.pp; ++stage)
      lanes_.push_back({stage, c, replica.replicas, replica.stage_slowdown[static_cast<std::size_t>(stage)]});
  }
  state_.resize(lanes_.size());
  const std::size_t messages = static_cast<std::size_t>(classes_.classes.size()) * virtual_stages_ * micro_batches_ * 2;
  arrived_.assign(messages, -1);
  sent_.assign(messages, -1);
  message_activity_.assign(messages, -1);

  const bool gathers = p_.zero == 1 || p_.zero == 2;
  streams_.resize(static_cast<std::size_t>(p_.pp));
  for (int stage = 0; stage < p_.pp; ++stage) {
    StageStream& stream = streams_[static_cast<std::size_t>(stage)];
    const std::size_t passes = work_[static_cast<std::size_t>(stage)].order.size();
    // ZeRO-3 reduces every layer of every backward pass; the others every bucket once.
    const int units = work_[static_cast<std::size_t>(stage)].fsdp_units;
    stream.buckets_total = p_.zero == 3 ? static_cast<int>(passes / 2) * units : buckets_per_chunk_ * p_.vpp;
    stream.ready_lanes.assign(
        p_.zero == 3 ? passes * static_cast<std::size_t>(units) : static_cast<std::size_t>(stream.buckets_total), 0);
    stream.weight_requests.assign(passes, 0);
    stream.weights_in.assign(passes, 0);
    stream.weights_activity.assign(passes, -1);
    stream.gathered.assign(static_cast<std::size_t>(p_.vpp), 0);
    stream.gather_activity.assign(static_cast<std::size_t>(p_.vpp), -1);
  }
  // The updated weights of the step before are gathered at the start of this one, bucket by bucket,
  // under the first forward passes (Megatron-Core overlap_param_gather).
  for (int stage = 0; stage < p_.pp && gathers; ++stage) {
    const DataParallelTraffic& traffic = work_[static_cast<std::size_t>(stage)].traffic;
    const double share = 1.0 / (buckets_per_chunk_ * p_.vpp);
    const bool dense = traffic_.group_size(DataParallelGroup::dense) > 1 && traffic.dense_weights.value() > 0;
    const bool expert = traffic_.group_size(DataParallelGroup::expert) > 1 && traffic.expert_weights.value() > 0;
    StageStream& stream = streams_[static_cast<std::size_t>(stage)];
    stream.gathers_per_chunk = buckets_per_chunk_ * ((dense ? 1 : 0) + (expert ? 1 : 0));
    for (int chunk = 0; chunk < p_.vpp; ++chunk)
      for (int j = 0; j < buckets_per_chunk_; ++j) {
        if (dense)
          stream.queue.push_back({ActivityKind::dp_gather, DataParallelGroup::dense, Collective::all_gather,
                                  traffic.dense_weights * share, chunk, chunk * buckets_per_chunk_ + j, true, -1, 0,
                                  -1});
        if (expert)
          stream.queue.push_back({ActivityKind::dp_gather, DataParallelGroup::expert, Collective::all_gather,
                                  traffic.expert_weights * share, chunk, chunk * buckets_per_chunk_ + j, true, -1, 0,
                                  -1});
      }
  }
  for (int stage = 0; stage < p_.pp; ++stage) run_stream(stage);
  if (p_.zero == 3)  // the first pass's weights, asked for by every lane at the start
    for (int lane = 0; lane < static_cast<int>(lanes_.size()); ++lane)
      request_weights(lanes_[static_cast<std::size_t>(lane)].stage, 0, -1);
  for (int lane = 0; lane < static_cast<int>(lanes_.size()); ++lane) advance(lane);
}

SimulatedStep StepSimulation::finish() {
  SimulatedStep result;
  account(result);
  return result;
}

void StepSimulation::account(SimulatedStep& result) {
  int critical = 0;
  for (int lane = 0; lane < static_cast<int>(lanes_.size()); ++lane) {
    assert(state_[static_cast<std::size_t>(lane)].finished);
    if (state_[static_cast<std::size_t>(lane)].finish > state_[static_cast<std::size_t>(critical)].finish)
      critical = lane;
  }
  const LaneState& last = state_[static_cast<std::size_t>(critical)];
  // The job's own cluster (its GPUs alone on its fabric) for the estimate and the FLOPs.
  const CompiledStep compiled = compile_step(job_);
  result.step = estimate_from_breakdown(compiled, last.parts);
  // The parts are rounded to whole ticks one by one; the step is the tick the last lane ended.
  result.step.step_time = seconds_of(last.finish - started_);
  result.started = started_;
  result.analytical = evaluate(compiled);
  result.critical_lane = critical;
  for (int a = last.last_activity; a >= 0; a = activities_[static_cast<std::size_t>(a)].cause)
    result.critical_path.push_back(a);
  std::reverse(result.critical_path.begin(), result.critical_path.end());

  const FabricGraph& fabric = traffic_.fabric();
  result.tier_names.reserve(topology_.tiers.size());
  for (const NetworkTier& tier : topology_.tiers) result.tier_names.push_back(tier.name);
  result.link_utilisation.resize(topology_.tiers.size());
  for (std::size_t t = 0; t < topology_.tiers.size(); ++t) result.link_utilisation[t].tier = topology_.tiers[t].name;
  // The links this job's flows crossed, with everything they carried (other jobs' traffic too).
  const double step_s = seconds_of(last.finish - started_).value();
  const std::vector<char>& crossed = traffic_.used_links();
  for (LinkId link = 0; link < network_.links(); ++link) {
    TierUtilisation& tier = result.link_utilisation[fabric.tier_of_links()[link]];
    ++tier.links;
    if (crossed[link] == 0) continue;
    const double bytes = network_.carried(link).value();
    if (bytes <= 0) continue;
    const double used = step_s > 0 ? bytes / (network_.capacity(link).value() * step_s) : 0.0;
    ++tier.busy_links;
    tier.bytes += Bytes(bytes);
    tier.peak = std::max(tier.peak, used);
    tier.mean_busy += used;
  }
  for (TierUtilisation& tier : result.link_utilisation)
    if (tier.busy_links > 0) tier.mean_busy /= tier.busy_links;

  result.lanes = std::move(lanes_);
  result.activities = std::move(activities_);
  result.tier_samples = std::move(samples_);
  result.straggler_gpus = classes_.straggler_gpus;
  result.replica_classes = static_cast<int>(classes_.classes.size());
  result.flows = traffic_.flows_started();
  result.full = options_.full;
}

}  // namespace

SharedStep simulate_shared(const Topology& topology, int gpus, std::span<const PlacedJob> jobs,
                           const StepSimOptions& options, const PrepareFabric& prepare, Seconds horizon) {
  Engine engine;
  FlowNetwork network;
  engine.add_model(network);
  const FabricGraph fabric(topology, gpus, network);
  if (prepare) prepare(fabric, network);
  // Each job runs step after step until `horizon` has passed (at least one): a short job keeps
  // loading the links while a long one runs.
  const Ticks until = ticks_after(horizon);
  std::vector<std::vector<std::unique_ptr<StepSimulation>>> steps(jobs.size());
  std::function<void(std::size_t)> next_step = [&](std::size_t j) {
    steps[j].push_back(
        std::make_unique<StepSimulation>(*jobs[j].job, options, topology, engine, network, fabric, jobs[j].nodes));
    steps[j].back()->start([&, j] {
      if (engine.now() < until) next_step(j);
    });
  };
  for (std::size_t j = 0; j < jobs.size(); ++j) next_step(j);
  engine.run(options.limit,
             options.progress ? [&](Ticks now) { options.progress(seconds_of(now)); } : std::function<void(Ticks)>());

  SharedStep shared;
  if (engine.cut_off()) {
    shared.cut_off = true;
    return shared;
  }
  std::vector<std::vector<char>> crossed_by(jobs.size(), std::vector<char>(network.links(), 0));
  for (std::size_t j = 0; j < jobs.size(); ++j) {
    Seconds total(0.0);
    for (std::size_t k = 0; k < steps[j].size(); ++k) {
      SimulatedStep step = steps[j][k]->finish();
      total += step.step.step_time;
      const std::vector<char>& crossed = steps[j][k]->used_links();
      for (std::size_t link = 0; link < crossed.size(); ++link) crossed_by[j][link] |= crossed[link];
      if (k == 0) shared.jobs.push_back(std::move(step));
    }
    shared.steps_run.push_back(static_cast<int>(steps[j].size()));
    shared.mean_step_time.push_back(total / static_cast<double>(steps[j].size()));
  }
  // Links more than one job crossed, by job and tier.
  const std::vector<std::uint8_t>& tier_of = fabric.tier_of_links();
  for (std::size_t j = 0; j < jobs.size(); ++j) {
    JobCollisions collisions;
    collisions.shared_links_by_tier.assign(topology.tiers.size(), 0);
    const std::vector<char>& mine = crossed_by[j];
    std::vector<char> met(jobs.size(), 0);
    for (LinkId link = 0; link < network.links(); ++link) {
      if (mine[link] == 0) continue;
      bool shared_link = false;
      for (std::size_t other = 0; other < jobs.size(); ++other)
        if (other != j && crossed_by[other][link] != 0) {
          shared_link = true;
          met[other] = 1;
        }
      if (shared_link) ++collisions.shared_links_by_tier[tier_of[link]];
    }
    for (std::size_t other = 0; other < met.size(); ++other)
      if (met[other] != 0) collisions.with_jobs.push_back(static_cast<int>(other));
    shared.collisions.push_back(std::move(collisions));
  }
  // The whole fabric, per tier.
  shared.link_utilisation.resize(topology.tiers.size());
  const double span_s = seconds_of(engine.now()).value();
  for (std::size_t t = 0; t < topology.tiers.size(); ++t) shared.link_utilisation[t].tier = topology.tiers[t].name;
  for (LinkId link = 0; link < network.links(); ++link) {
    TierUtilisation& tier = shared.link_utilisation[tier_of[link]];
    ++tier.links;
    const double bytes = network.carried(link).value();
    if (bytes <= 0) continue;
    const double used = span_s > 0 ? bytes / (network.capacity(link).value() * span_s) : 0.0;
    ++tier.busy_links;
    tier.bytes += Bytes(bytes);
    tier.peak = std::max(tier.peak, used);
    tier.mean_busy += used;
  }
  for (TierUtilisation& tier : shared.link_utilisation)
    if (tier.busy_links > 0) tier.mean_busy /= tier.busy_links;
  return shared;
}

std::optional<std::string> simulation_refusal(const Job& job) {
  if (job.parallelism.schedule_or_default() == PipelineSchedule::dualpipe)
    return "parallelism.schedule: the event simulator runs 1F1B and interleaved pipelines, not DualPipe; estimate "
           "the job (gigasim estimate), or simulate it with schedule: 1f1b";
  return std::nullopt;
}

SimulatedStep simulate_step(const Job& job, const StepSimOptions& options) {
  const Topology topology = build_topology(job.cluster);
  const std::array<PlacedJob, 1> alone{PlacedJob{&job, {}}};
  SharedStep shared = simulate_shared(topology, job.cluster.gpus, alone, options);
  if (shared.cut_off) {
    SimulatedStep step;
    step.cut_off = true;
    return step;
  }
  return std::move(shared.jobs.front());
}

}  // namespace gigasim
