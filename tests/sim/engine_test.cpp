// The event engine: actions in time order, ties in scheduling order, models advanced together.
#include "sim/engine.hpp"

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

}  // namespace
}  // namespace gigasim
