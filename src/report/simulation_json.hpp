#pragma once
// A simulated step as JSON (INTERFACE.md §8): every key of the step estimate (§2), with times from
// the event loop, plus the critical path, link utilisation per tier and the comparison with the
// analytical estimate, part by part.

#include <nlohmann/json_fwd.hpp>

#include "sim/step_sim.hpp"
#include "spec/job.hpp"

namespace gigasim {

nlohmann::json simulation_json(const Job& job, const SimulatedStep& simulated);

}  // namespace gigasim
