#pragma once
// How transformer layers are dealt to pipeline stages when a job does not list them.

#include <vector>

namespace gigasim {

// Layers per physical stage (length `stages`) when `layers` are dealt to stages·virtual_stages
// model chunks as evenly as possible. Where they do not divide, the chunks at the ends of the
// pipeline get one layer fewer — last, first, second to last, second, … — because the last
// stage also holds the output layer and the first the embedding (Llama 3 405B: 126 layers on 16
// stages → 7, 8 × 14, 7; Llama 3 paper §3.3.2). Requires stages·virtual_stages ≤ layers.
std::vector<int> default_stage_layers(int layers, int stages, int virtual_stages);
// The same into `stage_layers`, reusing its storage (the search's inner loop does not allocate).
void assign_default_stage_layers(int layers, int stages, int virtual_stages, std::vector<int>& stage_layers);

}  // namespace gigasim
