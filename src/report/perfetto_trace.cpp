#include "report/perfetto_trace.hpp"

#include <array>

#include <fmt/format.h>
#include <fmt/ostream.h>

namespace gigasim {
namespace {

constexpr double kMicrosecondsPerTick = 1e-3;  // trace timestamps are µs; ticks are ns
constexpr double kGiga = 1e9;

enum Track : int { compute = 1, tp = 2, cp = 3, ep = 4, pp_send = 5, data_parallel = 6 };

double micros(Ticks ticks) {
  return static_cast<double>(ticks) * kMicrosecondsPerTick;
}

class TraceWriter {
 public:
  explicit TraceWriter(std::ostream& out) : out_(out) { out_ << "{\"displayTimeUnit\":\"ms\",\"traceEvents\":[\n"; }
  TraceWriter(const TraceWriter&) = delete;
  TraceWriter& operator=(const TraceWriter&) = delete;
  TraceWriter(TraceWriter&&) = delete;
  TraceWriter& operator=(TraceWriter&&) = delete;
  ~TraceWriter() { out_ << "\n]}\n"; }

  void name_process(int pid, const std::string& name, int sort) {
    event(fmt::format(R"({{"ph":"M","name":"process_name","pid":{},"args":{{"name":"{}"}}}})", pid, name));
    event(fmt::format(R"({{"ph":"M","name":"process_sort_index","pid":{},"args":{{"sort_index":{}}}}})", pid, sort));
  }
  void name_thread(int pid, int tid, const char* name) {
    event(fmt::format(R"({{"ph":"M","name":"thread_name","pid":{},"tid":{},"args":{{"name":"{}"}}}})", pid, tid, name));
  }
  void slice(int pid, int tid, const std::string& name, double start_us, double duration_us, const std::string& args) {
    if (duration_us <= 0) return;
    event(fmt::format(R"({{"ph":"X","pid":{},"tid":{},"name":"{}","ts":{:.3f},"dur":{:.3f},"args":{{{}}}}})", pid, tid,
                      name, start_us, duration_us, args));
  }
  void counter(int pid, const char* name, double at_us, const std::string& values) {
    event(fmt::format(R"({{"ph":"C","pid":{},"name":"{}","ts":{:.3f},"args":{{{}}}}})", pid, name, at_us, values));
  }

