#pragma once
// The step estimate as JSON (INTERFACE.md §2): every key always present, null where a value
// cannot be computed, numbers at full round-trip precision.

#include <nlohmann/json_fwd.hpp>

#include "perf/error_band.hpp"
#include "perf/step_estimate.hpp"
#include "spec/job.hpp"

namespace gigasim {

nlohmann::json job_json(const Job& job);
nlohmann::json estimate_json(const Job& job, const StepEstimate& estimate);
// error_band: the step-time band, its basis, and what lies outside the validated runs.
nlohmann::json error_band_json(const ErrorBand& band);
// breakdown_s: the exposed parts by name.
nlohmann::json breakdown_json(const StepBreakdown& parts);

}  // namespace gigasim
