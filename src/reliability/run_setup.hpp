#pragma once
// What a run with failures needs, from a job and its step (issue 9): the interruption model of its
// hardware (build-out of its cluster), its checkpoint plan, and the Monte Carlo's inputs.

#include <optional>
#include <utility>
#include <vector>

#include "perf/step_estimate.hpp"
#include "reliability/checkpoint.hpp"
#include "reliability/interruptions.hpp"
#include "reliability/run_monte_carlo.hpp"
#include "spec/failure_classes.hpp"
#include "spec/job.hpp"

namespace gigasim {

struct RunOptions {
  CheckpointInputs checkpoint;
  // Hot spares: 1% of the nodes, at least one (ASSUMPTION; Llama 3 does not say).
  std::optional<int> spares;
  Seconds repair = Seconds(86400);
};

struct RunSetup {
  InterruptionModel interruptions;
  CheckpointPlan checkpoint;
  RunInputs inputs;  // work is the failure-free days given
};

RunSetup setup_run(const Job& job, const StepEstimate& step, double days, const FailureCatalog& failures,
                   const RunOptions& options);

// The run's expected outcome in closed form (Daly 2006 for unexpected interruptions; each planned
// one costs a restart): what the plan reports within its time budget.
struct ExpectedRun {
  double mtti_hours = 0;
  double interruptions = 0;
  double wall_days = 0;
  double goodput = 0;
};
ExpectedRun expected_run(const RunSetup& setup);

// The longest restart (restore and restart overhead) with which the run still reaches `goodput`,
// everything else as set up; none when even an instant restart falls short (the checkpoint writes
// and the work lost since the last one cost more than 1 − goodput at this interruption rate).
std::optional<Seconds> restart_for_goodput(const RunSetup& setup, double goodput);

// Expected goodput against the checkpoint interval, from a fifth to five times the one chosen
// (41 points, evenly spaced on a log scale): the trade-off the interval settles, as (minutes,
// goodput) pairs.
std::vector<std::pair<double, double>> goodput_by_interval_min(const RunSetup& setup);

}  // namespace gigasim
