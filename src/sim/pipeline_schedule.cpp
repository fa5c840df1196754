#include "sim/pipeline_schedule.hpp"

#include <algorithm>
#include <cassert>

namespace gigasim {
namespace {

// The k-th forward (or backward) pass of a rank in the interleaved order: groups of p micro-batches
// (the last one may be short), each through every chunk in turn.
std::vector<PipelinePass> passes_in_order(bool forward, int stages, int virtual_stages, int micro_batches) {
  std::vector<PipelinePass> passes;
  passes.reserve(static_cast<std::size_t>(micro_batches * virtual_stages));
  for (int group = 0; group < micro_batches; group += stages) {
    const int size = std::min(stages, micro_batches - group);
    for (int step = 0; step < virtual_stages; ++step) {
      const int chunk = forward ? step : virtual_stages - 1 - step;
      for (int j = 0; j < size; ++j) passes.push_back({forward, group + j, chunk});
    }
  }
  return passes;
}

}  // namespace

std::vector<PipelinePass> pipeline_order(int rank, int stages, int virtual_stages, int micro_batches) {
  assert(rank >= 0 && rank < stages && virtual_stages >= 1 && micro_batches >= 1);
  const std::vector<PipelinePass> forwards = passes_in_order(true, stages, virtual_stages, micro_batches);
  const std::vector<PipelinePass> backwards = passes_in_order(false, stages, virtual_stages, micro_batches);
  const int total = static_cast<int>(forwards.size());
  const int warmup = std::min(
      total, virtual_stages == 1 ? stages - rank - 1 : 2 * (stages - rank - 1) + (virtual_stages - 1) * stages);

  std::vector<PipelinePass> order;
  order.reserve(static_cast<std::size_t>(2 * total));
  int next_forward = 0;
  int next_backward = 0;
  while (next_forward < warmup) order.push_back(forwards[static_cast<std::size_t>(next_forward++)]);
  while (next_forward < total) {
    order.push_back(forwards[static_cast<std::size_t>(next_forward++)]);
    order.push_back(backwards[static_cast<std::size_t>(next_backward++)]);
  }
  while (next_backward < total) order.push_back(backwards[static_cast<std::size_t>(next_backward++)]);
  return order;
}

}  // namespace gigasim
