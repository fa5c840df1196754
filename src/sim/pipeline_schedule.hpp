#pragma once
// The order in which one pipeline rank runs its forward and backward passes: Megatron-LM's 1F1B
// (Narayanan et al. 2021 §2.2, PipeDream-Flush) and, with virtual stages, its interleaved 1F1B
// (§2.2.2; megatron/core/pipeline_parallel/schedules.py).
//
// 1F1B: rank r of p runs p − r − 1 forward passes (warm-up), then alternates one forward and one
// backward, then runs the remaining backward passes (cool-down).
// Interleaved, v chunks per rank: micro-batches go in groups of p; a group runs through chunk 0,
// then chunk 1, … (backward passes through the chunks in reverse). Warm-up is
// 2(p − r − 1) + (v − 1)p passes, capped at the total.

#include <vector>

namespace gigasim {

struct PipelinePass {
  bool forward = true;
  int micro_batch = 0;
  int chunk = 0;  // virtual stage on this rank; its place in the whole pipeline is chunk·p + rank
};

std::vector<PipelinePass> pipeline_order(int rank, int stages, int virtual_stages, int micro_batches);

}  // namespace gigasim
