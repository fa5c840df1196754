#pragma once
// Flows on links with max-min fair bandwidth sharing, the model SimGrid calls CM02 (Casanova &
// Marchal 2002; as refined in Velho & Legrand 2009, "Accuracy study and improvement of network
// simulation in the SimGrid framework"): every flow in progress gets a rate such that no link is
// over its capacity and no flow can go faster without slowing one that is no faster than it.
// The rates come from progressive filling: raise every unfrozen flow's rate together until some
// link saturates, freeze the flows crossing it, repeat. Rates change only when a flow starts or
// ends, so between those events each flow drains at a constant rate.
//
// Latency is not here: a caller that wants it starts the flow that much later (Engine::after).
//
// Symmetry: a flow may stand for several identical flows (peers doing the same thing at the same
// time elsewhere in the cluster). Its `multiplicity` on a link counts how many of them cross that
// link; there it consumes its rate that many times over, and the peers' own links, which mirror
// this flow's, need no simulation.

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "sim/engine.hpp"
#include "util/units.hpp"

namespace gigasim {

using LinkId = std::uint32_t;

class FlowNetwork final : public SimModel {
 public:
  using Done = std::function<void()>;

  LinkId add_link(BytesPerSecond capacity);
  // Starts `bytes` over the links of `route` now; `done` runs when the last byte arrives. A flow
  // with an empty route or no bytes completes at once (at the next engine round).
  void start_flow(std::span<const LinkId> route, Bytes bytes, Done done);
  // The same for a flow that stands for `multiplicity[i]` (≥ 1) identical flows on `route[i]` (> 0; a share of one
  // flow when the peers it stands for are only partly busy).
  void start_flow(std::span<const LinkId> route, std::span<const double> multiplicity, Bytes bytes, Done done);
  // The same without copying `route` and `multiplicity`: the caller keeps them, unchanged, until
  // the flow has arrived (flow templates started many times over).
  void start_borrowed_flow(std::span<const LinkId> route, std::span<const double> multiplicity, Bytes bytes, Done done);

  [[nodiscard]] std::optional<Ticks> next_event_in() const override;
  void advance(Ticks elapsed) override;

  // Bytes that have crossed each link so far, for utilisation.
  [[nodiscard]] Bytes carried(LinkId link) const { return Bytes(carried_[link]); }
  [[nodiscard]] BytesPerSecond capacity(LinkId link) const { return BytesPerSecond(capacity_[link]); }
  // A link's new capacity (> 0), e.g. some of its physical links down.
  void set_capacity(LinkId link, BytesPerSecond capacity);
  [[nodiscard]] std::size_t links() const { return capacity_.size(); }
  [[nodiscard]] std::size_t flows_in_flight() const { return flows_.size(); }
  // The current rate of every flow in progress, in start order (for tests and traces).
  [[nodiscard]] std::vector<BytesPerSecond> rates() const;
  // Adds, for every flow hop, its rate × multiplicity to `sum[group[link]]` (traces: throughput by tier).
  void add_rates_by_group(std::span<const std::uint8_t> group, std::span<double> sum) const;

 private:
  struct Flow {
    std::span<const LinkId> route;
    std::span<const double> multiplicity;  // by hop of `route`; empty when every hop is 1
    std::vector<LinkId> owned_route;       // what `route` views when the flow holds its own copy
    std::vector<double> owned_multiplicity;
    double remaining_bytes = 0;
    Done done;
    [[nodiscard]] double weight(std::size_t hop) const { return multiplicity.empty() ? 1.0 : multiplicity[hop]; }
  };
  // Recomputes rates_ when flows have started or ended since the last call. The rates are a cache
  // of the flows' state, filled on demand so that n flows starting together cost one sharing.
  void share_bandwidth() const;

  std::vector<double> capacity_;  // bytes per second, by link
  std::vector<double> carried_;   // bytes, by link
  std::vector<Flow> flows_;
  mutable std::vector<double> rates_;  // bytes per second, by flow
  mutable bool rates_stale_ = false;
  // Scratch for share_bandwidth, kept to avoid allocating per event.
  mutable std::vector<double> spare_;
  mutable std::vector<double> unfrozen_on_link_;       // flows (times their multiplicity) still rising
  mutable std::vector<std::uint32_t> rising_on_link_;  // the same, counted once per flow
  mutable std::vector<LinkId> active_links_;           // links some flow crosses
  mutable std::vector<char> frozen_;
};

}  // namespace gigasim
