#pragma once
// Energy of a training run (issue 7): the facility's average draw over the days it trains, in MWh,
// in US household-years and in tonnes of CO2 at the site's grid intensity.

#include <optional>

#include "facility/power.hpp"

namespace gigasim {

// Average US residential customer: 10,715 kWh a year (EIA, 2020; facts/datacenter.md §4.2).
inline constexpr double kHouseholdMwhPerYear = 10.715;

struct TrainingEnergy {
  double mwh = 0;
  double household_years = 0;
  std::optional<double> tco2;  // none without the site's grid intensity
  double accelerator_mwh = 0;  // GPUs and hosts only (power.hpp accelerator_facility_average_mw)
  std::optional<double> accelerator_tco2;
};

TrainingEnergy training_energy(const PowerProfile& power, double days, std::optional<double> grid_g_per_kwh);

}  // namespace gigasim
