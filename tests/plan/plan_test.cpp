// Plans of the built-in scenarios and of a sized cluster, against published figures: GPT-3's
// measured power and energy (Patterson et al. 2021, Table 4), the 100k-H100 gigafactory's "about
// 100 MW" and 150 MW grid approval (facts/datacenter.md §2.8, §4.2).
#include "plan/plan.hpp"

#include <gtest/gtest.h>

#include "support/builtin_catalog.hpp"

namespace gigasim {
namespace {

Plan plan_of(std::string_view text, std::string_view origin = "scenario.yaml") {
  const auto scenario = parse_scenario(text, origin, test_support::builtin_catalog());
  EXPECT_TRUE(scenario) << (scenario ? "" : format_diagnostic(scenario.error().front()));
  SearchOptions options;
  options.threads = 1;
  options.top = 1;
  const auto plan = make_plan(scenario.value(), options);
  EXPECT_TRUE(plan) << (plan ? "" : plan.error());
  return plan.value();
}

Plan builtin(std::string_view name) {
  const auto scenario = builtin_scenario(name);
  EXPECT_TRUE(scenario);
  return plan_of(scenario->text, scenario->path);
}

TEST(Plan, Gpt3OnTenThousandV100MatchesItsMeasuredPowerAndEnergy) {
  // 330 W per accelerator with the host's share, 1,287 MWh at PUE 1.1 over the published 14.8
  // days, 552 tCO2e: all within 10%, from the power model and the step's phases.
  const Plan plan = builtin("gpt3-10k-v100");
  EXPECT_TRUE(plan.training.days_pinned);
  EXPECT_DOUBLE_EQ(plan.training.days, 14.8);
  EXPECT_NEAR(plan.power.per_accelerator_average_w / 330.0, 1.0, 0.10);
  EXPECT_NEAR(plan.energy.accelerator_mwh / 1287.0, 1.0, 0.10);
  EXPECT_NEAR(*plan.energy.accelerator_tco2 / 552.0, 1.0, 0.10);
  for (const PlanCheck& check : plan.checks) EXPECT_TRUE(check.holds) << check.claim;
}

TEST(Plan, TheGigafactoryDrawsAbout100MegawattsAndFitsTheGridApproval) {
  const Plan plan = builtin("gigafactory-100k-h100");
  EXPECT_EQ(plan.build.gpus, 100000);
  EXPECT_EQ(plan.build.nodes, 12500);
  EXPECT_GT(plan.power.it_average_mw, 80.0);
  EXPECT_LT(plan.power.it_average_mw, 120.0);
  EXPECT_LE(plan.power.facility_peak_mw, 150.0);
  // The chain draws the facility's peak at the feed and passes less to the GPUs than they use.
  EXPECT_NEAR(plan.chain.grid_mw, plan.power.facility_peak_mw, 1e-9);
  EXPECT_LT(plan.chain.gpu_rail_mw, plan.power.components.front().peak_mw);
  for (const PlanCheck& check : plan.checks) EXPECT_TRUE(check.holds) << check.claim;
}

TEST(Plan, AnAutoSizedClusterMeetsItsDeadline) {
  const Plan plan = plan_of(R"(name: sized
model: llama3-8b
training: { tokens: 1.0e12 }
cluster: { gpu: h100-sxm, gpus: auto, parallelism: { global_batch: 1024, seq_len: 8192 } }
constraints: { deadline_days: 10 }
)");
  EXPECT_LE(plan.training.days, 10.0);
  EXPECT_GT(plan.build.gpus, 8);
  ASSERT_FALSE(plan.checks.empty());
  EXPECT_EQ(plan.checks.back().metric, "days");
  EXPECT_TRUE(plan.checks.back().holds);
}

TEST(Plan, AClaimThatDoesNotHoldSaysSo) {
  const Plan plan = plan_of(R"(name: small
model: llama3-8b
training: { tokens: 1.0e11 }
cluster: { gpu: h100-sxm, gpus: 64, parallelism: { global_batch: 64, seq_len: 8192 } }
checks:
  - { claim: "a gigawatt", metric: facility_average_mw, at_least: 1000 }
)");
  ASSERT_EQ(plan.checks.size(), 1U);
  EXPECT_FALSE(plan.checks[0].holds);
  EXPECT_LT(*plan.checks[0].plan_value, 1.0);  // 64 GPUs draw well under a megawatt
}

}  // namespace
}  // namespace gigasim
