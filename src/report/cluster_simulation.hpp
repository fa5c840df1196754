#pragma once
// Several jobs simulated on one fabric (`gigasim simulate CLUSTER.yaml`, issue 6): per job its
// step alone and shared, the slowdown, and the links it shared with which jobs; per tier the
// fabric's utilisation; the link faults drawn. As a table, as JSON, and as a Perfetto trace with
// one process per job.

#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "sim/link_faults.hpp"
#include "sim/step_sim.hpp"
#include "spec/cluster_file.hpp"

namespace gigasim {

struct ClusterRun {
  const ClusterFile* file = nullptr;
  std::vector<std::vector<int>> nodes;  // by job
  SharedStep shared;
  std::vector<SimulatedStep> alone;  // by job: the same placement and faults, no other job
  std::vector<SimulatedStep> whole;  // by job, with link faults only: alone on the fabric without them
  FaultPlan faults;
};

nlohmann::json cluster_simulation_json(const ClusterRun& run);
std::string cluster_simulation_table(const ClusterRun& run);
void write_cluster_trace(const ClusterRun& run, std::ostream& out);

}  // namespace gigasim
