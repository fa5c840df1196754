#pragma once
// The plan as JSON (INTERFACE.md §4): every top-level key always present; those of later issues
// (reliability, cost, alternatives) null until they exist.

#include <nlohmann/json_fwd.hpp>

#include "plan/plan.hpp"
#include "spec/scenario.hpp"

namespace gigasim {

nlohmann::json plan_json(const Scenario& scenario, const Plan& plan);
// `plan --compare-sites --json`: the scenario at every site, cheapest run first.
nlohmann::json sites_json(const std::vector<SitePlan>& sites);

}  // namespace gigasim
