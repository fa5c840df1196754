#include "report/plan_json.hpp"

#include <nlohmann/json.hpp>

#include "report/estimate_json.hpp"

namespace gigasim {
namespace {

using nlohmann::json;

json optional_number(const std::optional<double>& value) {
  return value ? json(*value) : json(nullptr);
}

// Each reliability figure left null, by its key, with why.
json unknown_reliability(const PlanReliability& r) {
  json unknown = json::object();
  if (!r.monte_carlo)
    unknown["monte_carlo"] =
        r.monte_carlo_skipped.empty()
            ? "not asked for: give reliability: { trials: 1000 } for the distribution of days, or run gigasim run"
            : r.monte_carlo_skipped;
  if (!r.restart_for_target_min) unknown["restart_for_target_min"] = r.no_restart_for_target;
  return unknown;
}

// Each energy figure left null, by its key, with why.
json unknown_energy(const Plan& plan) {
  json unknown = json::object();
  const std::string no_carbon =
      "no grid carbon intensity: the scenario names no site, or its site has none; give site: { "
      "grid_g_co2_per_kwh: … }";
  if (!plan.energy.tco2) unknown["tco2"] = no_carbon;
  if (!plan.energy.accelerator_tco2) unknown["accelerator_tco2"] = no_carbon;
  return unknown;
}

json reliability_json(const Plan& plan) {
  if (!plan.reliability) return nullptr;
  const PlanReliability& r = *plan.reliability;
  json monte_carlo = nullptr;
  if (r.monte_carlo) {
    const auto summary = [](const Summary& s) {
      return json{{"mean", s.mean}, {"p10", s.p10}, {"p50", s.p50}, {"p90", s.p90}};
    };
    monte_carlo = {{"trials", r.monte_carlo->trials},
                   {"seed", kPlanMonteCarloSeed},
                   {"wall_days", summary(r.monte_carlo->wall_days)},
                   {"interruptions", summary(r.monte_carlo->interruptions)},
                   {"goodput", summary(r.monte_carlo->goodput)}};
  }
  return {{"method", r.monte_carlo ? "Monte Carlo (reliability.trials): the plan holds the deadline and dates to "
                                     "its 90th percentile; the closed form (Daly 2006) alongside"
                                   : "closed form: Daly 2006 expected wall time; gigasim run for the Monte Carlo "
                                     "distribution"},
          {"wall_days", plan.wall_days()},
          {"monte_carlo", monte_carlo},
          {"monte_carlo_skipped", r.monte_carlo_skipped.empty() ? json(nullptr) : json(r.monte_carlo_skipped)},
          {"mtti_hours", r.mtti_hours},
          {"interruptions", r.interruptions},
          {"checkpoint_interval_min", r.checkpoint_interval_min},
          {"checkpoint_write_s", r.checkpoint_write_s},
          {"restart_min", r.restart_min},
          {"goodput", r.goodput},
          {"extra_days", r.extra_days},
          {"days_with_failures", r.days_with_failures},
          {"spares", r.spares},
          {"recovery", to_string(r.recovery)},
          {"goodput_target", kGoodputTarget},
          {"restart_for_target_min", optional_number(r.restart_for_target_min)},
          {"interval_reason", r.interval_reason},
          {"unknown", unknown_reliability(r)}};
}

// Each cost figure left null, by its key, with why: a figure the plan cannot compute is absent
// with its reason, never a silent gap.
json unknown_costs(const Plan& plan) {
  const CostEstimate& c = plan.cost;
  json unknown = json::object();
  if (!c.electricity_per_year_usd)
    unknown["opex_per_year.electricity_usd"] =
        "no electricity price: the scenario names no site, or its site has none; give site: { "
        "electricity_usd_per_mwh: … } (until then opex, cost_per_year_usd and cost_per_run_usd leave electricity out)";
  const bool cloud_priced = c.cloud_run_usd || c.reserved_run_usd;
  const std::string gpu = plan.training.job.cluster.gpu.name;
  if (!plan.cloud)
    unknown["cloud_prices"] = cloud_priced ? "the scenario's finance: gives the cloud prices"
                                           : "no cloud price for " + gpu +
                                                 " in the built-in list; give finance: { cloud_usd_per_gpu_hour: … }";
  const std::string no_price = "no cloud price to compare with (see cloud_prices)";
  if (!c.cloud_run_usd)
    unknown["cloud_on_demand_run_usd"] = cloud_priced ? "no on-demand price, only a reserved one" : no_price;
  if (!c.reserved_run_usd)
    unknown["cloud_reserved_run_usd"] = cloud_priced ? "no reserved price, only an on-demand one" : no_price;
  if (!cloud_priced) {
    unknown["cloud_equivalent_usd"] = no_price;
    unknown["cloud_per_year_usd"] = no_price;
  }
  if (!c.breakeven_months)
    unknown["breakeven_months"] =
        cloud_priced ? "renting costs no more a month than owning's opex: no saving ever repays the capex" : no_price;
  return unknown;
}

json cost_json(const Plan& plan) {
  const CostEstimate& c = plan.cost;
  json capex = json::object();
  for (const CapexItem& item : c.capex) capex[item.item] = optional_number(item.usd);
  json cloud = nullptr;
  if (plan.cloud)
    cloud = {{"on_demand_usd_per_gpu_hour", optional_number(plan.cloud->on_demand_usd_per_gpu_hour)},
             {"on_demand_date", plan.cloud->on_demand_date},
             {"reserved_usd_per_gpu_hour", optional_number(plan.cloud->reserved_usd_per_gpu_hour)},
             {"reserved_date", plan.cloud->reserved_date}};
  return {{"capex", capex},
          {"capex_usd", c.capex_usd},
          {"depreciation_per_year_usd", c.depreciation_per_year_usd},
          {"opex_per_year",
           {{"electricity_usd", optional_number(c.electricity_per_year_usd)},
            {"maintenance_usd", c.maintenance_per_year_usd},
            {"staff_usd", c.staff_per_year_usd},
            {"total_usd", c.opex_per_year_usd}}},
          {"cost_per_year_usd", c.cost_per_year_usd},
          {"cost_per_run_usd", c.cost_per_run_usd},
          {"owned_usd_per_gpu_hour", c.owned_usd_per_gpu_hour},
          {"cloud_prices", cloud},
          {"cloud_equivalent_usd", optional_number(c.reserved_run_usd ? c.reserved_run_usd : c.cloud_run_usd)},
          {"cloud_on_demand_run_usd", optional_number(c.cloud_run_usd)},
          {"cloud_reserved_run_usd", optional_number(c.reserved_run_usd)},
          {"cloud_per_year_usd", optional_number(c.cloud_per_year_usd)},
          {"breakeven_months", optional_number(c.breakeven_months)},
          {"unknown", unknown_costs(plan)}};
}

json alternatives_json(const Plan& plan) {
  if (plan.options.empty()) return nullptr;
  json options = json::array();
  for (const AlternativeSummary& o : plan.options)
    options.push_back({{"name", o.name},
                       {"gpu", o.gpu},
                       {"gpus", o.gpus},
                       {"days", o.days},
                       {"wall_days", o.wall_days},
                       {"start", o.start ? json(*o.start) : json(nullptr)},
                       {"finish", o.finish ? json(*o.finish) : json(nullptr)},
                       {"capex_usd", o.capex_usd},
                       {"cost_per_run_usd", o.cost_per_run_usd},
                       {"facility_peak_mw", o.facility_peak_mw}});
  return {{"options", options}, {"first_to_finish", plan.first_to_finish}};
}

json scaling_json(const Plan& plan) {
  json points = json::array();
  for (const ScalingPoint& p : plan.scaling)
    points.push_back({{"gpus", p.gpus},
                      {"days", p.days},
                      {"wall_days", p.wall_days ? json(*p.wall_days) : json(nullptr)},
                      {"mfu", p.mfu},
                      {"facility_peak_mw", p.facility_peak_mw},
                      {"capex_usd", p.capex_usd},
                      {"cost_per_run_usd", p.cost_per_run_usd},
                      {"slower_than_gpus", p.slower_than_gpus ? json(*p.slower_than_gpus) : json(nullptr)},
                      {"why_slower", p.slower_than_gpus ? json(p.why_slower) : json(nullptr)}});
  return points;
}

}  // namespace

json sites_json(const std::vector<SitePlan>& sites) {
  json rows = json::array();
  for (const SitePlan& s : sites)
    rows.push_back({{"site", s.site.name},
                    {"pue", s.pue},
                    {"facility_average_mw", s.facility_average_mw},
                    {"facility_peak_mw", s.facility_peak_mw},
                    {"electricity_usd_per_mwh", optional_number(s.site.electricity_usd_per_mwh)},
                    {"electricity_per_year_usd", optional_number(s.electricity_per_year_usd)},
                    {"cost_per_run_usd", s.cost_per_run_usd},
                    {"grid_g_co2_per_kwh", optional_number(s.site.grid_g_co2_per_kwh)},
                    {"tco2", optional_number(s.tco2)},
                    {"available_mw", optional_number(s.site.available_mw)},
                    {"power_available", s.power_available ? json(*s.power_available) : json(nullptr)}});
  return {{"sites", rows}};
}

json plan_json(const Scenario& scenario, const Plan& plan) {
  const PlanTraining& training = plan.training;
  json site = nullptr;
  if (scenario.site)
    site = {{"name", scenario.site->name},
            {"grid_g_co2_per_kwh", optional_number(scenario.site->grid_g_co2_per_kwh)},
            {"electricity_usd_per_mwh", optional_number(scenario.site->electricity_usd_per_mwh)},
            {"available_mw", optional_number(scenario.site->available_mw)}};
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
                      {"holds", check.holds},
                      {"note", check.note.empty() ? json(nullptr) : json(check.note)}});
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
              {"budget_usd", optional_number(scenario.budget_usd)},
              {"run_budget_usd", optional_number(scenario.run_budget_usd)}}}}},
          {"cluster_build",
           {{"gpus", plan.build.gpus},
            {"nodes", plan.build.nodes},
            {"racks", plan.build.racks},
            {"nodes_per_rack", plan.build.nodes_per_rack},
            {"rack_power_w", plan.build.rack_power.value()},
            {"nvlink_domains", plan.build.domains},
            {"nvswitch_trays", plan.build.switch_trays},
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
            {"layouts_considered", training.layouts_considered},
            {"sizing_note", training.sizing_note.empty() ? json(nullptr) : json(training.sizing_note)}}},
          {"reliability", reliability_json(plan)},
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
            {"accelerator_tco2", optional_number(plan.energy.accelerator_tco2)},
            {"unknown", unknown_energy(plan)}}},
          {"cost", cost_json(plan)},
          {"alternatives", alternatives_json(plan)},
          {"scaling", scaling_json(plan)},
          {"checks", checks}};
}

}  // namespace gigasim
