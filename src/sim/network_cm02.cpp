#include "sim/network_cm02.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

namespace gigasim {
namespace {

// A flow whose remaining bytes fall below this has arrived (floating-point dust left by rate × time
// products and by rounding durations up to whole ticks).
constexpr double kArrivedBytes = 1e-6;
// A link whose spare capacity is below this share of its capacity is full.
constexpr double kSaturatedShare = 1e-12;

}  // namespace

LinkId FlowNetwork::add_link(BytesPerSecond capacity) {
  assert(capacity.value() > 0);
  capacity_.push_back(capacity.value());
  carried_.push_back(0.0);
  return static_cast<LinkId>(capacity_.size() - 1);
}

void FlowNetwork::set_capacity(LinkId link, BytesPerSecond capacity) {
  assert(capacity.value() > 0);
  capacity_[link] = capacity.value();
  rates_stale_ = true;
}

void FlowNetwork::start_flow(std::span<const LinkId> route, Bytes bytes, Done done) {
  start_flow(route, {}, bytes, std::move(done));
}

void FlowNetwork::start_flow(std::span<const LinkId> route, std::span<const double> multiplicity, Bytes bytes,
                             Done done) {
  assert(multiplicity.empty() || multiplicity.size() == route.size());
  Flow flow;
  flow.owned_route.assign(route.begin(), route.end());
  flow.owned_multiplicity.assign(multiplicity.begin(), multiplicity.end());
  flow.route = flow.owned_route;  // a moved vector keeps its buffer, so these views stay valid
  flow.multiplicity = flow.owned_multiplicity;
  flow.remaining_bytes = std::max(0.0, bytes.value());
  flow.done = std::move(done);
  flows_.push_back(std::move(flow));
  rates_stale_ = true;
}

void FlowNetwork::start_borrowed_flow(std::span<const LinkId> route, std::span<const double> multiplicity, Bytes bytes,
                                      Done done) {
  assert(multiplicity.empty() || multiplicity.size() == route.size());
  Flow flow;
  flow.route = route;
  flow.multiplicity = multiplicity;
  flow.remaining_bytes = std::max(0.0, bytes.value());
  flow.done = std::move(done);
  flows_.push_back(std::move(flow));
  rates_stale_ = true;
}

std::vector<BytesPerSecond> FlowNetwork::rates() const {
  share_bandwidth();
  std::vector<BytesPerSecond> out;
  out.reserve(rates_.size());
  for (const double rate : rates_) out.emplace_back(rate);
  return out;
}

void FlowNetwork::share_bandwidth() const {
  if (!rates_stale_) return;
  rates_stale_ = false;
  if (spare_.size() != capacity_.size()) {
    spare_.assign(capacity_.size(), 0.0);
    unfrozen_on_link_.assign(capacity_.size(), 0.0);
    rising_on_link_.assign(capacity_.size(), 0);
  }
  // Only the links some flow crosses take part: a large fabric has far more idle links than busy.
  active_links_.clear();
  frozen_.assign(flows_.size(), 0);
  rates_.assign(flows_.size(), 0.0);
  std::size_t unfrozen = 0;
  for (std::size_t f = 0; f < flows_.size(); ++f) {
    const Flow& flow = flows_[f];
    if (flow.route.empty()) {  // no link to share: it arrives at once
      frozen_[f] = 1;
      continue;
    }
    ++unfrozen;
    for (std::size_t hop = 0; hop < flow.route.size(); ++hop) {
      const LinkId link = flow.route[hop];
      if (rising_on_link_[link] == 0) {
        active_links_.push_back(link);
        spare_[link] = capacity_[link];
      }
      ++rising_on_link_[link];
      unfrozen_on_link_[link] += flow.weight(hop);
    }
  }
  while (unfrozen > 0) {
    // The share every unfrozen flow can still gain together: the tightest link decides.
    double raise = std::numeric_limits<double>::infinity();
    for (const LinkId link : active_links_)
      if (rising_on_link_[link] > 0) raise = std::min(raise, spare_[link] / unfrozen_on_link_[link]);
    for (std::size_t f = 0; f < flows_.size(); ++f) {
      if (frozen_[f] != 0) continue;
      rates_[f] += raise;
      const Flow& flow = flows_[f];
      for (std::size_t hop = 0; hop < flow.route.size(); ++hop) spare_[flow.route[hop]] -= raise * flow.weight(hop);
    }
    // Flows crossing a link that is now full can gain no more.
    for (std::size_t f = 0; f < flows_.size(); ++f) {
      if (frozen_[f] != 0) continue;
      const Flow& flow = flows_[f];
      const bool saturated = std::any_of(flow.route.begin(), flow.route.end(), [&](LinkId link) {
        return spare_[link] <= capacity_[link] * kSaturatedShare;
      });
      if (!saturated) continue;
      frozen_[f] = 1;
      --unfrozen;
      for (std::size_t hop = 0; hop < flow.route.size(); ++hop) {
        const LinkId link = flow.route[hop];
        unfrozen_on_link_[link] -= flow.weight(hop);
        --rising_on_link_[link];
      }
    }
  }
  // Leave the per-link scratch clean for the next sharing.
  for (const LinkId link : active_links_) {
    unfrozen_on_link_[link] = 0.0;
    rising_on_link_[link] = 0;
  }
}

void FlowNetwork::add_rates_by_group(std::span<const std::uint8_t> group, std::span<double> sum) const {
  share_bandwidth();
  for (std::size_t f = 0; f < flows_.size(); ++f) {
    const Flow& flow = flows_[f];
    for (std::size_t hop = 0; hop < flow.route.size(); ++hop)
      sum[group[flow.route[hop]]] += rates_[f] * flow.weight(hop);
  }
}

std::optional<Ticks> FlowNetwork::next_event_in() const {
  share_bandwidth();
  std::optional<Ticks> next;
  for (std::size_t f = 0; f < flows_.size(); ++f) {
    const Flow& flow = flows_[f];
    // A flow with no link (or nothing left) ends now; otherwise when its bytes drain at its rate.
    const Ticks in = rates_[f] <= 0 || flow.remaining_bytes <= kArrivedBytes
                         ? 0
                         : ticks_after(Seconds(flow.remaining_bytes / rates_[f]));
    next = next ? std::min(*next, in) : in;
  }
  return next;
}

void FlowNetwork::advance(Ticks elapsed) {
  share_bandwidth();
  const double seconds = seconds_of(elapsed).value();
  std::vector<Done> arrived;
  std::size_t kept = 0;
  for (std::size_t f = 0; f < flows_.size(); ++f) {
    Flow& flow = flows_[f];
    const double moved = std::min(flow.remaining_bytes, rates_[f] * seconds);
    flow.remaining_bytes -= moved;
    for (std::size_t hop = 0; hop < flow.route.size(); ++hop) carried_[flow.route[hop]] += moved * flow.weight(hop);
    if (flow.remaining_bytes <= kArrivedBytes || flow.route.empty()) {
      arrived.push_back(std::move(flow.done));
      continue;
    }
    if (kept != f) flows_[kept] = std::move(flow);
    ++kept;
  }
  if (arrived.empty()) return;
  flows_.resize(kept);
  rates_stale_ = true;
  // Callbacks run after the flows are settled: they may start new ones.
  for (Done& done : arrived)
    if (done) done();
}

}  // namespace gigasim
