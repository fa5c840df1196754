// Capex, depreciation, opex and the cloud break-even, worked by hand.
#include "facility/cost.hpp"

#include <gtest/gtest.h>

namespace gigasim {
namespace {

TEST(Cost, BreakEvenAndDepreciationByHand) {
  // 1,000 GPUs at $30k = $30M, the rest of the servers $10k a GPU = $10M, storage 2% of $40M =
  // $0.8M (no fabric here): hardware $40.8M over 5 years = $8.16M a year. A 1 MW (rated IT)
  // building at $11.7M/MW over 20 years = $0.585M a year. Capex $52.5M.
  // Opex: 1 MW average facility × 8,760 h × $50/MWh = $0.438M; maintenance 3% and staff 1% of the
  // hardware: $1.224M + $0.408M. A year: $8.745M + $2.070M = $10.815M; a 30-day run $0.889M; an
  // owned GPU-hour $10.815M / 8.76M = $1.2346.
  // Renting at $2/GPU-h reserved: $17.52M a year; owning saves ($17.52M − $2.07M)/12 = $1.2875M a
  // month against the cloud, so the $52.5M capex is repaid after 40.78 months.
  ClusterSpec cluster;
  ClusterBuild build;
  build.gpus = 1000;
  PowerProfile power;
  power.it_rated_mw = 1.0;
  power.facility_average_mw = 1.0;
  CostInputs inputs;
  inputs.gpu_price_usd = 30000;
  inputs.electricity_usd_per_mwh = 50;
  inputs.reserved_usd_per_gpu_hour = 2.0;
  const CostEstimate c = estimate_cost(cluster, build, power, 30, inputs);
  EXPECT_NEAR(c.hardware_usd, 40.8e6, 1);
  EXPECT_NEAR(c.capex_usd, 52.5e6, 1);
  EXPECT_NEAR(c.depreciation_per_year_usd, 8.745e6, 1);
  EXPECT_NEAR(c.opex_per_year_usd, 2.07e6, 1);
  EXPECT_NEAR(c.cost_per_run_usd, 10.815e6 * 30 / 365, 1);
  EXPECT_NEAR(c.owned_usd_per_gpu_hour, 1.23459, 1e-5);
  ASSERT_TRUE(c.breakeven_months);
  EXPECT_NEAR(*c.breakeven_months, 40.78, 0.01);
}

TEST(Cost, NoBreakEvenWhenTheCloudCostsLessThanRunningYourOwn) {
  ClusterSpec cluster;
  ClusterBuild build;
  build.gpus = 1000;
  PowerProfile power;
  power.it_rated_mw = 1.0;
  power.facility_average_mw = 1.0;
  CostInputs inputs;
  inputs.gpu_price_usd = 30000;
  inputs.electricity_usd_per_mwh = 50;
  inputs.reserved_usd_per_gpu_hour = 0.2;  // $1.75M a year, below the $2.07M opex
  EXPECT_FALSE(estimate_cost(cluster, build, power, 30, inputs).breakeven_months);
}

}  // namespace
}  // namespace gigasim
