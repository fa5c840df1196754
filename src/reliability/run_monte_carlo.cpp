#include "reliability/run_monte_carlo.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <queue>

#include "util/shared_threads.hpp"

namespace gigasim {
namespace {

constexpr double kSecondsPerHour = 3600;
constexpr double kZ95 = 1.96;

// SplitMix64 (Steele, Lea & Flood 2014): a tiny, well-mixed generator; one per trial.
class SplitMix {
 public:
  explicit SplitMix(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30U)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27U)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31U);
  }
  double unit() { return static_cast<double>(next() >> 11U) * 0x1.0p-53; }  // [0, 1)
  double exponential(double rate) { return -std::log1p(-unit()) / rate; }

 private:
  std::uint64_t state_;
};

struct Trial {
  double wall_s = 0;
  int interruptions = 0;
  double spare_wait_s = 0;
  std::vector<int> by_cause;
};

Trial run_trial(const RunInputs& in, std::uint64_t seed) {
  SplitMix random(seed);
  Trial trial;
  trial.by_cause.assign(in.interruptions.causes.size(), 0);
  const double rate = in.interruptions.per_hour() / kSecondsPerHour;
  const double work = in.work.value();
  const double tau = in.interval.value();
  const double delta = in.checkpoint.value();
  const double restart = in.restart.value();
  // Spares: when each becomes free (a failed node joins the pool once repaired).
  std::priority_queue<double, std::vector<double>, std::greater<>> spares;
  for (int i = 0; i < in.spares; ++i) spares.push(0.0);

  const auto pick_cause = [&]() {
    double u = random.unit() * in.interruptions.per_hour();
    for (std::size_t c = 0; c < in.interruptions.causes.size(); ++c) {
      u -= in.interruptions.causes[c].per_hour;
      if (u < 0) return c;
    }
    return in.interruptions.causes.size() - 1;
  };
  double t = 0;
  double done = 0;
  double next = rate > 0 ? random.exponential(rate) : INFINITY;
  while (done < work) {
    const double segment = std::min(tau, work - done);
    const double need = segment + (done + segment < work ? delta : 0.0);
    if (next >= t + need) {
      t += need;
      done += segment;
      continue;
    }
    // Interrupted, and again while restarting.
    const double into_segment = next - t;
    t = next;
    bool interrupted = true;
    while (interrupted) {
      ++trial.interruptions;
      const std::size_t cause = pick_cause();
      ++trial.by_cause[cause];
      const CauseRate& what = in.interruptions.causes[cause];
      // Planned work checkpoints first: what was computed in this interval is kept.
      if (what.planned) done += std::min(segment, into_segment);
      if (what.needs_spare && !in.unlimited_spares) {
        double free_at = t + in.repair.value();  // no spare: wait for this node's repair
        if (!spares.empty()) {
          free_at = spares.top();
          spares.pop();
          spares.push(t + in.repair.value());  // the failed node, once repaired
        }
        if (free_at > t) {
          trial.spare_wait_s += free_at - t;
          t = free_at;
        }
      }
      next = t + random.exponential(rate);
      if (next < t + restart) {
        t = next;
        continue;  // interrupted while restarting
      }
      t += restart;
      interrupted = false;
    }
    next = t + random.exponential(rate);
  }
  trial.wall_s = t;
  return trial;
}

Summary summarize(std::vector<double> values) {
  Summary s;
  if (values.empty()) return s;
  double sum = 0;
  for (const double v : values) sum += v;
  s.mean = sum / static_cast<double>(values.size());
  std::sort(values.begin(), values.end());
  const auto at = [&](double q) {
    const auto i = static_cast<std::size_t>(std::floor(q * static_cast<double>(values.size() - 1) + 0.5));
    return values[i];
  };
  constexpr double kP10 = 0.1;
  constexpr double kP50 = 0.5;
  constexpr double kP90 = 0.9;
  s.p10 = at(kP10);
  s.p50 = at(kP50);
  s.p90 = at(kP90);
  return s;
}

}  // namespace

RunDistribution simulate_runs(const RunInputs& inputs, int trials, std::uint64_t seed, int threads,
                              const std::function<void(int done, int total)>& progress, const WorkLimit& limit) {
  std::vector<Trial> results(static_cast<std::size_t>(trials));
  std::atomic<int> next{0};
  std::atomic<int> finished{0};
  std::atomic<bool> cut_off{false};
  const auto worker = [&](int /*thread*/) {
    for (int i = next++; i < trials; i = next++) {
      if (limit.reached()) {
        cut_off = true;
        return;
      }
      // Each trial's own stream: the result does not depend on which thread runs it.
      SplitMix mix(seed ^ (0x9e3779b97f4a7c15ULL * static_cast<std::uint64_t>(i + 1)));
      results[static_cast<std::size_t>(i)] = run_trial(inputs, mix.next());
      const int done = ++finished;
      if (progress) progress(done, trials);
    }
  };
  run_on_threads(std::max(1, threads), worker);

  RunDistribution out;
  if (cut_off) {
    out.cut_off = true;
    return out;
  }
  out.trials = trials;
  std::vector<double> wall;
  std::vector<double> count;
  std::vector<double> mtti;
  std::vector<double> goodput;
  std::vector<double> causes(inputs.interruptions.causes.size(), 0.0);
  double waits = 0;
  for (const Trial& trial : results) {
    wall.push_back(trial.wall_s / kSecondsPerDay);
    count.push_back(trial.interruptions);
    mtti.push_back(trial.interruptions > 0 ? trial.wall_s / trial.interruptions / kSecondsPerHour
                                           : trial.wall_s / kSecondsPerHour);
    goodput.push_back(inputs.work.value() / trial.wall_s);
    for (std::size_t c = 0; c < causes.size(); ++c) causes[c] += trial.by_cause[c];
    waits += trial.spare_wait_s;
  }
  out.wall_days = summarize(wall);
  double variance = 0;
  for (const double w : wall) variance += (w - out.wall_days.mean) * (w - out.wall_days.mean);
  variance /= std::max(1.0, static_cast<double>(trials - 1));
  out.wall_days_ci95 = kZ95 * std::sqrt(variance / std::max(1, trials));
  out.interruptions = summarize(count);
  out.mtti_hours = summarize(mtti);
  out.goodput = summarize(goodput);
  out.goodput_by_trial = std::move(goodput);
  for (std::size_t c = 0; c < causes.size(); ++c)
    out.by_cause.emplace_back(inputs.interruptions.causes[c].cause, causes[c] / std::max(1, trials));
  out.spare_wait_days = waits / std::max(1, trials) / kSecondsPerDay;
  return out;
}

Seconds expected_wall_time(Seconds work, Seconds interval, Seconds checkpoint, Seconds restart, Seconds mtti) {
  const double m = mtti.value();
  return Seconds(m * std::exp(restart.value() / m) * (std::exp((interval + checkpoint).value() / m) - 1.0) *
                 (work / interval));
}

}  // namespace gigasim
