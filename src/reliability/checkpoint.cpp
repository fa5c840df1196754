#include "reliability/checkpoint.hpp"

#include <cmath>

#include <fmt/format.h>

namespace gigasim {

Seconds young_interval(Seconds write, Seconds mtti) {
  return Seconds(std::sqrt(2.0 * write.value() * mtti.value()));
}

Seconds daly_interval(Seconds write, Seconds mtti) {
  const double d = write.value();
  const double m = mtti.value();
  if (d >= 2.0 * m) return mtti;
  const double x = d / (2.0 * m);
  return Seconds(std::sqrt(2.0 * d * m) * (1.0 + std::sqrt(x) / 3.0 + x / 9.0) - d);
}

CheckpointPlan plan_checkpoints(double parameters, int gpus, Seconds mtti, Seconds step,
                                const CheckpointInputs& inputs) {
  constexpr double kSecondsPerMinute = 60;
  CheckpointPlan plan;
  plan.bytes = Bytes(parameters * inputs.bytes_per_parameter);
  const Seconds to_storage = plan.bytes / inputs.storage;
  plan.write = inputs.asynchronous ? (plan.bytes / static_cast<double>(gpus)) / inputs.host_copy : to_storage;
  plan.restore = to_storage;
  plan.restart = plan.restore + inputs.restart_overhead;
  plan.young = young_interval(plan.write, mtti);
  const Seconds daly = daly_interval(plan.write, mtti);
  // A checkpoint is taken between steps: at least one step, and a whole number of them.
  const double steps = std::max(1.0, std::ceil(inputs.interval.value_or(daly) / step));
  plan.interval = step * steps;
  if (inputs.interval) {
    plan.reason = fmt::format("set to {:.1f} min (Daly's optimum for a {:.1f} s {} write and a {:.2f} h MTTI: "
                              "{:.1f} min); rounded up to {:g} whole step{} of {:.1f} s",
                              inputs.interval->value() / kSecondsPerMinute, plan.write.value(),
                              inputs.asynchronous ? "asynchronous (host copy)" : "synchronous",
                              mtti.value() / 3600.0, daly.value() / kSecondsPerMinute, steps, steps == 1 ? "" : "s",
                              step.value());
    return plan;
  }
  plan.reason = fmt::format(
      "Daly's higher-order optimum for a {:.1f} s {} write and a {:.2f} h MTTI is {:.1f} min; "
      "rounded up to {:g} whole step{} of {:.1f} s",
      plan.write.value(), inputs.asynchronous ? "asynchronous (host copy)" : "synchronous", mtti.value() / 3600.0,
      daly.value() / kSecondsPerMinute, steps, steps == 1 ? "" : "s", step.value());
  return plan;
}

}  // namespace gigasim