 private:
  void event(const std::string& text) {
    if (!first_) out_ << ",\n";
    first_ = false;
    out_ << text;
  }
  std::ostream& out_;
  bool first_ = true;
};

std::string lane_name(const SimulatedStep& simulated, const Lane& lane) {
  if (simulated.replica_classes == 1) return fmt::format("stage {}", lane.stage);
  return fmt::format("stage {} · replica class {} ({} replica{}{})", lane.stage, lane.replica_class, lane.replicas,
                     lane.replicas == 1 ? "" : "s",
                     lane.slowdown > 0 ? fmt::format(", {:.0f}% slower", lane.slowdown * 100) : "");
}

// Where a lane's tracks go: a process per lane (one job), or a process per job with a thread per
// lane and track (several jobs).
struct TrackPlace {
  int pid = 0;
  int tid = 0;
};
constexpr int kTracks = 8;  // thread ids per lane when lanes share a process

// A pass's parts run one after another inside it; time stretched by overlap spreads over them.
template <class Place>
void write_pass(TraceWriter& trace, const Place& place, const Activity& a) {
  const double work = (a.compute + a.tp + a.cp + a.ep).value();
  const double span = micros(a.end - a.start);
  const double scale = work > 0 ? span / work : 0.0;
  const std::string name =
      fmt::format("{} mb{} c{}", a.kind == ActivityKind::forward ? "F" : "B", a.micro_batch, a.chunk);
  const std::string args =
      fmt::format(R"("micro_batch":{},"chunk":{},"compute_s":{},"tp_s":{},"cp_s":{},"ep_s":{})", a.micro_batch, a.chunk,
                  a.compute.value(), a.tp.value(), a.cp.value(), a.ep.value());
  double at = micros(a.start);
  const std::pair<int, Seconds> parts[] = {{compute, a.compute}, {tp, a.tp}, {cp, a.cp}, {ep, a.ep}};
  for (const auto& [track, seconds] : parts) {
    const double duration = seconds.value() * scale;
    const TrackPlace where = place(a.lane, track);
    trace.slice(where.pid, where.tid, name, at, duration, args);
    at += duration;
  }
}

template <class Place>
void write_activities(TraceWriter& trace, const SimulatedStep& simulated, const Place& place) {
  for (const Activity& a : simulated.activities) {
    const std::string tier =
        a.tier >= 0 ? fmt::format(R"("tier":"{}")", simulated.tier_names[static_cast<std::size_t>(a.tier)]) : "";
    const auto slice = [&](int track, const std::string& name, const std::string& args) {
      const TrackPlace where = place(a.lane, track);
      trace.slice(where.pid, where.tid, name, micros(a.start), micros(a.end - a.start), args);
    };
    switch (a.kind) {
      case ActivityKind::forward:
      case ActivityKind::backward: write_pass(trace, place, a); break;
      case ActivityKind::optimizer: slice(compute, "optimizer", ""); break;
      case ActivityKind::pp_send: slice(pp_send, fmt::format("send mb{} c{}", a.micro_batch, a.chunk), tier); break;
      case ActivityKind::dp_reduce:
      case ActivityKind::dp_gather:
        slice(data_parallel,
              fmt::format("{} bucket {}", a.kind == ActivityKind::dp_reduce ? "reduce" : "gather", a.chunk), tier);
        break;
    }
  }
}

void write_tier_counters(TraceWriter& trace, const SimulatedStep& simulated, int pid) {
  for (const TierSample& sample : simulated.tier_samples) {
    std::string values;
    for (std::size_t t = 0; t < sample.bytes_per_s.size(); ++t)
      values +=
          fmt::format(R"({}"{}":{:.3f})", t == 0 ? "" : ",", simulated.tier_names[t], sample.bytes_per_s[t] / kGiga);
    trace.counter(pid, "GB/s on each tier (sum over its links)", micros(sample.at), values);
  }
}

constexpr std::array<std::pair<int, const char*>, 6> kTrackNames{{{compute, "compute"},
                                                                  {tp, "tp comm"},
                                                                  {cp, "cp comm"},
                                                                  {ep, "ep comm"},
                                                                  {pp_send, "pp send"},
                                                                  {data_parallel, "dp collectives"}}};

}  // namespace

void write_perfetto_trace(const Job& job, const SimulatedStep& simulated, std::ostream& out) {
  TraceWriter trace(out);
  const int fabric_pid = 0;
  trace.name_process(fabric_pid, fmt::format("fabric ({} × {})", job.cluster.gpus, job.cluster.gpu.name), 0);
  for (std::size_t lane = 0; lane < simulated.lanes.size(); ++lane) {
    const int pid = static_cast<int>(lane) + 1;
    trace.name_process(pid, lane_name(simulated, simulated.lanes[lane]), pid);
    for (const auto& [track, name] : kTrackNames) trace.name_thread(pid, track, name);
  }
  write_activities(trace, simulated, [](int lane, int track) { return TrackPlace{lane + 1, track}; });
  write_tier_counters(trace, simulated, fabric_pid);
}

void write_perfetto_jobs_trace(std::span<const TracedJob> jobs, const std::string& fabric, std::ostream& out) {
  TraceWriter trace(out);
  const int fabric_pid = 0;
  trace.name_process(fabric_pid, fabric, 0);
  for (std::size_t j = 0; j < jobs.size(); ++j) {
    const int pid = static_cast<int>(j) + 1;
    const SimulatedStep& step = *jobs[j].step;
    trace.name_process(pid, jobs[j].name, pid);
    for (std::size_t lane = 0; lane < step.lanes.size(); ++lane)
      for (const auto& [track, name] : kTrackNames)
        trace.name_thread(pid, static_cast<int>(lane) * kTracks + track,
                          (lane_name(step, step.lanes[lane]) + " · " + name).c_str());
    write_activities(trace, step, [pid](int lane, int track) { return TrackPlace{pid, lane * kTracks + track}; });
  }
  // The fabric's counters are the same in every job's samples (one network): the first job's.
  if (!jobs.empty()) write_tier_counters(trace, *jobs.front().step, fabric_pid);
}

}  // namespace gigasim
