#pragma once
// A simulated step as Chrome trace-event JSON, which ui.perfetto.dev and chrome://tracing open:
// one process per lane (a pipeline stage, or a stage of one class of replicas), with tracks for
// compute, each kind of communication inside the passes, pipeline sends and the stage's
// data-parallel collectives; and a "fabric" process whose counters show the bytes per second on
// each tier's links. Written as it goes: a full simulation has millions of events.

#include <ostream>

#include "sim/step_sim.hpp"
#include "spec/job.hpp"

namespace gigasim {

void write_perfetto_trace(const Job& job, const SimulatedStep& simulated, std::ostream& out);

}  // namespace gigasim
