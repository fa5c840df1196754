#pragma once
// A cluster file (`gigasim simulate CLUSTER.yaml`, issue 6): one gigafactory — its GPUs, nodes and
// fabric — with the jobs that share it and the links that are down.
//
//   cluster: { gpu: h100-sxm, gpus: 24576, fabric: roce-meta-24k }
//   jobs:
//     - name: flagship            # unique
//       gpus: 16384                # whole nodes
//       placement: contiguous      # contiguous | spread | random (seed:) ; or nodes: [[0, 2047]]
//       model: llama3-405b         # … and the rest of a job file (INTERFACE.md §1) but cluster:
//       parallelism: { tp: 8, pp: 16, global_batch: 2048 }
//   link_faults:
//     - { tier: spine, fraction: 0.01, capacity: 0, seed: 1 }   # or count: 12, or ids: [3, 17]
//     - { tier: core, kind: switch, count: 1 }                  # a switch: one link of every block under it

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "spec/catalog.hpp"
#include "spec/job.hpp"
#include "util/diagnostic.hpp"
#include "util/result.hpp"

namespace gigasim {

enum class PlacementPolicy { contiguous, spread, random, nodes };

struct ClusterJob {
  std::string name;
  Job job;  // its cluster: the file's, with this job's GPU count
  PlacementPolicy placement = PlacementPolicy::contiguous;
  int seed = 1;                                  // random placement
  std::vector<std::pair<int, int>> node_ranges;  // placement nodes: first and last node, inclusive
  SourceLocation where;                          // the entry, for placement errors
};

enum class FaultKind { link, switch_ };

// Which of a tier's physical links or switches are faulty: `count` of them or a `fraction`, drawn
// with `seed`, or the ones numbered `ids` (link_faults.hpp numbers them).
struct LinkFault {
  std::string tier;  // a tier name of the fabric above the leaf (spine, core, …)
  FaultKind kind = FaultKind::link;
  std::optional<int> count;
  std::optional<double> fraction;  // of the tier's physical links (or switches)
  std::vector<int> ids;
  double capacity = 0;  // what is left of each faulty link: 0 = down, 0.5 = half speed
  int seed = 1;
  SourceLocation where;
};

struct ClusterFile {
  ClusterSpec cluster;
  std::vector<ClusterJob> jobs;
  std::vector<LinkFault> link_faults;
};

// Whether the text is a cluster file (it has `jobs:`) rather than a job file.
bool is_cluster_file(std::string_view text);

// Every problem located (file:line:column, field, fix). Placement is checked later, against the
// fabric (cluster/job_placement.hpp).
Result<ClusterFile, Diagnostics> parse_cluster_file(std::string_view text, std::string_view origin,
                                                    const Catalog& catalog);

}  // namespace gigasim
