#pragma once
// The discrete-event engine. Two kinds of things move time forward: timed actions (a compute task
// that ends at a known tick) kept in a heap, and models whose next change depends on their state
// (flows sharing links) behind SimGrid's two-call contract: "time until your next event" and
// "advance by Δ". Each round the engine takes the nearest of the two, advances every model by
// that Δ, and runs the actions that fall due. Nothing is scheduled at a sentinel "infinite" time:
// a model with nothing in flight says so with an empty optional.

#include <functional>
#include <optional>
#include <queue>
#include <vector>

#include "sim/ticks.hpp"
#include "util/work_limit.hpp"

namespace gigasim {

class SimModel {
 public:
  SimModel() = default;
  SimModel(const SimModel&) = delete;
  SimModel& operator=(const SimModel&) = delete;
  SimModel(SimModel&&) = delete;
  SimModel& operator=(SimModel&&) = delete;
  virtual ~SimModel() = default;
  // Ticks until this model's state next changes by itself, or none when nothing is in flight.
  [[nodiscard]] virtual std::optional<Ticks> next_event_in() const = 0;
  // Moves the model forward by `elapsed` ticks, never past its next event, completing what ends.
  virtual void advance(Ticks elapsed) = 0;
};

class Engine {
 public:
  using Action = std::function<void()>;

  [[nodiscard]] Ticks now() const { return now_; }
  // Models are advanced in the order added; they must outlive run().
  void add_model(SimModel& model) { models_.push_back(&model); }
  // Runs `action` at tick `when` (≥ now). Actions due at the same tick run in the order scheduled.
  void at(Ticks when, Action action);
  void after(Ticks delay, Action action) { at(now_ + delay, std::move(action)); }
  // Runs until no action is pending and no model has anything in flight, or until `limit` is
  // reached (checked every kRoundsPerLimitCheck rounds; then cut_off()). Returns the final tick.
  // `progress`, when given, hears the simulated time as often as the limit is checked.
  Ticks run(const WorkLimit& limit = {}, const std::function<void(Ticks now)>& progress = {});
  [[nodiscard]] bool cut_off() const { return cut_off_; }

 private:
  struct Timed {
    Ticks when;
    std::uint64_t order;  // ties broken by scheduling order: reproducible
    Action action;
  };
  struct Later {
    bool operator()(const Timed& a, const Timed& b) const {
      return a.when != b.when ? a.when > b.when : a.order > b.order;
    }
  };
  // A round advances every flow in flight: at 100k GPUs it takes about a millisecond (every 4,096
  // rounds, `simulate --full` of the 100k-GPU gigafactory overran a 0.1 s limit by 5 s), at a few
  // GPUs well under a microsecond; a clock read every 64 costs little in either.
  static constexpr std::uint64_t kRoundsPerLimitCheck = 64;
  Ticks now_ = 0;
  bool cut_off_ = false;
  std::uint64_t scheduled_ = 0;
  std::priority_queue<Timed, std::vector<Timed>, Later> actions_;
  std::vector<SimModel*> models_;
};

}  // namespace gigasim
