#include "cluster/job_placement.hpp"

#include <algorithm>
#include <cstdint>
#include <random>

#include <fmt/format.h>

namespace gigasim {
namespace {

// The first `count` free nodes in a row, or the lowest free ones when no run is long enough.
std::vector<int> contiguous(const std::vector<char>& taken, int count) {
  int run = 0;
  for (int node = 0; node < static_cast<int>(taken.size()); ++node) {
    run = taken[static_cast<std::size_t>(node)] != 0 ? 0 : run + 1;
    if (run == count) {
      std::vector<int> nodes(static_cast<std::size_t>(count));
      for (int i = 0; i < count; ++i) nodes[static_cast<std::size_t>(i)] = node - count + 1 + i;
      return nodes;
    }
  }
  std::vector<int> nodes;
  for (int node = 0; node < static_cast<int>(taken.size()) && static_cast<int>(nodes.size()) < count; ++node)
    if (taken[static_cast<std::size_t>(node)] == 0) nodes.push_back(node);
  return nodes;
}

std::vector<int> spread(const std::vector<char>& taken, int count, int pod_nodes) {
  const int total = static_cast<int>(taken.size());
  const int pods = (total + pod_nodes - 1) / pod_nodes;
  std::vector<int> next(static_cast<std::size_t>(pods));  // the next node to look at in each pod
  for (int pod = 0; pod < pods; ++pod) next[static_cast<std::size_t>(pod)] = pod * pod_nodes;
  std::vector<int> nodes;
  bool found = true;
  while (static_cast<int>(nodes.size()) < count && found) {
    found = false;
    for (int pod = 0; pod < pods && static_cast<int>(nodes.size()) < count; ++pod) {
      int& node = next[static_cast<std::size_t>(pod)];
      const int end = std::min(total, (pod + 1) * pod_nodes);
      while (node < end && taken[static_cast<std::size_t>(node)] != 0) ++node;
      if (node < end) {
        nodes.push_back(node++);
        found = true;
      }
    }
  }
  std::sort(nodes.begin(), nodes.end());
  return nodes;
}

std::vector<int> random_nodes(const std::vector<char>& taken, int count, int seed) {
  std::vector<int> free;
  for (int node = 0; node < static_cast<int>(taken.size()); ++node)
    if (taken[static_cast<std::size_t>(node)] == 0) free.push_back(node);
  std::mt19937_64 random(static_cast<std::uint64_t>(seed));
  const int picked = std::min(count, static_cast<int>(free.size()));
  for (int i = 0; i < picked; ++i) {  // a partial Fisher–Yates shuffle
    const auto pick = i + static_cast<int>(random() % static_cast<std::uint64_t>(free.size() - i));
    std::swap(free[static_cast<std::size_t>(i)], free[static_cast<std::size_t>(pick)]);
  }
  free.resize(static_cast<std::size_t>(picked));
  std::sort(free.begin(), free.end());
  return free;
}

}  // namespace

Result<std::vector<std::vector<int>>, Diagnostics> place_jobs(const ClusterFile& file, const Topology& topology) {
  const int per_node = std::max(1, topology.gpus_per_node);
  const int total = file.cluster.gpus / per_node;
  // Pods: the blocks just under the top tier.
  const int pod_gpus =
      topology.tiers.size() >= 2 ? topology.tiers[topology.tiers.size() - 2].span_gpus : file.cluster.gpus;
  const int pod_nodes = std::max(1, pod_gpus / per_node);
  std::vector<char> taken(static_cast<std::size_t>(total), 0);
  std::vector<std::vector<int>> placed(file.jobs.size());
  Diagnostics problems;
  const auto problem = [&](std::size_t j, const std::string& what, const std::string& fix) {
    problems.push_back({file.jobs[j].where, fmt::format("jobs[{}]", j), what, fix});
  };

  for (std::size_t j = 0; j < file.jobs.size(); ++j) {  // explicit nodes first
    const ClusterJob& job = file.jobs[j];
    if (job.placement != PlacementPolicy::nodes) continue;
    std::vector<int>& nodes = placed[j];
    for (const auto& [first, last] : job.node_ranges)
      for (int node = first; node <= last; ++node) nodes.push_back(node);
    const int wanted = job.job.cluster.gpus / per_node;
    if (static_cast<int>(nodes.size()) != wanted) {
      problem(j,
              fmt::format("'{}' names {} nodes for {} GPUs ({} nodes)", job.name, nodes.size(), job.job.cluster.gpus,
                          wanted),
              "make the node ranges cover exactly gpus / GPUs per node");
      continue;
    }
    for (const int node : nodes) {
      if (node >= total) {
        problem(j, fmt::format("'{}' names node {}, past the cluster's {} nodes", job.name, node, total),
                fmt::format("use nodes 0 … {}", total - 1));
        break;
      }
      if (taken[static_cast<std::size_t>(node)] != 0) {
        problem(j, fmt::format("'{}' names node {}, which another job holds", job.name, node),
                "give each job its own nodes");
        break;
      }
      taken[static_cast<std::size_t>(node)] = 1;
    }
  }
  for (std::size_t j = 0; j < file.jobs.size(); ++j) {
    const ClusterJob& job = file.jobs[j];
    if (job.placement == PlacementPolicy::nodes) continue;
    const int wanted = job.job.cluster.gpus / per_node;
    std::vector<int> nodes = job.placement == PlacementPolicy::contiguous ? contiguous(taken, wanted)
                             : job.placement == PlacementPolicy::spread   ? spread(taken, wanted, pod_nodes)
                                                                          : random_nodes(taken, wanted, job.seed);
    if (static_cast<int>(nodes.size()) < wanted) {
      problem(j,
              fmt::format("'{}' needs {} nodes and {} are free after the jobs placed before it", job.name, wanted,
                          nodes.size()),
              "give the cluster more GPUs or the jobs fewer");
      continue;
    }
    for (const int node : nodes) taken[static_cast<std::size_t>(node)] = 1;
    placed[j] = std::move(nodes);
  }
  if (!problems.empty()) return fail(std::move(problems));
  return placed;
}

}  // namespace gigasim
