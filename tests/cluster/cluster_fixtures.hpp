#pragma once
// Clusters for the cluster-layer tests: a node and a fabric from the built-in catalog, the node's GPU,
// and a GPU count; a load failure of the catalog is reported as a test failure.

#include <ostream>
#include <string_view>

#include <gtest/gtest.h>

#include "cluster/placement.hpp"
#include "spec/catalog.hpp"
#include "support/builtin_catalog.hpp"
#include "spec/job.hpp"

namespace gigasim {

// A group as a failing test prints it: {size, stride, tier, members per node, flows per link}.
inline std::ostream& operator<<(std::ostream& out, const GroupPlacement& group) {
  return out << '{' << group.size << ", " << group.stride << ", " << group.tier << ", " << group.members_per_node
             << ", " << group.flows_per_link << '}';
}

}  // namespace gigasim

namespace gigasim::cluster_fixtures {

using test_support::builtin_catalog;

inline ClusterSpec cluster_of(std::string_view node, std::string_view fabric, int gpus) {
  const Catalog& catalog = builtin_catalog();
  ClusterSpec cluster;
  cluster.node = catalog.nodes.find(node)->second;
  cluster.gpu = catalog.gpus.find(cluster.node.gpu)->second;
  cluster.fabric = catalog.fabrics.find(fabric)->second;
  cluster.gpus = gpus;
  return cluster;
}

// A layout with the given degrees (the rest 1), for placement.
inline Parallelism layout(int tp, int cp, int ep, int dp, int pp) {
  Parallelism parallelism;
  parallelism.tp = tp;
  parallelism.cp = cp;
  parallelism.ep = ep;
  parallelism.dp = dp;
  parallelism.pp = pp;
  return parallelism;
}

}  // namespace gigasim::cluster_fixtures
