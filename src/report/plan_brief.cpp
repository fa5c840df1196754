#include "report/plan_brief.hpp"

#include <cmath>

#include <fmt/format.h>

#include "perf/error_band.hpp"
#include "util/number_format.hpp"

namespace gigasim {
namespace {

constexpr double kPercent = 100.0;
constexpr double kKilo = 1e3;

std::string volts(double v) {
  return v >= kKilo ? fmt::format("{:g} kV", v / kKilo) : fmt::format("{:g} V", v);
}

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// A check's value in the unit its metric is counted in ($3.00B, 142.5 MW, 119.0 days, 47.9%).
std::string metric_text(std::string_view metric, double value) {
  if (ends_with(metric, "_usd")) return dollars(value);
  if (ends_with(metric, "_mwh")) return with_commas(value) + " MWh";
  if (ends_with(metric, "_mw")) return value < 1.0 ? fmt::format("{:.3f} MW", value) : fmt::format("{:.1f} MW", value);
  if (ends_with(metric, "tco2")) return with_commas(value) + " tCO2";
  if (ends_with(metric, "days")) return fmt::format("{:.1f} days", value);
  if (metric == "per_accelerator_w") return fmt::format("{:.0f} W", value);
  if (metric == "mfu" || metric == "goodput") return fmt::format("{:.1f}%", value * kPercent);
  if (metric == "breakeven_months") return fmt::format("{:.1f} months", value);
  if (metric == "gpus" || metric == "interruptions" || metric == "substation_transformers") return with_commas(value);
  constexpr int kSignificant = 3;
  return plain_number(value, kSignificant);
}

}  // namespace

std::string sites_table(const Scenario& scenario, const std::vector<SitePlan>& sites) {
  std::string out = fmt::format("{} at each site, cheapest run first\n\n", scenario.name);
  out += fmt::format("  {:<18} {:>5} {:>9} {:>10} {:>11} {:>12} {:>9} {:>12}\n", "site", "PUE", "MW avg", "$/MWh",
                     "power $/yr", "run cost", "g/kWh", "tCO2");
  for (const SitePlan& s : sites) {
    out += fmt::format(
        "  {:<18} {:>5.2f} {:>9.1f} {:>10} {:>11} {:>12} {:>9} {:>12}{}\n", s.site.name, s.pue, s.facility_average_mw,
        s.site.electricity_usd_per_mwh ? fmt::format("{:g}", *s.site.electricity_usd_per_mwh) : "-",
        s.electricity_per_year_usd ? dollars(*s.electricity_per_year_usd) : "-", dollars(s.cost_per_run_usd),
        s.site.grid_g_co2_per_kwh ? fmt::format("{:g}", *s.site.grid_g_co2_per_kwh) : "-",
        s.tco2 ? with_commas(*s.tco2) : "-",
        s.power_available ? (*s.power_available ? fmt::format("  (fits its {:g} MW)", *s.site.available_mw)
                                                : fmt::format("  (over its {:g} MW)", *s.site.available_mw))
                          : "");
  }
  return out;
}

std::string plan_brief(const Scenario& scenario, const Plan& plan) {
  const PlanTraining& t = plan.training;
  const Parallelism& p = t.job.parallelism;
  const ClusterSpec& c = t.job.cluster;
  std::string out = fmt::format("Plan: {} — {} on {} × {}{}\n\n", plan.name, t.job.model.name, with_commas(c.gpus),
                                c.gpu.name, scenario.site ? " at " + scenario.site->name : "");

  out += "What to build\n";
  if (c.node.rack_scale()) {
    const int domain = c.node.nvlink_domain_gpus;
    const int racks_per_domain = std::max(1, c.node.racks_per_domain);
    const std::string switch_trays =
        c.node.switch_trays_per_domain > 0
            ? fmt::format(" and {} switch trays", c.node.switch_trays_per_domain / racks_per_domain)
            : "";
    const std::string last_partial =
        c.gpus % domain != 0 ? fmt::format(" (the last holds {} GPUs)", c.gpus % domain) : "";
    if (racks_per_domain == 1)
      out += fmt::format(
          "  {} racks, each one {}-GPU NVLink domain of {} {} trays{} ({:.0f} kW at full power){}, {} NICs\n",
          with_commas(plan.build.racks), domain, plan.build.nodes_per_rack, c.node.name, switch_trays,
          plan.build.rack_power.value() / kKilo, last_partial, with_commas(plan.build.nics));
    else
      out += fmt::format(
          "  {} racks in {} {}-GPU NVLink domains of {} racks{}, each rack {} {} trays{} ({:.0f} kW at full power), "
          "{} NICs\n",
          with_commas(plan.build.racks), with_commas(plan.build.domains), domain, racks_per_domain, last_partial,
          plan.build.nodes_per_rack, c.node.name, switch_trays, plan.build.rack_power.value() / kKilo,
          with_commas(plan.build.nics));
  } else {
    out += fmt::format("  {} nodes ({}) in {} racks of {} ({:g} kW budget), {} NICs\n", with_commas(plan.build.nodes),
                       c.node.name, with_commas(plan.build.racks), plan.build.nodes_per_rack, scenario.rack_power_kw,
                       with_commas(plan.build.nics));
  }
  out += fmt::format("  fabric {}: {} switches of {} ports, {} cables, {} transceivers\n", c.fabric.name,
                     with_commas(static_cast<double>(plan.build.switches())), c.fabric.switch_radix,
                     with_commas(static_cast<double>(plan.build.cables())),
                     with_commas(static_cast<double>(plan.build.transceivers())));
  for (const TierBuild& tier : plan.build.tiers)
    out +=
        fmt::format("    {:<8} {:>8} switches  {:>9} links up into it\n", tier.tier,
                    with_commas(static_cast<double>(tier.switches)), with_commas(static_cast<double>(tier.links_up)));

  out += "\nTraining\n";
  if (!t.sizing_note.empty()) out += "  sized: " + t.sizing_note + "\n";
  out += fmt::format("  layout tp {} · pp {}{} · cp {} · ep {} · dp {} · ZeRO-{} · recompute {}, micro-batch {}\n",
                     p.tp, p.pp, p.vpp > 1 ? fmt::format(" × vpp {}", p.vpp) : "", p.cp, p.ep, with_commas(p.dp),
                     p.zero, to_string(p.recompute), p.micro_batch);
  out += fmt::format("  step {} · MFU {:.1f}% · {} tokens/s\n", duration_text(t.estimate.step_time.value()),
                     t.estimate.mfu * kPercent, with_suffix(t.estimate.tokens_per_s));
  out += fmt::format("  {:.1f} days{}{}\n", t.days,
                     t.days_pinned ? fmt::format(" (pinned; the model predicts {})",
                                                 t.predicted_days ? fmt::format("{:.1f}", *t.predicted_days) : "none")
                                   : " without failures",
                     t.finish && !plan.reliability ? ", done " + *t.finish : "");
  if (!t.days_pinned) {
    // Days scale with the step time, so the step's band is the days' band.
    const ErrorBand band = error_band(t.job, t.estimate.step_time, builtin_validation_residuals());
    out += fmt::format(
        "  band {:.1f} to {:.1f} days if the model errs as on the {} published runs most like this "
        "layout (speed {:+.0f}% to {:+.0f}%)\n",
        t.days * (1.0 + band.speed_error_low), t.days * (1.0 + band.speed_error_high), band.runs,
        kPercent * band.speed_error_low, kPercent * band.speed_error_high);
    for (const std::string& reason : band.outside) out += "  outside validation: " + reason + "\n";
  }

  if (plan.reliability) {
    const PlanReliability& r = *plan.reliability;
    out += fmt::format(
        "  with failures: {:.1f} days (+{:.1f}){}: an interruption every {:.2f} h, {:.0f} in all, goodput "
        "{:.1f}%; recovery from {}: checkpoint every {:.1f} min ({:.0f} s to write), {:.1f} min to restart, {} hot "
        "spares\n",
        r.days_with_failures, r.extra_days, t.finish && !r.monte_carlo ? ", done " + *t.finish : "", r.mtti_hours,
        r.interruptions, r.goodput * kPercent, to_string(r.recovery), r.checkpoint_interval_min, r.checkpoint_write_s,
        r.restart_min, r.spares);
    if (r.monte_carlo)
      out += fmt::format(
          "  Monte Carlo, {} runs: {:.1f} days on average, {:.1f} to {:.1f} (p10 to p90); the plan holds the "
          "deadline and the dates to the p90{}\n",
          with_commas(r.monte_carlo->trials), r.monte_carlo->wall_days.mean, r.monte_carlo->wall_days.p10,
          r.monte_carlo->wall_days.p90, t.finish ? ", done " + *t.finish : "");
    else if (!r.monte_carlo_skipped.empty())
      out += "  Monte Carlo: " + r.monte_carlo_skipped + "\n";
    if (r.goodput < kGoodputTarget)
      out +=
          r.restart_for_target_min
              ? fmt::format("  {:.0f}% goodput at this scale needs restarts of at most {} (now {:.1f} min)\n",
                            kGoodputTarget * kPercent, duration_text(*r.restart_for_target_min * 60.0), r.restart_min)
              : "  " + r.no_restart_for_target + "\n";
  }

  if (!plan.scaling.empty()) {
    out += "  scaling, each size with its best layout (every layout field searched):\n";
    for (const ScalingPoint& point : plan.scaling)
      out += fmt::format("    {:>9} GPUs  {:>8.1f} days{}  MFU {:>4.1f}%  {:>7.1f} MW peak  capex {}  run {}\n",
                         with_commas(point.gpus), point.days,
                         point.wall_days ? fmt::format(" ({:>8.1f} with failures)", *point.wall_days) : "",
                         point.mfu * kPercent, point.facility_peak_mw, dollars(point.capex_usd),
                         dollars(point.cost_per_run_usd));
    for (const ScalingPoint& point : plan.scaling)
      if (point.slower_than_gpus) out += fmt::format("    {} GPUs are {}\n", with_commas(point.gpus), point.why_slower);
  }

  const PowerProfile& w = plan.power;
  out += "\nPower\n";
  out += fmt::format(
      "  IT {:.1f} MW on average ({:.1f} MW peak, {:.1f} MW rated) × PUE {:.2f} ({} cooling) = "
      "{:.1f} MW facility ({:.1f} MW peak)\n",
      w.it_average_mw, w.it_peak_mw, w.it_rated_mw, w.pue, to_string(scenario.cooling), w.facility_average_mw,
      w.facility_peak_mw);
  out += fmt::format("  per GPU {:.0f} W on average, {:.0f} W with its host share; {:.0f}% of the step compute-busy\n",
                     w.gpu_average_w, w.per_accelerator_average_w, w.busy_fraction * kPercent);
  out += fmt::format("  swing between compute and communication phases: {:.1f} MW, every step\n", w.swing_mw);
  for (const ComponentPower& component : w.components)
    out += fmt::format("    {:<14} {:>7.1f} MW average  {:>7.1f} MW peak\n", component.component, component.average_mw,
                       component.peak_mw);

  out += "\nFrom the grid to the GPU (at peak)\n";
  for (const ChainStage& s : plan.chain.stages) {
    out +=
        fmt::format("  {:<28} {:>8} → {:<8} {:>5.1f}%  in {:>7.1f} MW  loss {:>6.2f} MW", s.stage,
                    volts(s.voltage_in_v), volts(s.voltage_out_v), s.efficiency * kPercent, s.power_in_mw, s.loss_mw);
    if (s.transformers)
      out += fmt::format("  {} × {:g} MVA ({}){}", *s.transformers, *s.rating_mva, s.redundancy,
                         s.lead_time_weeks ? fmt::format(", ~{:g} weeks to deliver", *s.lead_time_weeks) : "");
    out += "\n";
  }
  out += fmt::format("  cooling and the rest take {:.1f} MW; {:.1f} MW reaches the GPU cores\n",
                     plan.chain.cooling_and_other_mw, plan.chain.gpu_rail_mw);

  out += "\nEnergy\n";
  out += fmt::format("  {} MWh over the run = {} US household-years ({:g} MWh a year, EIA 2020)",
                     with_commas(plan.energy.mwh), with_commas(plan.energy.household_years), kHouseholdMwhPerYear);
  out += plan.energy.tco2 ? fmt::format(", {} tCO2 at {:g} g/kWh\n", with_commas(*plan.energy.tco2),
                                        *scenario.site->grid_g_co2_per_kwh)
                          : ", CO2 unknown (no site carbon)\n";
  out += fmt::format("  of which GPUs and hosts (with their PUE share): {} MWh; network and storage the rest\n",
                     with_commas(plan.energy.accelerator_mwh));

  const CostEstimate& cost = plan.cost;
  out += "\nCost\n";
  std::string items;
  for (const CapexItem& item : cost.capex)
    items += fmt::format("{}{} {}", items.empty() ? "" : ", ", item.item, item.usd ? dollars(*item.usd) : "unpriced");
  out += fmt::format("  capex {}: {}\n", dollars(cost.capex_usd), items);
  out += fmt::format("  a year: depreciation {} + opex {} (electricity {}, maintenance {}, staff {})\n",
                     dollars(cost.depreciation_per_year_usd), dollars(cost.opex_per_year_usd),
                     cost.electricity_per_year_usd ? dollars(*cost.electricity_per_year_usd) : "unpriced",
                     dollars(cost.maintenance_per_year_usd), dollars(cost.staff_per_year_usd));
  out += fmt::format("  the run: {} owned (${:.2f} per GPU-hour)", dollars(cost.cost_per_run_usd),
                     cost.owned_usd_per_gpu_hour);
  if (cost.reserved_run_usd || cost.cloud_run_usd)
    out += fmt::format("; rented {}{}", dollars(cost.reserved_run_usd.value_or(cost.cloud_run_usd.value_or(0.0))),
                       cost.reserved_run_usd ? " reserved" : " on demand");
  out += "\n";
  if (cost.breakeven_months)
    out += fmt::format("  owning pays for itself against renting after {:.1f} months\n", *cost.breakeven_months);
  else if (cost.cloud_per_year_usd)
    out += "  renting stays cheaper than owning at these prices\n";

  if (!plan.options.empty()) {
    out += "\nAlternatives\n";
    for (const AlternativeSummary& o : plan.options)
      out += fmt::format(
          "  {:<22} {:>9} × {:<9} {:>6.1f} days ({:.1f} with failures)  {} → {}  capex {}  run {}  {:.0f} MW{}\n",
          o.name, with_commas(o.gpus), o.gpu, o.days, o.wall_days, o.start.value_or("?"), o.finish.value_or("?"),
          dollars(o.capex_usd), dollars(o.cost_per_run_usd), o.facility_peak_mw,
          o.name == plan.first_to_finish ? "  ← first" : "");
  }

  out += "\nChecks\n";
  for (const PlanCheck& check : plan.checks)
    out += fmt::format("  [{}] {}: plan {} vs {} {}{}\n", check.holds ? "holds" : "FAILS", check.claim,
                       check.plan_value ? metric_text(check.metric, *check.plan_value) : "unknown", check.comparison,
                       metric_text(check.metric, check.claimed), check.source.empty() ? "" : " (" + check.source + ")");
  for (const PlanCheck& check : plan.checks)
    if (!check.holds && !check.note.empty())
      out += fmt::format("    why \"{}\" does not hold: {}\n", check.claim, check.note);

  return out;
}

}  // namespace gigasim
