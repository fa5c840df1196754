#include "sim/engine.hpp"

#include <algorithm>
#include <cassert>
#include <stdexcept>

namespace gigasim {

void Engine::at(Ticks when, Action action) {
  assert(when >= now_);
  if (when >= kMostTicks) throw std::overflow_error("simulated time beyond the event clock's 146 years");
  actions_.push({when, scheduled_++, std::move(action)});
}

Ticks Engine::run(const WorkLimit& limit, const std::function<void(Ticks now)>& progress) {
  for (std::uint64_t round = 1;; ++round) {
    if (round % kRoundsPerLimitCheck == 0) {
      if (limit.reached()) {
        cut_off_ = true;
        return now_;
      }
      if (progress) progress(now_);
    }
    std::optional<Ticks> step;
    if (!actions_.empty()) step = actions_.top().when - now_;
    for (const SimModel* model : models_)
      if (const std::optional<Ticks> next = model->next_event_in()) step = step ? std::min(*step, *next) : *next;
    if (!step) return now_;
    now_ += *step;
    for (SimModel* model : models_) model->advance(*step);
    // Actions may schedule more at this same tick; they run in this round too.
    while (!actions_.empty() && actions_.top().when == now_) {
      Action action = actions_.top().action;
      actions_.pop();
      action();
    }
  }
}

}  // namespace gigasim
