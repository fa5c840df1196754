#include "reliability/interruptions.hpp"

namespace gigasim {
namespace {

constexpr double kHoursPerYear = 8760;

}  // namespace

Exposure exposure_of(const ClusterBuild& build) {
  Exposure e;
  e.gpus = build.gpus;
  e.nodes = build.nodes;
  e.nics = build.nics;
  e.links = static_cast<double>(build.cables());
  return e;
}

InterruptionModel interruption_model(const FailureCatalog& catalog, const Exposure& exposure) {
  InterruptionModel model;
  for (const FailureClass& failure : catalog.classes) {
    double units = 1;
    switch (failure.per) {
      case FailureBasis::gpu: units = exposure.gpus; break;
      case FailureBasis::node: units = exposure.nodes; break;
      case FailureBasis::nic: units = exposure.nics; break;
      case FailureBasis::link: units = exposure.links; break;
      case FailureBasis::job: units = 1; break;
    }
    const double per_hour = catalog.rate_per_year(failure) * units / kHoursPerYear;
    const bool hardware =
        failure.per == FailureBasis::gpu || failure.per == FailureBasis::node || failure.per == FailureBasis::nic;
    model.causes.push_back({failure.name, per_hour, failure.planned, hardware && !failure.planned});
    (failure.planned ? model.planned_per_hour : model.unexpected_per_hour) += per_hour;
  }
  return model;
}

}  // namespace gigasim
