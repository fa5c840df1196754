#include "reliability/checkpoint.hpp"

#include <cmath>

#include <fmt/format.h>

namespace gigasim {

std::string_view to_string(Recovery recovery) {
  switch (recovery) {
    case Recovery::storage: return "storage";
    case Recovery::memory: return "memory";
    case Recovery::elastic: return "elastic";
  }
  return "storage";
}

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
  const Seconds to_host = (plan.bytes / static_cast<double>(gpus)) / inputs.host_copy;
  if (inputs.recovery == Recovery::elastic) {
    // The surviving replicas hold the state: nothing to write or restore; a failure costs the step
    // in flight and the reconfiguration stall.
    plan.write = Seconds(0.0);
    plan.restore = Seconds(0.0);
    plan.restart = kElasticStall;
    plan.interval = step;
    plan.young = step;
    plan.reason = fmt::format(
        "elastic: no checkpoint on the critical path; a failure loses the {:.1f} s step in flight "
        "and stalls {:.0f} s while the job drops the failed replica (Meta's FT-HSDP at O(100K) "
        "GPUs)",
        step.value(), kElasticStall.value());
    return plan;
  }
  const bool in_memory = inputs.recovery == Recovery::memory;
  plan.write = inputs.asynchronous || in_memory ? to_host : to_storage;
  // In memory, each GPU reads its shard back over the same link it was copied out on.
  plan.restore = in_memory ? to_host : to_storage;
  plan.restart = plan.restore + (in_memory ? kMemoryRestartOverhead : inputs.restart_overhead);
  plan.young = young_interval(plan.write, mtti);
  const Seconds daly = daly_interval(plan.write, mtti);
  // A checkpoint is taken between steps: at least one step, and a whole number of them.
  const double steps = std::max(1.0, std::ceil(inputs.interval.value_or(daly) / step));
  plan.interval = step * steps;
  if (inputs.interval) {
    plan.reason = fmt::format(
        "set to {:.1f} min (Daly's optimum for a {:.1f} s {} write and a {:.2f} h MTTI: "
        "{:.1f} min); rounded up to {:g} whole step{} of {:.1f} s",
        inputs.interval->value() / kSecondsPerMinute, plan.write.value(),
        inputs.asynchronous || in_memory ? "asynchronous (host copy)" : "synchronous", mtti.value() / 3600.0,
        daly.value() / kSecondsPerMinute, steps, steps == 1 ? "" : "s", step.value());
    return plan;
  }
  plan.reason = fmt::format(
      "Daly's higher-order optimum for a {:.1f} s {} write and a {:.2f} h MTTI is {:.1f} min; "
      "rounded up to {:g} whole step{} of {:.1f} s",
      plan.write.value(), inputs.asynchronous || in_memory ? "asynchronous (host copy)" : "synchronous",
      mtti.value() / 3600.0, daly.value() / kSecondsPerMinute, steps, steps == 1 ? "" : "s", step.value());
  return plan;
}

}  // namespace gigasim
