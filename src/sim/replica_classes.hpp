#pragma once
// Which data-parallel replicas of a job behave alike in a simulated step. A replica is one
// pipeline: the tp·cp·pp GPUs of one data-parallel index. Without stragglers all replicas are one
// class. A straggler GPU slows its stage of its replica: a TP/CP group runs at the pace of its
// slowest member (they meet in every layer's collectives), and with expert parallelism so do the
// replicas of one EP group (every MoE layer's all-to-all). Replicas with the same slow stages form
// one class.

#include <vector>

#include "spec/job.hpp"

namespace gigasim {

struct ReplicaClass {
  std::vector<double> stage_slowdown;  // by pipeline stage: 0 = normal speed, 0.2 = 20% longer compute
  int replicas = 0;
  int first_replica = 0;  // its lowest data-parallel index: where its ranks sit
};

struct ReplicaClasses {
  std::vector<ReplicaClass> classes;  // in order of first replica
  int straggler_gpus = 0;
};

// The job's stragglers drawn (seeded, the same on every machine) and the replicas grouped; with
// `every_replica` each replica is a class of its own.
ReplicaClasses replica_classes(const Job& job, bool every_replica);

}  // namespace gigasim
