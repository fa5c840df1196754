// How fast batch estimates run (`gigasim.estimate_many`, issue 12): 1,000,000 rows varying Llama 3
// 405B's layout around examples/llama3-405b-16k-h100.yaml. The rows cycle through a grid of
// tp {2,4,8} × pp {8,16} × vpp {1,2} × ZeRO {0-3} × micro-batch {1,2} × GPUs {8,192, 16,384,
// 32,768}; some rows break the batch rule (global batch 2,048 per dp·micro-batch) and only get
// their reason. bench/estimate_many.py times the same rows from Python; the issue asks for that
// to be within 2× of this rate (items per second).
#include <benchmark/benchmark.h>

#include "example_job.hpp"
#include "search/layout_batch.hpp"

namespace {

constexpr std::size_t kRows = 1'000'000;

// Row i's digits in the grid, fastest-varying first (bench/estimate_many.py builds the same).
std::vector<gigasim::FieldColumn> grid_columns() {
  const std::vector<std::pair<std::string, std::vector<double>>> axes = {
      {"tp", {2, 4, 8}},      {"pp", {8, 16}},         {"vpp", {1, 2}},
      {"zero", {0, 1, 2, 3}}, {"micro_batch", {1, 2}}, {"gpus", {8192, 16384, 32768}}};
  std::vector<gigasim::FieldColumn> columns;
  for (const auto& [field, values] : axes) columns.push_back({field, std::vector<double>(kRows)});
  for (std::size_t row = 0; row < kRows; ++row) {
    std::size_t rest = row;
    for (std::size_t axis = 0; axis < axes.size(); ++axis) {
      const std::vector<double>& values = axes[axis].second;
      columns[axis].values[row] = values[rest % values.size()];
      rest /= values.size();
    }
  }
  return columns;
}

void BM_EstimateBatchLlama405B(benchmark::State& state) {
  const gigasim::Job base = gigasim::bench::load_example_job("llama3-405b-16k-h100.yaml");
  const std::vector<gigasim::FieldColumn> columns = grid_columns();
  std::size_t estimated = 0;
  for (auto _ : state) {
    const gigasim::BatchEstimates out = gigasim::estimate_batch(base, columns, static_cast<int>(state.range(0)));
    estimated = static_cast<std::size_t>(std::count(out.problem.begin(), out.problem.end(), std::string()));
    benchmark::DoNotOptimize(out.step_time_s.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kRows));
  state.counters["estimated_rows"] = static_cast<double>(estimated);
}
BENCHMARK(BM_EstimateBatchLlama405B)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
