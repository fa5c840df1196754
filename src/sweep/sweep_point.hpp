#pragma once
// One point of a sweep computed as its command would compute it (`gigasim estimate|search|plan|run
// --json`), on one thread: the sweep spreads points, not the work inside one.

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "spec/catalog.hpp"
#include "spec/sweep_file.hpp"

namespace gigasim {

struct PointOutcome {
  nlohmann::json answer;             // the command's --json; null with an error
  std::optional<std::string> error;  // why this point has no answer: "field: problem; fix" lines
};

// `text` is the point's job or scenario (SweepPoints::text).
PointOutcome compute_point(const SweepSpec& spec, const std::string& text, const Catalog& catalog);
// The same answer for point `point` of `points`: estimate and search points are parsed from the
// YAML tree directly (SweepPoints::search_job), the others from its text.
PointOutcome compute_point(const SweepSpec& spec, const SweepPoints& points, std::uint64_t point,
                           const Catalog& catalog);

// Only the parsing of a point's text (no computing): its problems, or none.
std::optional<std::string> parse_point(const SweepSpec& spec, const std::string& text, const Catalog& catalog);

// The value at a dotted path ("power.facility_mw", "results.0.mfu"); nullopt when the path is not
// there (a null value is there).
std::optional<nlohmann::json> value_at(const nlohmann::json& answer, const std::string& path);

}  // namespace gigasim
