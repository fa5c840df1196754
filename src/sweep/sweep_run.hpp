#pragma once
// Running a sweep: chunks not yet in the database are handed out one at a time to whoever asks
// next — local threads, and under MPI the other ranks too (dynamic load balancing: a slow chunk
// holds up no one) — and rank 0's main thread alone writes each finished chunk.

#include <cstdint>
#include <ostream>
#include <string>

#include "sweep/sweep_database.hpp"
#include "sweep/sweep_mpi.hpp"
#include "sweep/sweep_work.hpp"
#include "util/result.hpp"

namespace gigasim {

struct SweepRunSettings {
  int threads = 1;        // compute threads in this process
  bool progress = false;  // a progress line with rate and ETA on `progress_out`
};

struct SweepRunSummary {
  std::uint64_t points = 0;        // the whole sweep
  std::uint64_t already_done = 0;  // committed before this run (--resume)
  std::uint64_t computed = 0;      // by this run
  double seconds = 0;
};

// Single process: every chunk left on `settings.threads` threads.
Result<SweepRunSummary, std::string> run_sweep_here(const SweepWork& work, SweepDatabase& db,
                                                    const SweepRunSettings& settings, std::ostream& progress_out);

// Rank 0 under MPI: hands out chunks to the other ranks and computes on its own threads too.
Result<SweepRunSummary, std::string> run_sweep_root(const SweepWork& work, SweepDatabase& db,
                                                    const SweepRunSettings& settings, const MpiWorld& world,
                                                    std::ostream& progress_out);

// Every other rank: asks rank 0 for chunks until told to stop, computing each on `threads`.
void run_sweep_worker(const SweepWork& work, int threads, const MpiWorld& world);

}  // namespace gigasim
