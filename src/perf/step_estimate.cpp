#include "perf/step_estimate.hpp"

#include "perf/compiled_step.hpp"

namespace gigasim {

StepEstimate estimate_step(const Job& job) {
  return evaluate(compile_step(job));
}

StepEstimate estimate_compute_only(const Job& job) {
  CompiledStep step = compile_step(job);
  step.tp_exposed = step.cp_exposed = step.ep_exposed = step.p2p = Seconds(0.0);
  step.dp_gradient_sync = step.dp_param_gather = Seconds(0.0);
  return evaluate(step);
}

}  // namespace gigasim
