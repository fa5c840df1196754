#include "report/plan_json.hpp"

#include <nlohmann/json.hpp>

#include "report/estimate_json.hpp"

namespace gigasim {
namespace {

using nlohmann::json;

json optional_number(const std::optional<double>& value) {
  return value ? json(*value) : json(nullptr);
}

}  // namespace

json plan_json(const Scenario& scenario, const Plan& plan) {
  const PlanTraining& training = plan.training;
  json site = nullptr;
  if (scenario.site)
    site = {{"name", scenario.site->name},
            {"grid_g_co2_per_kwh", optional_number(scenario.site->grid_g_co2_per_kwh)},
            {"electricity_usd_per_mwh", optional_number(scenario.site->electricity_usd_per_mwh)}};
  json tiers = json::array();
  for (const TierBuild& tier : plan.build.tiers)
    tiers.push_back({{"tier", tier.tier},
                     {"switches", tier.switches},
                     {"links", tier.links_up},
                     {"cables", tier.cables},
                     {"transceivers", tier.transceivers}});
  json components = json::object();
  for (const ComponentPower& c : plan.power.components)
    components[c.component] = {{"peak_mw", c.peak_mw}, {"average_mw", c.average_mw}};
  json chain = json::array();
  for (const ChainStage& stage : plan.chain.stages)
    chain.push_back({{"stage", stage.stage},
                     {"voltage_in_v", stage.voltage_in_v},
                     {"voltage_out_v", stage.voltage_out_v},
                     {"efficiency", stage.efficiency},
                     {"power_in_mw", stage.power_in_mw},
                     {"loss_mw", stage.loss_mw},
                     {"transformers", stage.transformers ? json(*stage.transformers) : json(nullptr)},
                     {"rating_mva", optional_number(stage.rating_mva)},
                     {"redundancy", stage.redundancy.empty() ? json(nullptr) : json(stage.redundancy)},
                     {"lead_time_weeks", optional_number(stage.lead_time_weeks)}});
  json checks = json::array();
  for (const PlanCheck& check : plan.checks)
    checks.push_back({{"claim", check.claim},
                      {"source", check.source},
                      {"metric", check.metric},
                      {"comparison", check.comparison},
                      {"plan", optional_number(check.plan_value)},
                      {"claimed", check.claimed},
                      {"holds", check.holds}});
  return {{"scenario",
           {{"name", scenario.name},
            {"gpus_auto", scenario.gpus_auto},
            {"start", scenario.start ? json(*scenario.start) : json(nullptr)},
            {"pinned_days", optional_number(scenario.pinned_days)},
            {"site", site},
            {"cooling", to_string(scenario.cooling)},
            {"pue", plan.power.pue},
            {"rack_power_kw", scenario.rack_power_kw},
            {"constraints",
             {{"deadline_days", optional_number(scenario.deadline_days)},
              {"power_cap_mw", optional_number(scenario.power_cap_mw)},
              {"budget_usd", optional_number(scenario.budget_usd)}}}}},
          {"cluster_build",
           {{"gpus", plan.build.gpus},
            {"nodes", plan.build.nodes},
            {"racks", plan.build.racks},
            {"nodes_per_rack", plan.build.nodes_per_rack},
            {"nics", plan.build.nics},
            {"switches", plan.build.switches()},
            {"cables", plan.build.cables()},
            {"transceivers", plan.build.transceivers()},
            {"tiers", tiers}}},
          {"training",
           {{"estimate", estimate_json(training.job, training.estimate)},
            {"days", training.days},
            {"days_pinned", training.days_pinned},
            {"predicted_days", optional_number(training.predicted_days)},
            {"finish", training.finish ? json(*training.finish) : json(nullptr)},
            {"layouts_considered", training.layouts_considered}}},
          {"reliability", nullptr},
          {"power",
           {{"it_mw", plan.power.it_average_mw},
            {"it_peak_mw", plan.power.it_peak_mw},
            {"it_rated_mw", plan.power.it_rated_mw},
            {"facility_mw", plan.power.facility_average_mw},
            {"facility_peak_mw", plan.power.facility_peak_mw},
            {"pue", plan.power.pue},
            {"swing_mw", plan.power.swing_mw},
            {"busy_fraction", plan.power.busy_fraction},
            {"gpu_average_w", plan.power.gpu_average_w},
            {"per_accelerator_w", plan.power.per_accelerator_average_w},
            {"components", components},
            {"chain", chain},
            {"grid_mw", plan.chain.grid_mw},
            {"gpu_rail_mw", plan.chain.gpu_rail_mw},
            {"cooling_and_other_mw", plan.chain.cooling_and_other_mw}}},
          {"energy",
           {{"mwh", plan.energy.mwh},
            {"household_years", plan.energy.household_years},
            {"household_mwh_per_year", kHouseholdMwhPerYear},
            {"tco2", optional_number(plan.energy.tco2)},
            {"accelerator_mwh", plan.energy.accelerator_mwh},
            {"accelerator_tco2", optional_number(plan.energy.accelerator_tco2)}}},
          {"cost", nullptr},
          {"alternatives", nullptr},
          {"checks", checks}};
}

}  // namespace gigasim
