#include "spec/stage_layers.hpp"

#include <cassert>

namespace gigasim {

std::vector<int> default_stage_layers(int layers, int stages, int virtual_stages) {
  const int chunks = stages * virtual_stages;
  assert(chunks >= 1 && chunks <= layers);
  const int per_chunk = (layers + chunks - 1) / chunks;
  std::vector<int> chunk_layers(static_cast<std::size_t>(chunks), per_chunk);
  int surplus = per_chunk * chunks - layers;
  // Take one layer from each end alternately, moving inward: last, first, second to last, …
  for (int step = 0; surplus > 0; ++step, --surplus) {
    const int from_end = step / 2;
    const int chunk = step % 2 == 0 ? chunks - 1 - from_end : from_end;
    --chunk_layers[static_cast<std::size_t>(chunk)];
  }
  // Interleaved schedules give physical stage s the chunks s, s + stages, s + 2·stages, …
  std::vector<int> stage_layers(static_cast<std::size_t>(stages), 0);
  for (int chunk = 0; chunk < chunks; ++chunk)
    stage_layers[static_cast<std::size_t>(chunk % stages)] += chunk_layers[static_cast<std::size_t>(chunk)];
  return stage_layers;
}

}  // namespace gigasim
