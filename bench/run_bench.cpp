// How fast `gigasim run` is (issue 9's bar: 1,000 trials of a 100-day run on 100,000 H100 in under
// 10 s on 2 cores): the default gigafactory's failure model, checkpoint plan and restart, 2 threads.
#include <benchmark/benchmark.h>

#include "plan/plan.hpp"
#include "reliability/run_setup.hpp"
#include "spec/catalog.hpp"
#include "spec/scenario.hpp"

namespace {

void BM_RunGigafactory100Days(benchmark::State& state) {
  const auto catalog = gigasim::load_builtin_catalog().value();
  const auto builtin = gigasim::builtin_scenario("gigafactory-100k-h100").value();
  const gigasim::Scenario scenario = gigasim::parse_scenario(builtin.text, builtin.path, catalog).value();
  gigasim::SearchOptions search;
  search.top = 1;
  const gigasim::Plan plan = gigasim::make_plan(scenario, search).value();
  const gigasim::RunSetup setup = gigasim::setup_run(plan.training.job, plan.training.estimate, 100.0,
                                                     gigasim::load_builtin_failures().value(), {});
  double interruptions = 0;
  for (auto _ : state) interruptions = gigasim::simulate_runs(setup.inputs, 1000, 1, 2).interruptions.mean;
  state.counters["interruptions_per_run"] = interruptions;
}
BENCHMARK(BM_RunGigafactory100Days)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
