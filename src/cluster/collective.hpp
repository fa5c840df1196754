#pragma once
// Time of one collective on a placed group, by an alpha-beta model per tier: each step pays the
// tier's latency, each byte its bus bandwidth (NCCL's busBW convention). Sizes follow NCCL:
// all-reduce and send/recv take the buffer per rank; all-gather the gathered (output) size;
// reduce-scatter the input size; all-to-all the bytes each rank sends in total.

#include <span>
#include <string_view>

#include "cluster/placement.hpp"
#include "cluster/topology.hpp"
#include "spec/choices.hpp"
#include "util/units.hpp"

namespace gigasim {

enum class Collective { all_reduce, reduce_scatter, all_gather, all_to_all, send_recv };
// `direct` is every rank sending straight to its peers: the only way all-to-all and send/recv run.
enum class CollectiveAlgorithm { automatic, ring, tree, hierarchical, in_network, direct };

std::span<const NamedChoice<Collective>> collective_choices();
std::span<const NamedChoice<CollectiveAlgorithm>> collective_algorithm_choices();
std::string_view to_string(Collective collective);
std::string_view to_string(CollectiveAlgorithm algorithm);

struct CollectiveCost {
  Seconds time;
  CollectiveAlgorithm algorithm = CollectiveAlgorithm::ring;  // the one chosen (the fastest when automatic)
  BytesPerSecond bus_bandwidth;                               // NCCL busBW of this run
};

// busBW = algBW × this: the share of the data a rank moves on its busiest link, 2(n−1)/n for
// all-reduce, (n−1)/n for reduce-scatter, all-gather and all-to-all, 1 for send/recv
// (nccl-tests doc/PERFORMANCE.md).
double bus_factor(Collective collective, int ranks);

// An algorithm that does not apply (tree or in-network for anything but all-reduce, in-network
// without the hardware, hierarchical on a group inside one NVLink domain, ring for all-to-all) is
// replaced by the automatic choice; `algorithm` in the result names what ran.
CollectiveCost collective_cost(Collective collective, Bytes bytes, const GroupPlacement& group,
                               const Topology& topology,
                               CollectiveAlgorithm algorithm = CollectiveAlgorithm::automatic);

}  // namespace gigasim
