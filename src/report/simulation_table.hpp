#pragma once
// A simulated step as a table for people: the step from the event loop beside the analytical
// estimate part by part, where the critical path runs, and how busy each tier's links were.

#include <string>

#include "sim/step_sim.hpp"
#include "spec/job.hpp"

namespace gigasim {

std::string simulation_table(const Job& job, const SimulatedStep& simulated);

}  // namespace gigasim
