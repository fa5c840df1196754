// Where a sweep point's time goes (issue 13): making its text (the base with the point's values,
// a YAML round trip), computing it from that text as `gigasim estimate --json` would (parsing
// included), and computing it from the YAML tree as a sweep does, on
// bench/sweeps/llama3-70b-estimate-throughput.yaml. bench/sweep_throughput.sh times whole sweeps.
#include <fstream>
#include <sstream>

#include <benchmark/benchmark.h>

#include "app/input_files.hpp"
#include "sweep/sweep_point.hpp"
#include "spec/sweep_file.hpp"

namespace {

struct Loaded {
  gigasim::SweepSpec spec;
  gigasim::Catalog catalog;
};

const Loaded& loaded() {
  static const Loaded sweep = [] {
    std::ifstream file(std::string(GIGASIM_SOURCE_DIR) + "/bench/sweeps/llama3-70b-estimate-throughput.yaml");
    std::stringstream text;
    text << file.rdbuf();
    return Loaded{gigasim::parse_sweep(text.str(), "sweep.yaml").value(), gigasim::load_catalog({}).value()};
  }();
  return sweep;
}

void BM_SweepPointText(benchmark::State& state) {
  const auto points = gigasim::SweepPoints::make(loaded().spec, loaded().spec.base.inline_text, "base").value();
  std::uint64_t point = 0;
  for (auto _ : state) benchmark::DoNotOptimize(points.text(point++ % loaded().spec.points()));
}
BENCHMARK(BM_SweepPointText);

void BM_SweepPointEstimate(benchmark::State& state) {
  const auto points = gigasim::SweepPoints::make(loaded().spec, loaded().spec.base.inline_text, "base").value();
  const std::string text = points.text(1000);
  for (auto _ : state) benchmark::DoNotOptimize(gigasim::compute_point(loaded().spec, text, loaded().catalog));
}
BENCHMARK(BM_SweepPointEstimate);

// What a sweep does per estimate point: parse the point from its YAML tree, with no text between.
void BM_SweepPointEstimateFromTree(benchmark::State& state) {
  const auto points = gigasim::SweepPoints::make(loaded().spec, loaded().spec.base.inline_text, "base").value();
  std::uint64_t point = 0;
  for (auto _ : state)
    benchmark::DoNotOptimize(gigasim::compute_point(loaded().spec, points, 1000 + point++ % 1000, loaded().catalog));
}
BENCHMARK(BM_SweepPointEstimateFromTree);

}  // namespace
