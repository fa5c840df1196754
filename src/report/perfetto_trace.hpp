#pragma once
// A simulated step as Chrome trace-event JSON, which ui.perfetto.dev and chrome://tracing open:
// one process per lane (a pipeline stage, or a stage of one class of replicas), with tracks for
// compute, each kind of communication inside the passes, pipeline sends and the stage's
// data-parallel collectives; and a "fabric" process whose counters show the bytes per second on
// each tier's links. Written as it goes: a full simulation has millions of events.

#include <ostream>
#include <span>
#include <string>

#include "sim/step_sim.hpp"
#include "spec/job.hpp"

namespace gigasim {

void write_perfetto_trace(const Job& job, const SimulatedStep& simulated, std::ostream& out);

// Several jobs on one fabric: a process per job, a thread per lane and track, and the fabric's
// counters (the jobs share one network, so any job's samples show all of its traffic).
struct TracedJob {
  std::string name;
  const SimulatedStep* step = nullptr;
};
void write_perfetto_jobs_trace(std::span<const TracedJob> jobs, const std::string& fabric, std::ostream& out);

}  // namespace gigasim
