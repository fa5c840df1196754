#pragma once
// How often a job is interrupted (issue 9): each failure class of data/failures.yaml at its rate
// per unit-year, times the units the job runs on — GPUs, nodes, backend NICs, fabric links — or
// once for the job (software, scheduler, planned work), which does not grow with the GPU count.
// So the job's mean time to interrupt falls more slowly than 1/GPUs.

#include <string>
#include <vector>

#include "facility/build_out.hpp"
#include "spec/failure_classes.hpp"

namespace gigasim {

struct Exposure {
  double gpus = 0;
  double nodes = 0;
  double nics = 0;
  double links = 0;
};

Exposure exposure_of(const ClusterBuild& build);

struct CauseRate {
  std::string cause;
  double per_hour = 0;
  bool planned = false;
  bool needs_spare = false;  // a hardware failure of a GPU, node or NIC: the node must be replaced
};

struct InterruptionModel {
  std::vector<CauseRate> causes;
  double unexpected_per_hour = 0;
  double planned_per_hour = 0;
  [[nodiscard]] double per_hour() const { return unexpected_per_hour + planned_per_hour; }
  [[nodiscard]] double mtti_hours() const { return 1.0 / per_hour(); }
};

InterruptionModel interruption_model(const FailureCatalog& catalog, const Exposure& exposure);

}  // namespace gigasim
