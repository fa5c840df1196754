#include "reliability/run_setup.hpp"

#include <algorithm>
#include <cmath>

#include "cluster/topology.hpp"
#include "facility/build_out.hpp"
#include "workload/parameter_count.hpp"

namespace gigasim {
namespace {

constexpr double kSpareShare = 0.01;
constexpr double kSecondsPerHour = 3600;
constexpr double kRackBudget = 41000;  // racks do not matter to failures; any budget will do

}  // namespace

RunSetup setup_run(const Job& job, const StepEstimate& step, double days, const FailureCatalog& failures,
                   const RunOptions& options) {
  RunSetup setup;
  const ClusterBuild build = build_out(job.cluster, build_topology(job.cluster), Watts(kRackBudget));
  setup.interruptions = interruption_model(failures, exposure_of(build));
  const ModelParameters model = model_parameters(job.model);
  const double parameters = model.total() + model.mtp;  // the checkpoint holds the MTP modules too
  setup.checkpoint =
      plan_checkpoints(parameters, job.cluster.gpus, Seconds(setup.interruptions.mtti_hours() * kSecondsPerHour),
                       step.step_time, options.checkpoint);
  RunInputs& in = setup.inputs;
  in.work = Seconds(days * kSecondsPerDay);
  in.interval = setup.checkpoint.interval;
  in.checkpoint = setup.checkpoint.write;
  in.restart = setup.checkpoint.restart;
  in.interruptions = setup.interruptions;
  in.spares = options.spares.value_or(std::max(1, static_cast<int>(std::ceil(kSpareShare * build.nodes))));
  in.repair = options.repair;
  return setup;
}

ExpectedRun expected_run(const RunSetup& setup) {
  const RunInputs& in = setup.inputs;
  ExpectedRun out;
  out.mtti_hours = setup.interruptions.mtti_hours();
  const Seconds unexpected_mtti(kSecondsPerHour / setup.interruptions.unexpected_per_hour);
  const Seconds wall = expected_wall_time(in.work, in.interval, in.checkpoint, in.restart, unexpected_mtti);
  const double planned = setup.interruptions.planned_per_hour * wall.value() / kSecondsPerHour;
  const double total_s = wall.value() + planned * in.restart.value();
  out.wall_days = total_s / kSecondsPerDay;
  out.interruptions = setup.interruptions.per_hour() * total_s / kSecondsPerHour;
  out.goodput = in.work.value() / total_s;
  return out;
}

std::optional<Seconds> restart_for_goodput(const RunSetup& setup, double goodput) {
  const auto goodput_with = [&setup](double restart_s) {
    RunSetup variant = setup;
    variant.inputs.restart = Seconds(restart_s);
    return expected_run(variant).goodput;
  };
  if (goodput_with(0.0) < goodput) return std::nullopt;
  // Goodput falls as the restart grows: bisect between an instant restart and a day's.
  double fast = 0.0;
  double slow = kSecondsPerDay;
  if (goodput_with(slow) >= goodput) return Seconds(slow);
  constexpr int kHalvings = 50;
  for (int i = 0; i < kHalvings; ++i) {
    const double middle = 0.5 * (fast + slow);
    (goodput_with(middle) >= goodput ? fast : slow) = middle;
  }
  return Seconds(fast);
}

std::vector<std::pair<double, double>> goodput_by_interval_min(const RunSetup& setup) {
  constexpr int kPoints = 40;
  constexpr double kFrom = 0.2;
  constexpr double kTo = 5.0;
  constexpr double kSecondsPerMinute = 60;
  std::vector<std::pair<double, double>> curve;
  for (int i = 0; i <= kPoints; ++i) {
    RunSetup variant = setup;
    const double factor = kFrom * std::pow(kTo / kFrom, static_cast<double>(i) / kPoints);
    variant.inputs.interval = setup.checkpoint.interval * factor;
    curve.emplace_back(variant.inputs.interval.value() / kSecondsPerMinute, expected_run(variant).goodput);
  }
  return curve;
}

}  // namespace gigasim
