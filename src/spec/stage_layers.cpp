#include "spec/stage_layers.hpp"

#include <algorithm>
#include <cassert>

namespace gigasim {

std::vector<int> default_stage_layers(int layers, int stages, int virtual_stages) {
  std::vector<int> stage_layers;
  assign_default_stage_layers(layers, stages, virtual_stages, stage_layers);
  return stage_layers;
}

void assign_default_stage_layers(int layers, int stages, int virtual_stages, std::vector<int>& stage_layers) {
  const int chunks = stages * virtual_stages;
  assert(chunks >= 1 && chunks <= layers);
  const int per_chunk = (layers + chunks - 1) / chunks;
  const int surplus = per_chunk * chunks - layers;  // < chunks, so no chunk gives up two layers
  // Chunks give up one layer each, from the ends alternately: last (turn 0), first (turn 1),
  // second to last (turn 2), second (turn 3), … while turns < surplus.
  const auto chunk_layers = [&](int chunk) {
    const int turn = std::min(2 * (chunks - 1 - chunk), 2 * chunk + 1);
    return turn < surplus ? per_chunk - 1 : per_chunk;
  };
  // Interleaved schedules give physical stage s the chunks s, s + stages, s + 2·stages, …
  stage_layers.assign(static_cast<std::size_t>(stages), 0);
  for (int chunk = 0; chunk < chunks; ++chunk)
    stage_layers[static_cast<std::size_t>(chunk % stages)] += chunk_layers(chunk);
}

}  // namespace gigasim
