#pragma once
// Where the jobs of a cluster file land (issue 6): whole nodes, numbered in fabric order. Jobs
// with explicit node ranges claim theirs first; the others take theirs in file order:
// - contiguous: the first run of free nodes long enough (the lowest free nodes when none is), so a
//   job fills pods one after another;
// - spread: one node from each pod in turn (pods: the blocks under the fabric's top tier);
// - random: free nodes drawn with the job's seed (the same on every machine), in node order.

#include <vector>

#include "cluster/topology.hpp"
#include "spec/cluster_file.hpp"
#include "util/diagnostic.hpp"
#include "util/result.hpp"

namespace gigasim {

// For each job, its nodes in rank order; or, located at the job, why it does not fit.
Result<std::vector<std::vector<int>>, Diagnostics> place_jobs(const ClusterFile& file, const Topology& topology);

}  // namespace gigasim
