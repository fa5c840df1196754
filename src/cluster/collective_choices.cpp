#include <array>

#include "cluster/collective.hpp"

namespace gigasim {

std::span<const NamedChoice<Collective>> collective_choices() {
  static constexpr std::array<NamedChoice<Collective>, 5> kChoices{{
      {"all-reduce", Collective::all_reduce, "every rank ends with the sum of every rank's buffer"},
      {"reduce-scatter", Collective::reduce_scatter, "every rank ends with its 1/n share of the sum"},
      {"all-gather", Collective::all_gather, "every rank ends with every rank's share"},
      {"all-to-all", Collective::all_to_all, "every rank sends a distinct 1/n of its buffer to each rank"},
      {"send-recv", Collective::send_recv, "one rank sends its buffer to one other (pipeline stages)"},
  }};
  return kChoices;
}

std::span<const NamedChoice<CollectiveAlgorithm>> collective_algorithm_choices() {
  static constexpr std::array<NamedChoice<CollectiveAlgorithm>, 6> kChoices{{
      {"automatic", CollectiveAlgorithm::automatic, "the fastest of those that apply, as NCCL's tuner picks"},
      {"ring", CollectiveAlgorithm::ring,
       "NCCL ring: n−1 steps per phase, each moving 1/n of the data; rings stay node-aware"},
      {"tree", CollectiveAlgorithm::tree,
       "NCCL double binary tree (all-reduce): log2 of the nodes in latency, about ring bandwidth"},
      {"hierarchical", CollectiveAlgorithm::hierarchical,
       "reduce-scatter inside the NVLink domain, the collective across domains on 1/m, all-gather inside"},
      {"in-network", CollectiveAlgorithm::in_network,
       "all-reduce in the switches: NVLink SHARP (NVLS) in the domain, InfiniBand SHARP across it"},
      {"direct", CollectiveAlgorithm::direct, "every rank sends straight to its peers (all-to-all, send/recv)"},
  }};
  return kChoices;
}

std::string_view to_string(Collective collective) {
  return name_in(collective_choices(), collective);
}
std::string_view to_string(CollectiveAlgorithm algorithm) {
  return name_in(collective_algorithm_choices(), algorithm);
}

}  // namespace gigasim
