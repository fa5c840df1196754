#include "facility/cost.hpp"

namespace gigasim {
namespace {

constexpr double kHoursPerYear = 8760;
constexpr double kDaysPerYear = 365;
constexpr double kMonthsPerYear = 12;

}  // namespace

CostEstimate estimate_cost(const ClusterSpec& cluster, const ClusterBuild& build, const PowerProfile& power,
                           double run_days, const CostInputs& inputs) {
  CostEstimate cost;
  const double gpus = build.gpus;
  std::optional<double> gpu_price = inputs.gpu_price_usd;
  if (!gpu_price && cluster.gpu.price) gpu_price = cluster.gpu.price->value();
  const std::optional<double> gpus_usd = gpu_price ? std::optional<double>(*gpu_price * gpus) : std::nullopt;
  const double servers_usd = inputs.server_rest_per_gpu_usd * gpus;
  const double switches_usd = static_cast<double>(build.switches()) * inputs.switch_usd;
  const double links_usd = static_cast<double>(build.cables()) * inputs.link_usd;
  const double storage_usd = inputs.storage_share * (gpus_usd.value_or(0.0) + servers_usd);
  // The building is sized for the critical IT load: every node at its rating.
  const double facility_usd = power.it_rated_mw * inputs.facility_usd_per_mw;
  cost.capex = {{"gpus", gpus_usd},         {"servers", servers_usd},
                {"switches", switches_usd}, {"cables_and_optics", links_usd},
                {"storage", storage_usd},   {"facility", facility_usd}};
  cost.hardware_usd = gpus_usd.value_or(0.0) + servers_usd + switches_usd + links_usd + storage_usd;
  cost.facility_usd = facility_usd;
  cost.capex_usd = cost.hardware_usd + cost.facility_usd;
  cost.depreciation_per_year_usd = cost.hardware_usd / inputs.hardware_years + facility_usd / inputs.facility_years;

  if (inputs.electricity_usd_per_mwh)
    cost.electricity_per_year_usd = power.facility_average_mw * kHoursPerYear * *inputs.electricity_usd_per_mwh;
  cost.maintenance_per_year_usd = inputs.maintenance_share * cost.hardware_usd;
  cost.staff_per_year_usd = inputs.staff_share * cost.hardware_usd;
  cost.opex_per_year_usd =
      cost.electricity_per_year_usd.value_or(0.0) + cost.maintenance_per_year_usd + cost.staff_per_year_usd;
  cost.cost_per_year_usd = cost.depreciation_per_year_usd + cost.opex_per_year_usd;
  cost.cost_per_run_usd = cost.cost_per_year_usd * run_days / kDaysPerYear;
  cost.owned_usd_per_gpu_hour = cost.cost_per_year_usd / (gpus * kHoursPerYear);

  const double run_gpu_hours = gpus * run_days * 24.0;
  if (inputs.cloud_usd_per_gpu_hour) cost.cloud_run_usd = *inputs.cloud_usd_per_gpu_hour * run_gpu_hours;
  if (inputs.reserved_usd_per_gpu_hour) cost.reserved_run_usd = *inputs.reserved_usd_per_gpu_hour * run_gpu_hours;
  const std::optional<double> rate =
      inputs.reserved_usd_per_gpu_hour ? inputs.reserved_usd_per_gpu_hour : inputs.cloud_usd_per_gpu_hour;
  if (rate) {
    cost.cloud_per_year_usd = *rate * gpus * kHoursPerYear;
    // Owning costs the capex at once and the opex every month; renting costs the cloud every
    // month. They meet after capex / (cloud − opex) months, when renting costs more a month.
    const double saving_per_month = (*cost.cloud_per_year_usd - cost.opex_per_year_usd) / kMonthsPerYear;
    if (saving_per_month > 0) cost.breakeven_months = cost.capex_usd / saving_per_month;
  }
  return cost;
}

}  // namespace gigasim
