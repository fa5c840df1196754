#pragma once
// `gigasim simulate CLUSTER.yaml`: the jobs of a cluster file placed on its fabric, with its link
// faults, simulated together and each alone (issue 6).

#include <ostream>
#include <string>

#include "app/simulate_command.hpp"
#include "spec/catalog.hpp"

namespace gigasim {

// `text` is the cluster file read from options.job_path. Returns the exit code (2: bad input).
int run_simulate_cluster(const std::string& text, const Catalog& catalog, const SimulateStepOptions& options,
                         std::ostream& out, std::ostream& err);

}  // namespace gigasim
