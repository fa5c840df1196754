#include "sim/link_faults.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <random>
#include <tuple>

#include <fmt/format.h>

namespace gigasim {
namespace {

// Physical links behind one collapsed link of `tier` (≥ 2).
long long physical_per_link(const Topology& topology, int tier, BytesPerSecond link_bandwidth) {
  const int block = topology.tiers[static_cast<std::size_t>(tier - 1)].span_gpus;
  const double links = block * (topology.tiers[static_cast<std::size_t>(tier)].bandwidth / link_bandwidth);
  return std::max(1LL, std::llround(links));
}

}  // namespace

Result<FaultPlan, Diagnostics> plan_link_faults(const std::vector<LinkFault>& faults, const Topology& topology,
                                                int gpus, BytesPerSecond link_bandwidth) {
  Diagnostics problems;
  FaultPlan plan;
  // Capacity left per collapsed link, keyed by (tier, block, up); faults on one link multiply.
  std::map<std::tuple<int, int, bool>, double> left;
  for (std::size_t f = 0; f < faults.size(); ++f) {
    const LinkFault& fault = faults[f];
    const std::string field = fmt::format("link_faults[{}].tier", f);
    int tier = -1;
    std::string names;
    for (std::size_t t = 0; t < topology.tiers.size(); ++t) {
      if (topology.tiers[t].name == fault.tier) tier = static_cast<int>(t);
      if (t >= 2) names += (names.empty() ? "" : ", ") + topology.tiers[t].name;
    }
    if (tier < 2) {
      problems.push_back({fault.where, field,
                          tier < 0 ? fmt::format("'{}' is not a tier of this fabric", fault.tier)
                                   : fmt::format("'{}' links are the GPUs' own (NVLink or NIC)", fault.tier),
                          names.empty() ? "this fabric has no tier above the leaf to fault"
                                        : fmt::format("fault a tier above the leaf: {}", names)});
      continue;
    }
    const int block = topology.tiers[static_cast<std::size_t>(tier - 1)].span_gpus;
    const int blocks = (gpus + block - 1) / block;
    const long long per_link = physical_per_link(topology, tier, link_bandwidth);
    const bool switches = fault.kind == FaultKind::switch_;
    // Switches: each of a group's P switches takes one link of every block under it (the group:
    // the blocks of the tier's own span). Links: block × 2 (up, down) × P.
    const int group = std::max(1, topology.tiers[static_cast<std::size_t>(tier)].span_gpus / block);
    const int groups = (blocks + group - 1) / group;
    const long long population =
        (switches ? static_cast<long long>(groups) : static_cast<long long>(blocks) * 2) * per_link;
    std::vector<long long> chosen;
    if (!fault.ids.empty()) {
      for (const int id : fault.ids)
        if (id >= population)
          problems.push_back({fault.where, fmt::format("link_faults[{}].ids", f),
                              fmt::format("{} {} is past the tier's {} (0 … {})", switches ? "switch" : "link", id,
                                          population, population - 1),
                              "number them from 0: (block · 2 + 0 up | 1 down) · P + k for links, group · P + k "
                              "for switches (docs/job-file.md)"});
        else
          chosen.push_back(id);
    } else {
      const long long faulty = fault.count
                                   ? std::min<long long>(*fault.count, population)
                                   : std::llround(fault.fraction.value_or(0.0) * static_cast<double>(population));
      // A partial Fisher–Yates shuffle over the tier's links (or switches) picks the faulty ones.
      std::vector<long long> order(static_cast<std::size_t>(population));
      for (long long i = 0; i < population; ++i) order[static_cast<std::size_t>(i)] = i;
      std::mt19937_64 random(static_cast<std::uint64_t>(fault.seed));
      for (long long i = 0; i < faulty; ++i) {
        const auto pick = i + static_cast<long long>(random() % static_cast<std::uint64_t>(population - i));
        std::swap(order[static_cast<std::size_t>(i)], order[static_cast<std::size_t>(pick)]);
        chosen.push_back(order[static_cast<std::size_t>(i)]);
      }
    }
    std::map<std::pair<int, bool>, long long> hits;  // physical links lost by collapsed link
    for (const long long id : chosen) {
      const long long unit = id / per_link;  // the collapsed link, or the switch's group
      if (!switches) {
        ++hits[{static_cast<int>(unit / 2), unit % 2 == 0}];
        continue;
      }
      for (int b = static_cast<int>(unit) * group; b < std::min(blocks, static_cast<int>(unit + 1) * group); ++b) {
        ++hits[{b, true}];
        ++hits[{b, false}];
      }
    }
    const auto faulty = static_cast<long long>(chosen.size());
    for (const auto& [where, count] : hits) {
      double& share = left.try_emplace({tier, where.first, where.second}, 1.0).first->second;
      share *= 1.0 - static_cast<double>(count) * (1.0 - fault.capacity) / static_cast<double>(per_link);
      if (share <= 0.0)
        problems.push_back({fault.where, fmt::format("link_faults[{}]", f),
                            fmt::format("every {} {}link of block {} is down: its GPUs are cut off", fault.tier,
                                        where.second ? "up" : "down", where.first),
                            "fault fewer links, or give capacity: above 0 for degraded links"});
    }
    plan.summary.push_back(
        {fault.tier, switches, population, faulty,
         1.0 - static_cast<double>(faulty) * (1.0 - fault.capacity) / static_cast<double>(population)});
  }
  if (!problems.empty()) return fail(std::move(problems));
  for (const auto& [key, share] : left)
    plan.cuts.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), share});
  return plan;
}

void apply_link_cuts(const FaultPlan& plan, const FabricGraph& fabric, FlowNetwork& network) {
  for (const LinkCut& cut : plan.cuts) {
    const LinkId link = fabric.block_link(cut.tier, cut.block, cut.up);
    network.set_capacity(link, network.capacity(link) * cut.capacity_left);
  }
}

}  // namespace gigasim
