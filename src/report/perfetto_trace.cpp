#include "report/perfetto_trace.hpp"

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

// A pass's parts run one after another inside it; time stretched by overlap spreads over them.
void write_pass(TraceWriter& trace, int pid, const Activity& a) {
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
    trace.slice(pid, track, name, at, duration, args);
    at += duration;
  }
}

}  // namespace

void write_perfetto_trace(const Job& job, const SimulatedStep& simulated, std::ostream& out) {
  TraceWriter trace(out);
  const int fabric_pid = 0;
  trace.name_process(fabric_pid, fmt::format("fabric ({} × {})", job.cluster.gpus, job.cluster.gpu.name), 0);
  for (std::size_t lane = 0; lane < simulated.lanes.size(); ++lane) {
    const int pid = static_cast<int>(lane) + 1;
    trace.name_process(pid, lane_name(simulated, simulated.lanes[lane]), pid);
    trace.name_thread(pid, compute, "compute");
    trace.name_thread(pid, tp, "tp comm");
    trace.name_thread(pid, cp, "cp comm");
    trace.name_thread(pid, ep, "ep comm");
    trace.name_thread(pid, pp_send, "pp send");
    trace.name_thread(pid, data_parallel, "dp collectives");
  }
  for (const Activity& a : simulated.activities) {
    const int pid = a.lane + 1;
    const std::string tier =
        a.tier >= 0 ? fmt::format(R"("tier":"{}")", simulated.tier_names[static_cast<std::size_t>(a.tier)]) : "";
    switch (a.kind) {
      case ActivityKind::forward:
      case ActivityKind::backward: write_pass(trace, pid, a); break;
      case ActivityKind::optimizer:
        trace.slice(pid, compute, "optimizer", micros(a.start), micros(a.end - a.start), "");
        break;
      case ActivityKind::pp_send:
        trace.slice(pid, pp_send, fmt::format("send mb{} c{}", a.micro_batch, a.chunk), micros(a.start),
                    micros(a.end - a.start), tier);
        break;
      case ActivityKind::dp_reduce:
      case ActivityKind::dp_gather:
        trace.slice(pid, data_parallel,
                    fmt::format("{} bucket {}", a.kind == ActivityKind::dp_reduce ? "reduce" : "gather", a.chunk),
                    micros(a.start), micros(a.end - a.start), tier);
        break;
    }
  }
  for (const TierSample& sample : simulated.tier_samples) {
    std::string values;
    for (std::size_t t = 0; t < sample.bytes_per_s.size(); ++t)
      values +=
          fmt::format(R"({}"{}":{:.3f})", t == 0 ? "" : ",", simulated.tier_names[t], sample.bytes_per_s[t] / kGiga);
    trace.counter(fabric_pid, "GB/s on each tier (sum over its links)", micros(sample.at), values);
  }
}

}  // namespace gigasim
