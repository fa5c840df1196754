#include "facility/energy.hpp"

namespace gigasim {

TrainingEnergy training_energy(const PowerProfile& power, double days, std::optional<double> grid_g_per_kwh) {
  constexpr double kHoursPerDay = 24.0;
  constexpr double kGramsPerTonne = 1e6;
  constexpr double kKwhPerMwh = 1e3;
  TrainingEnergy energy;
  energy.mwh = power.facility_average_mw * days * kHoursPerDay;
  energy.household_years = energy.mwh / kHouseholdMwhPerYear;
  energy.accelerator_mwh = power.accelerator_facility_average_mw * days * kHoursPerDay;
  if (grid_g_per_kwh) {
    energy.tco2 = energy.mwh * kKwhPerMwh * *grid_g_per_kwh / kGramsPerTonne;
    energy.accelerator_tco2 = energy.accelerator_mwh * kKwhPerMwh * *grid_g_per_kwh / kGramsPerTonne;
  }
  return energy;
}

}  // namespace gigasim
