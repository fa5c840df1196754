#pragma once
// What the gigafactory costs (issue 8): capex by item, depreciation, opex a year, the cost of the
// training run and of an owned GPU-hour, the cloud alternative and the month owning breaks even.
//
// Sources (../shared/facts/datacenter.md §5 and §7):
// - the rest of a server beside its GPUs: an HGX H100 node at $300k less 8 × $27.5k = $10k a GPU
//   (SemiAnalysis / tech-talk-cto, §7);
// - network: $294.9M for 8,192 switches ($36k each) and $398.5M of cables and optics for
//   104,858 GPUs in 3 tiers ($1,267 a link), the Aug 2024 spreadsheet of §2.5 (DERIVED);
// - facility: $11.7M per MW of critical IT load (Cushman & Wakefield 2025, 19 US markets, §5.2);
// - depreciation: 5 years for servers and GPUs (§5.3, §7), 20 for the building (ASSUMPTION, §7).

#include <optional>
#include <string>
#include <vector>

#include "facility/build_out.hpp"
#include "facility/power.hpp"
#include "spec/job.hpp"

namespace gigasim {

struct CostInputs {
  std::optional<double> gpu_price_usd;  // else the catalog's
  double server_rest_per_gpu_usd = 10000;
  double switch_usd = 294.9e6 / 8192;
  double link_usd = 398.5e6 / (104858.0 * 3);
  // ASSUMPTION: storage at 2% of the compute hardware (no figure in the facts file).
  double storage_share = 0.02;
  double facility_usd_per_mw = 11.7e6;
  double hardware_years = 5;
  double facility_years = 20;
  // ASSUMPTIONS (no source found): maintenance 3% and staff 1% of the hardware capex a year.
  double maintenance_share = 0.03;
  double staff_share = 0.01;
  std::optional<double> electricity_usd_per_mwh;  // the site's
  std::optional<double> cloud_usd_per_gpu_hour;   // on-demand
  std::optional<double> reserved_usd_per_gpu_hour;
};

struct CapexItem {
  std::string item;
  std::optional<double> usd;  // none when a price is missing
};

struct CostEstimate {
  std::vector<CapexItem> capex;
  double capex_usd = 0;     // of the items with a price
  double hardware_usd = 0;  // depreciated over hardware_years
  double facility_usd = 0;  // over facility_years
  double depreciation_per_year_usd = 0;
  std::optional<double> electricity_per_year_usd;
  double maintenance_per_year_usd = 0;
  double staff_per_year_usd = 0;
  double opex_per_year_usd = 0;  // electricity (when priced), maintenance, staff
  double cost_per_year_usd = 0;  // depreciation + opex
  double cost_per_run_usd = 0;   // a year's cost × run days / 365
  double owned_usd_per_gpu_hour = 0;
  std::optional<double> cloud_run_usd;  // on-demand, the run's GPU-hours
  std::optional<double> reserved_run_usd;
  std::optional<double> cloud_per_year_usd;  // reserved when priced, else on-demand
  std::optional<double> breakeven_months;    // owning's capex repaid by the cloud's savings
};

CostEstimate estimate_cost(const ClusterSpec& cluster, const ClusterBuild& build, const PowerProfile& power,
                           double run_days, const CostInputs& inputs);

}  // namespace gigasim
