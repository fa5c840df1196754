#pragma once
// Every layout a search job asks for, as a mixed-radix index: `auto` fields expanded into the
// values worth trying on this model and cluster, lists kept as given, fixed fields as one value.
// Candidates are decoded from their index, so the space is never stored.

#include <cstddef>
#include <vector>

#include "spec/search_space.hpp"

namespace gigasim {

struct LayoutSpace {
  std::vector<int> tp, pp, vpp, cp, ep, zero, micro_batch;
  std::vector<Recompute> recompute;

  [[nodiscard]] std::size_t size() const;
  // Writes candidate `index` (< size()) into `layout`'s searched fields; sp follows tp unless the
  // job fixed it, dp is derived from the GPU count unless fixed, stage_layers are left empty.
  void decode(std::size_t index, const SearchSpace& given, int gpus, Parallelism& layout) const;
};

// What `auto` means for each field (powers of two where the hardware or the model wants them):
// tp up to the NVLink domain, pp up to 32 stages (at most one per layer), vpp 1-8, cp 1-16, ep
// over the experts' powers of two (1 for dense models), ZeRO 0-3, micro-batch 1, 2, 4, and the
// recompute modes none, selective and full.
LayoutSpace expand_space(const SearchJob& job);

}  // namespace gigasim
