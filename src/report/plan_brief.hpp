#pragma once
// The plan as a one-page brief for the people who sign for the building: what to build, how long
// training takes, how much power from the grid and through how many transformers, how much energy
// and CO2, and the claims checked.

#include <string>

#include "plan/plan.hpp"
#include "spec/scenario.hpp"

namespace gigasim {

std::string plan_brief(const Scenario& scenario, const Plan& plan);
// `plan --compare-sites`: the scenario at every site, cheapest run first.
std::string sites_table(const Scenario& scenario, const std::vector<SitePlan>& sites);

}  // namespace gigasim
