// How fast `gigasim search` covers issue 4's space: Llama 3 405B on 16,384 H100, global batch 2,048,
// tp 1-8, pp 1-32, vpp 1-8, cp 1-16, micro-batch 1-4, ZeRO 0-3, three recompute modes
// (examples/search/llama3-405b-16k-h100.yaml). Target: under 1 s on 2 cores. Reported: layouts
// per second (items) over the whole space, rejected and estimated alike, and heap allocations per
// estimated layout (the inner loop allocates nothing; what remains is fixed per search).
#include <fstream>
#include <sstream>

#include <benchmark/benchmark.h>

#include "search/layout_search.hpp"
#include "spec/job_parse.hpp"
#include "support/allocation_counter.hpp"

namespace {

gigasim::SearchJob load_search_example(const char* name) {
  std::ifstream file(std::string(GIGASIM_SOURCE_DIR) + "/examples/search/" + name);
  std::stringstream text;
  text << file.rdbuf();
  const auto catalog = gigasim::load_builtin_catalog();
  return gigasim::parse_search_job(text.str(), name, catalog.value()).value();
}

void BM_SearchLlama405B(benchmark::State& state) {
  const gigasim::SearchJob job = load_search_example("llama3-405b-16k-h100.yaml");
  gigasim::SearchOptions options;
  options.threads = static_cast<int>(state.range(0));
  std::size_t candidates = 0;
  std::size_t evaluated = 0;
  const std::size_t before = gigasim::test_support::allocations_so_far();
  for (auto _ : state) {
    const gigasim::SearchResult result = gigasim::search_layouts(job, options);
    candidates = result.candidates;
    evaluated = result.evaluated;
    benchmark::DoNotOptimize(result.best.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * candidates));
  const auto searches = static_cast<double>(state.iterations());
  state.counters["allocs_per_estimated_layout"] =
      static_cast<double>(gigasim::test_support::allocations_so_far() - before) / searches /
      static_cast<double>(evaluated);
}
BENCHMARK(BM_SearchLlama405B)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
