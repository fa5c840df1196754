#include "sim/replica_classes.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <random>

namespace gigasim {
namespace {

// A uniform draw in [0, 1) from the generator's top 53 bits: the same on every standard library
// (std::uniform_real_distribution's algorithm is left to the implementation).
double unit_draw(std::mt19937_64& random) {
  constexpr int kMantissaBits = 53;
  constexpr int kDropped = 64 - kMantissaBits;
  return static_cast<double>(random() >> kDropped) * 0x1.0p-53;
}

// The slowdown of every GPU of the job (0 for most).
std::vector<double> gpu_slowdowns(const Job& job, int& stragglers) {
  const Stragglers& spec = job.stragglers;
  const int gpus = job.cluster.gpus;
  std::vector<double> slowdown(static_cast<std::size_t>(gpus), 0.0);
  stragglers = 0;
  if (!spec.any()) return slowdown;
  std::mt19937_64 random(static_cast<std::uint64_t>(spec.seed));
  const auto draw = [&] {
    return spec.slowdown_max > spec.slowdown ? spec.slowdown + unit_draw(random) * (spec.slowdown_max - spec.slowdown)
                                             : spec.slowdown;
  };
  // A partial Fisher–Yates shuffle picks round(fraction · gpus) distinct GPUs.
  const int drawn = static_cast<int>(std::lround(spec.fraction * gpus));
  std::vector<int> order(static_cast<std::size_t>(gpus));
  for (int gpu = 0; gpu < gpus; ++gpu) order[static_cast<std::size_t>(gpu)] = gpu;
  for (int i = 0; i < drawn; ++i) {
    const auto pick = i + static_cast<int>(random() % static_cast<std::uint64_t>(gpus - i));
    std::swap(order[static_cast<std::size_t>(i)], order[static_cast<std::size_t>(pick)]);
    slowdown[static_cast<std::size_t>(order[static_cast<std::size_t>(i)])] = draw();
  }
  for (const int gpu : spec.gpus)
    if (slowdown[static_cast<std::size_t>(gpu)] == 0.0) slowdown[static_cast<std::size_t>(gpu)] = draw();
  stragglers = static_cast<int>(std::count_if(slowdown.begin(), slowdown.end(), [](double s) { return s > 0; }));
  return slowdown;
}

}  // namespace

ReplicaClasses replica_classes(const Job& job, bool every_replica) {
  const Parallelism& p = job.parallelism;
  ReplicaClasses result;
  const std::vector<double> slowdown = gpu_slowdowns(job, result.straggler_gpus);

  // Ranks are numbered tp, cp, dp, pp (placement.hpp): GPU = tp_i + tp·(cp_i + cp·(dp_i + dp·stage)).
  const int per_replica_stage = p.tp * p.cp;
  std::vector<std::vector<double>> by_replica(static_cast<std::size_t>(p.dp),
                                              std::vector<double>(static_cast<std::size_t>(p.pp), 0.0));
  for (int gpu = 0; gpu < job.cluster.gpus; ++gpu) {
    const double s = slowdown[static_cast<std::size_t>(gpu)];
    if (s == 0.0) continue;
    const int replica = gpu / per_replica_stage % p.dp;
    const int stage = gpu / (per_replica_stage * p.dp);
    double& slowest = by_replica[static_cast<std::size_t>(replica)][static_cast<std::size_t>(stage)];
    slowest = std::max(slowest, s);
  }
  // An EP group spans ep of the dp·cp ranks; with cp ranks inside a replica that is ep/cp replicas.
  const int coupled = std::max(1, p.ep / p.cp);
  if (coupled > 1)
    for (int first = 0; first < p.dp; first += coupled)
      for (int stage = 0; stage < p.pp; ++stage) {
        double slowest = 0;
        for (int r = first; r < std::min(p.dp, first + coupled); ++r)
          slowest = std::max(slowest, by_replica[static_cast<std::size_t>(r)][static_cast<std::size_t>(stage)]);
        for (int r = first; r < std::min(p.dp, first + coupled); ++r)
          by_replica[static_cast<std::size_t>(r)][static_cast<std::size_t>(stage)] = slowest;
      }

  std::map<std::vector<double>, std::size_t> class_of;
  for (int replica = 0; replica < p.dp; ++replica) {
    const std::vector<double>& pattern = by_replica[static_cast<std::size_t>(replica)];
    if (!every_replica)
      if (const auto found = class_of.find(pattern); found != class_of.end()) {
        ++result.classes[found->second].replicas;
        continue;
      }
    class_of.emplace(pattern, result.classes.size());
    result.classes.push_back({pattern, 1, replica});
  }
  return result;
}

}  // namespace gigasim
