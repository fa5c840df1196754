#include "search/layout_space.hpp"

#include <algorithm>

namespace gigasim {
namespace {

// The upper bounds of `auto`. pp and cp: Llama 3 405B, the largest published dense run, trained on
// 16 pipeline stages and, for 128k-token contexts, 16 context-parallel ranks (Dubey et al. 2024,
// Table 4); twice that for pp leaves room. ASSUMPTION: up to 8 interleaved chunks per pipeline rank
// (more only adds stage-to-stage sends) and micro-batches of 1, 2 or 4 sequences, the space
// issue 4 sets for its benchmark.
constexpr int kMaxAutoPipeline = 32;
constexpr int kMaxAutoVirtual = 8;
constexpr int kMaxAutoContext = 16;
constexpr int kMaxAutoMicroBatch = 4;

std::vector<int> powers_of_two_up_to(int limit) {
  std::vector<int> values;
  for (int value = 1; value <= limit; value *= 2) values.push_back(value);
  return values;
}

std::vector<int> range_up_to(int limit) {
  std::vector<int> values;
  for (int value = 1; value <= limit; ++value) values.push_back(value);
  return values;
}

std::vector<int> choose(const FieldChoices<int>& field, const std::vector<int>& automatic) {
  return field.automatic ? automatic : field.values;
}

}  // namespace

std::size_t LayoutSpace::size() const {
  return tp.size() * pp.size() * vpp.size() * cp.size() * ep.size() * zero.size() * micro_batch.size() *
         recompute.size();
}

void LayoutSpace::decode(std::size_t index, const SearchSpace& given, int gpus, Parallelism& layout) const {
  const auto take = [&index](const auto& values) {
    const auto& value = values[index % values.size()];
    index /= values.size();
    return value;
  };
  layout.tp = take(tp);
  layout.pp = take(pp);
  layout.vpp = take(vpp);
  layout.cp = take(cp);
  layout.ep = take(ep);
  layout.zero = take(zero);
  layout.micro_batch = take(micro_batch);
  layout.recompute = take(recompute);
  if (!given.sp_given) layout.sp = layout.tp > 1;
  if (!given.dp_given) {
    const int model_parallel = layout.tp * layout.pp * layout.cp;
    layout.dp = gpus % model_parallel == 0 ? gpus / model_parallel : 0;
  }
  if (!given.stage_layers_given) layout.stage_layers.clear();
}

LayoutSpace expand_space(const SearchJob& job) {
  const Job& base = job.base;
  const SearchSpace& given = job.space;
  const int domain = std::max({1, base.cluster.node.nvlink_domain_gpus, base.cluster.node.gpus_per_node});
  LayoutSpace space;
  space.tp = choose(given.tp, powers_of_two_up_to(std::min(domain, base.model.heads)));
  space.pp = choose(given.pp, range_up_to(std::min(kMaxAutoPipeline, base.model.layers)));
  space.vpp = choose(given.vpp, range_up_to(kMaxAutoVirtual));
  space.cp = choose(given.cp, powers_of_two_up_to(kMaxAutoContext));
  space.ep = choose(given.ep, powers_of_two_up_to(base.model.moe ? base.model.moe->experts : 1));
  space.zero = choose(given.zero, {0, 1, 2, 3});
  space.micro_batch = choose(given.micro_batch, powers_of_two_up_to(kMaxAutoMicroBatch));
  space.recompute = given.recompute.automatic
                        ? std::vector<Recompute>{Recompute::none, Recompute::selective, Recompute::full}
                        : given.recompute.values;
  return space;
}

}  // namespace gigasim
