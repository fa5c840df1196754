#pragma once
// `gigasim simulate`: one training step simulated event by event on the job's fabric, or one
// collective simulated as flows (`--collective KIND --bytes SIZE --gpus N`), each beside the
// analytical model's time for it (INTERFACE.md §8).

#include <ostream>
#include <string>
#include <vector>

namespace gigasim {

struct SimulateCollectiveOptions {
  std::string collective;  // all-reduce, all-gather, reduce-scatter
  std::string bytes;       // with its unit: 1GiB, 256MiB, 4e9B
  int gpus = 0;
  std::string gpu = "h100-sxm";
  std::string node;          // the GPU's default when empty
  std::string fabric;        // the node's default when empty
  std::string network_path;  // an ASTRA-sim analytical network file instead of gpu/node/fabric
  std::string algorithm;     // a collective_algorithm_choices() name; empty: ring (hierarchical on a network file)
  bool json = false;
  std::vector<std::string> catalog_files;
};

// Prints the result to `out`; errors (unknown names, a size without a unit) to `err`. Returns the
// exit code: 0, or 2 for bad input.
int run_simulate_collective(const SimulateCollectiveOptions& options, std::ostream& out, std::ostream& err);

// `gigasim simulate JOB.yaml [--trace FILE] [--full]`: one training step simulated event by event.
struct SimulateStepOptions {
  std::string job_path;
  std::string trace_path;  // none when empty
  bool full = false;
  bool json = false;
  double time_limit_s = 0;  // > 0: the simulation stops past this many seconds (--time-limit)
  std::string report_path;  // --report: also write a self-contained HTML report there
  std::vector<std::string> catalog_files;
};

int run_simulate_step(const SimulateStepOptions& options, std::ostream& out, std::ostream& err);

// What `simulate` says when its simulation went past --time-limit, job file or cluster file alike.
std::string simulation_cut_off_message(const SimulateStepOptions& options);

}  // namespace gigasim
