// How fast the step model is, for Llama 3 405B on 16,384 H100 (examples/): compile once per job,
// then evaluate (the search's inner loop; target ≥ 1,000,000 per second on one core).
#include <fstream>
#include <sstream>

#include <benchmark/benchmark.h>

#include "example_job.hpp"
#include "perf/compiled_step.hpp"
#include "perf/step_estimate.hpp"
#include "support/allocation_counter.hpp"
#include "workload/memory.hpp"
#include "workload/step_flops.hpp"

namespace {

// Heap allocations per iteration, as a benchmark counter.
void report_allocations(benchmark::State& state, std::size_t before) {
  state.counters["allocs_per_iter"] = static_cast<double>(gigasim::test_support::allocations_so_far() - before) /
                                      static_cast<double>(state.iterations());
}

void BM_EvaluateLlama405B(benchmark::State& state) {
  const gigasim::CompiledStep step =
      gigasim::compile_step(gigasim::bench::load_example_job("llama3-405b-16k-h100.yaml"));
  const std::size_t before = gigasim::test_support::allocations_so_far();
  for (auto _ : state) benchmark::DoNotOptimize(gigasim::evaluate(step));
  report_allocations(state, before);
}
BENCHMARK(BM_EvaluateLlama405B);

// On a prebuilt topology, as the search compiles each candidate layout.
void BM_CompileLlama405B(benchmark::State& state) {
  const gigasim::Job job = gigasim::bench::load_example_job("llama3-405b-16k-h100.yaml");
  const gigasim::Topology topology = gigasim::build_topology(job.cluster);
  const std::size_t before = gigasim::test_support::allocations_so_far();
  for (auto _ : state) benchmark::DoNotOptimize(gigasim::compile_step(job, topology));
  report_allocations(state, before);
}
BENCHMARK(BM_CompileLlama405B);

void BM_MemoryLlama405B(benchmark::State& state) {
  const gigasim::Job job = gigasim::bench::load_example_job("llama3-405b-16k-h100.yaml");
  const std::size_t before = gigasim::test_support::allocations_so_far();
  for (auto _ : state) benchmark::DoNotOptimize(gigasim::memory_per_gpu(job));
  report_allocations(state, before);
}
BENCHMARK(BM_MemoryLlama405B);

void BM_StepFlopsLlama405B(benchmark::State& state) {
  const gigasim::Job job = gigasim::bench::load_example_job("llama3-405b-16k-h100.yaml");
  for (auto _ : state) benchmark::DoNotOptimize(gigasim::step_flops(job));
}
BENCHMARK(BM_StepFlopsLlama405B);

void BM_ParseJob(benchmark::State& state) {
  std::ifstream file(std::string(GIGASIM_SOURCE_DIR) + "/examples/llama3-405b-16k-h100.yaml");
  std::stringstream text;
  text << file.rdbuf();
  const auto catalog = gigasim::load_builtin_catalog();
  for (auto _ : state) benchmark::DoNotOptimize(gigasim::parse_job(text.str(), "job.yaml", catalog.value()));
}
BENCHMARK(BM_ParseJob);

}  // namespace
