// The Perfetto trace of a simulated step is valid trace-event JSON with what the viewer needs:
// a named process per lane, complete ("X") slices with non-negative times, and counters.
#include "report/perfetto_trace.hpp"

#include <set>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "../workload/test_jobs.hpp"

namespace gigasim {
namespace {

TEST(PerfettoTrace, EveryPassAndMessageIsASliceOfItsLane) {
  // Llama 3 8B, tp 8 · pp 2 · dp 2 on 32 H100: 2 lanes, 8 micro-batches, so each lane runs 8
  // forward and 8 backward passes (each one slice per non-zero part: compute and TP comm).
  const auto job = test_jobs::parse(
      "model: llama3-8b\ncluster: { gpu: h100-sxm, gpus: 32, fabric: ib-ndr-fat-tree }\n"
      "parallelism: { tp: 8, pp: 2, zero: 1, micro_batch: 1, global_batch: 16, seq_len: 8192 }\n");
  ASSERT_TRUE(job);
  const SimulatedStep step = simulate_step(*job, {.full = false, .trace = true, .limit = {}, .progress = {}});
  std::stringstream out;
  write_perfetto_trace(*job, step, out);
  const nlohmann::json trace = nlohmann::json::parse(out.str());
  std::set<std::string> processes;
  int compute_slices = 0;
  int sends = 0;
  int counters = 0;
  for (const auto& event : trace.at("traceEvents")) {
    const std::string phase = event.at("ph");
    if (phase == "M" && event.at("name") == "process_name") processes.insert(event.at("args").at("name"));
    if (phase == "X") {
      EXPECT_GE(event.at("ts").get<double>(), 0.0);
      EXPECT_GT(event.at("dur").get<double>(), 0.0);
      compute_slices += event.at("tid") == 1 && event.at("name") != "optimizer" ? 1 : 0;
      sends += event.at("tid") == 5 ? 1 : 0;
    }
    counters += phase == "C" ? 1 : 0;
  }
  EXPECT_EQ(processes, (std::set<std::string>{"fabric (32 × h100-sxm)", "stage 0", "stage 1"}));
  EXPECT_EQ(compute_slices, 2 * 16);
  EXPECT_EQ(sends, 2 * 8);  // stage 0 sends 8 activations, stage 1 8 gradients
  EXPECT_GT(counters, 0);
}

}  // namespace
}  // namespace gigasim
