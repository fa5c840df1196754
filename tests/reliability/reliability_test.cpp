// Failures over a run: Daly's worked intervals, the Llama 3 calibration, the Monte Carlo against
// the closed form, and the same answer for any thread count.
#include <chrono>
#include <cmath>

#include <gtest/gtest.h>

#include "reliability/checkpoint.hpp"
#include "reliability/interruptions.hpp"
#include "reliability/run_monte_carlo.hpp"

namespace gigasim {
namespace {

constexpr double kMinute = 60;
constexpr double kHour = 3600;

TEST(Checkpoint, DalysWorkedCases) {
  // Daly 2006, δ = 5 min: M = 24 h → 117 min, 6 h → 57 min, 15 min → 9.1 min (facts §6.3).
  EXPECT_NEAR(daly_interval(Seconds(5 * kMinute), Seconds(24 * kHour)).value() / kMinute, 116.7, 0.1);
  EXPECT_NEAR(daly_interval(Seconds(5 * kMinute), Seconds(6 * kHour)).value() / kMinute, 56.7, 0.1);
  EXPECT_NEAR(daly_interval(Seconds(5 * kMinute), Seconds(15 * kMinute)).value() / kMinute, 9.14, 0.01);
  // Young's first order: sqrt(2 · 5 min · 24 h) = 120 min.
  EXPECT_NEAR(young_interval(Seconds(5 * kMinute), Seconds(24 * kHour)).value() / kMinute, 120.0, 1e-9);
  // δ ≥ 2M: checkpoint every M.
  EXPECT_DOUBLE_EQ(daly_interval(Seconds(kHour), Seconds(20 * kMinute)).value(), 20 * kMinute);
}

TEST(Interruptions, Llama3sSnapshotIsReproducedAndScalesSlowerThanGpus) {
  const auto catalog = load_builtin_failures();
  ASSERT_TRUE(catalog);
  // The calibration job: 466 interruptions in 54 days (419 unexpected, 47 planned).
  const InterruptionModel llama = interruption_model(catalog.value(), {16384, 2048, 16384, 35112});
  EXPECT_NEAR(llama.per_hour() * 54 * 24, 466.0, 1e-6);
  EXPECT_NEAR(llama.unexpected_per_hour * 54 * 24, 419.0, 1e-6);
  EXPECT_NEAR(llama.mtti_hours(), 54.0 * 24 / 466, 1e-9);  // 2.78 h
  // Ten times the hardware: the per-job terms (software 54, NCCL 7, dependency 2, planned 47 of
  // 466) do not grow, so the MTTI falls by less than ten times.
  const InterruptionModel ten = interruption_model(catalog.value(), {163840, 20480, 163840, 351120});
  EXPECT_NEAR(ten.per_hour() * 54 * 24, (466.0 - 110.0) * 10 + 110.0, 1e-6);
  EXPECT_GT(ten.mtti_hours(), llama.mtti_hours() / 10);
}

InterruptionModel unexpected_only(double mtti_hours) {
  InterruptionModel m;
  m.causes = {{"hardware", 1.0 / mtti_hours, false, true}};
  m.unexpected_per_hour = 1.0 / mtti_hours;
  return m;
}

TEST(RunMonteCarlo, MeanWallTimeMatchesDalysClosedForm) {
  // W = 10 days, M = 3 h, τ = 1 h, δ = 5 min, R = 10 min, spares always free: Daly's expected wall
  // time T = M·e^(R/M)·(e^((τ+δ)/M) − 1)·W/τ = 10,800 s · e^(600/10,800) · (e^(3,900/10,800) − 1) ·
  // 240 = 10,800 · 1.05715 · 0.43494 · 240 = 1,191,800 s = 13.79 days; the mean of 4,000 trials
  // within its 95% interval (plus the last interval's checkpoint, which the run does not write).
  RunInputs in;
  in.work = Seconds(10 * 86400.0);
  in.interval = Seconds(kHour);
  in.checkpoint = Seconds(5 * kMinute);
  in.restart = Seconds(10 * kMinute);
  in.interruptions = unexpected_only(3);
  in.unlimited_spares = true;
  const double expected =
      expected_wall_time(in.work, in.interval, in.checkpoint, in.restart, Seconds(3 * kHour)).value() / 86400;
  const RunDistribution runs = simulate_runs(in, 4000, 42, 2);
  EXPECT_NEAR(expected, 13.79, 0.01);
  EXPECT_NEAR(runs.wall_days.mean, expected, 2.0 * runs.wall_days_ci95 + 0.01);
  EXPECT_NEAR(runs.goodput.mean, 10.0 / runs.wall_days.mean, 0.01);
}

// Five days of work, hourly checkpoints of a minute, 10-minute restarts, an interruption every 2 h.
RunInputs five_days_interrupted_every_two_hours() {
  RunInputs in;
  in.work = Seconds(5 * 86400.0);
  in.interval = Seconds(kHour);
  in.checkpoint = Seconds(kMinute);
  in.restart = Seconds(10 * kMinute);
  in.interruptions = unexpected_only(2);
  return in;
}

TEST(RunMonteCarlo, StopsAtItsLimitAndSaysSo) {
  // A deadline already past: no trial runs, and the distribution says it was cut off.
  const RunInputs in = five_days_interrupted_every_two_hours();
  const WorkLimit past{std::chrono::steady_clock::now() - std::chrono::seconds(1), nullptr};
  const RunDistribution runs = simulate_runs(in, 1000, 7, 2, {}, past);
  EXPECT_TRUE(runs.cut_off);
  EXPECT_EQ(runs.trials, 0);
  EXPECT_FALSE(simulate_runs(in, 10, 7, 2).cut_off);
}

TEST(RunMonteCarlo, TheSameSeedGivesTheSameRunsOnAnyNumberOfThreads) {
  RunInputs in = five_days_interrupted_every_two_hours();
  in.spares = 1;
  const RunDistribution one = simulate_runs(in, 300, 7, 1);
  const RunDistribution four = simulate_runs(in, 300, 7, 4);
  EXPECT_EQ(one.wall_days.mean, four.wall_days.mean);
  EXPECT_EQ(one.interruptions.p90, four.interruptions.p90);
  const RunDistribution other = simulate_runs(in, 300, 8, 1);
  EXPECT_NE(one.wall_days.mean, other.wall_days.mean);
}

TEST(RunMonteCarlo, WithoutSparesAFailedNodeHoldsTheJobUntilRepaired) {
  // One failure every 10 h on average over 2 days, each needing a node: with no spare each waits a
  // day's repair; with many spares none waits.
  RunInputs in;
  in.work = Seconds(2 * 86400.0);
  in.interval = Seconds(kHour);
  in.checkpoint = Seconds(kMinute);
  in.restart = Seconds(5 * kMinute);
  in.interruptions = unexpected_only(10);
  in.spares = 0;
  const RunDistribution none = simulate_runs(in, 200, 3, 1);
  in.spares = 100;
  const RunDistribution many = simulate_runs(in, 200, 3, 1);
  EXPECT_GT(none.spare_wait_days, 1.0);
  EXPECT_EQ(many.spare_wait_days, 0.0);
  EXPECT_GT(none.wall_days.mean, many.wall_days.mean + 1.0);
}

}  // namespace
}  // namespace gigasim
