#pragma once
// A whole training run with failures (issue 9, `gigasim run`): interruptions arrive as a Poisson
// process per cause; the job computes in intervals of τ, each followed by a checkpoint of δ; an
// unexpected interruption loses the work since the last checkpoint and pays the restart R (which
// can itself be interrupted); a planned one checkpoints first and loses nothing. A hardware failure
// of a GPU, node or NIC takes the node out: a hot spare replaces it at once, the failed node
// returning to the pool once repaired; with no spare free the job waits for one.
//
// Trials are independent and seeded by their index (SplitMix64 of seed and index), so the result
// is the same for any number of threads. Daly's closed form (2006, eq. 13) gives the expected wall
// time of the same model without planned work or spares: T = M·e^(R/M)·(e^((τ+δ)/M) − 1)·W/τ.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "reliability/interruptions.hpp"
#include "util/units.hpp"
#include "util/work_limit.hpp"

namespace gigasim {

struct RunInputs {
  Seconds work;        // failure-free training time (W)
  Seconds interval;    // τ
  Seconds checkpoint;  // δ
  Seconds restart;     // R
  InterruptionModel interruptions;
  int spares = 0;                   // hot-spare nodes
  Seconds repair = Seconds(86400);  // ASSUMPTION: a day to repair or replace a failed node
  bool unlimited_spares = false;    // every hardware failure finds a spare at once
};

struct Summary {
  double mean = 0;
  double p10 = 0;
  double p50 = 0;
  double p90 = 0;
};

struct RunDistribution {
  int trials = 0;
  Summary wall_days;
  Summary interruptions;
  Summary mtti_hours;
  Summary goodput;                                       // work / wall
  std::vector<double> goodput_by_trial;                  // in trial order (reports draw the distribution)
  double wall_days_ci95 = 0;                             // half-width of the mean's 95% confidence interval
  std::vector<std::pair<std::string, double>> by_cause;  // mean interruptions per trial
  double spare_wait_days = 0;                            // mean time waiting for a spare
  bool cut_off = false;                                  // the WorkLimit was reached: nothing else is set
};

// Each trial draws every interruption: past this many in all (trials × interruptions per run) the
// Monte Carlo would run for hours, and the closed form already says what matters.
inline constexpr double kMostInterruptionsSimulated = 5e7;

// Stops early when `limit` is reached: then only `cut_off` is set.
RunDistribution simulate_runs(const RunInputs& inputs, int trials, std::uint64_t seed, int threads,
                              const std::function<void(int done, int total)>& progress = {},
                              const WorkLimit& limit = {});

// Daly's expected wall time for W of work with unexpected interruptions only (no planned work,
// spares always free).
Seconds expected_wall_time(Seconds work, Seconds interval, Seconds checkpoint, Seconds restart, Seconds mtti);

}  // namespace gigasim
