// The event engine: actions in time order, ties in scheduling order, models advanced together.
#include "sim/engine.hpp"

#include <atomic>
#include <cmath>
#include <functional>
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

namespace gigasim {
namespace {

TEST(Engine, ActionsRunInTimeOrderAndTiesInSchedulingOrder) {
  Engine engine;
  std::string order;
  engine.at(30, [&] { order += "c"; });
  engine.at(10, [&] { order += "a"; });
  engine.at(30, [&] { order += "d"; });
  engine.at(20, [&] {
    order += "b";
    engine.after(0, [&] { order += "B"; });  // same tick: runs in this round, after b
  });
  EXPECT_EQ(engine.run(), 30);
  EXPECT_EQ(order, "abBcd");
}

// A model that needs `remaining` ticks of work and reports when it finishes.
class Countdown final : public SimModel {
 public:
  explicit Countdown(Ticks work) : remaining_(work) {}
  [[nodiscard]] std::optional<Ticks> next_event_in() const override {
    if (remaining_ == 0) return std::nullopt;
    return remaining_;
  }
  void advance(Ticks elapsed) override {
    remaining_ -= elapsed;
    ++advances_;
  }
  [[nodiscard]] int advances() const { return advances_; }

 private:
  Ticks remaining_;
  int advances_ = 0;
};

TEST(Engine, StopsWhenModelsAndActionsAreDone) {
  // A 100-tick model and an action at 40: the engine stops at 40 (action) and at 100 (model), and
  // the model is advanced by 40 and then by 60.
  Engine engine;
  Countdown model(100);
  engine.add_model(model);
  Ticks action_at = -1;
  engine.at(40, [&] { action_at = engine.now(); });
  EXPECT_EQ(engine.run(), 100);
  EXPECT_EQ(action_at, 40);
  EXPECT_EQ(model.advances(), 2);
}

TEST(Engine, NothingToDoEndsAtZero) {
  Engine engine;
  EXPECT_EQ(engine.run(), 0);
}

TEST(Engine, StopsWhenItsLimitIsReached) {
  // An action that schedules itself one tick later, for ever: round k runs tick k − 1, and the
  // limit is checked at the start of every 64th round (kRoundsPerLimitCheck), so the raised flag
  // stops the run after rounds 1 to 63, at tick 62.
  Engine engine;
  std::function<void()> again = [&] { engine.after(1, again); };
  engine.at(0, again);
  const std::atomic<bool> cancelled{true};
  EXPECT_EQ(engine.run(WorkLimit{std::nullopt, &cancelled}), 62);
  EXPECT_TRUE(engine.cut_off());
}

TEST(Ticks, DurationsPastTheClocksReachThrowInsteadOfOverflowing) {
  // 2^62 ns = 4.61e18 ns = 146 years: 1e10 s (317 years) is past it; NaN is no duration.
  EXPECT_EQ(ticks_after(Seconds(1.5e-9)), 2);  // rounded up
  EXPECT_THROW((void)ticks_after(Seconds(1e10)), std::overflow_error);
  EXPECT_THROW((void)ticks_after(Seconds(std::nan(""))), std::overflow_error);
  Engine engine;
  EXPECT_THROW(engine.at(kMostTicks, [] {}), std::overflow_error);
}

}  // namespace
}  // namespace gigasim
