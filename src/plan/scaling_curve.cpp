#include "plan/scaling_curve.hpp"

#include <algorithm>
#include <array>
#include <numeric>
#include <optional>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "util/number_format.hpp"

namespace gigasim {

namespace {

constexpr double kPercent = 100.0;

std::string layout_words(const Parallelism& p) {
  return fmt::format("tp {} · pp {}{} · cp {} · dp {}{}", p.tp, p.pp, p.vpp > 1 ? fmt::format(" × vpp {}", p.vpp) : "",
                     p.cp, with_commas(p.dp), p.micro_batch > 1 ? fmt::format(" · micro-batch {}", p.micro_batch) : "");
}

}  // namespace

// More GPUs should never train slower, yet a count whose factors split the batch or the model
// badly can: each point slower than a smaller size on the curve says so, with the layout its count
// allows against the faster one's and the part of the step whose share grew the most.
void explain_the_curve(std::vector<ScalingPoint>& curve) {
  std::sort(curve.begin(), curve.end(), [](const ScalingPoint& a, const ScalingPoint& b) { return a.gpus < b.gpus; });
  std::optional<std::size_t> fastest;
  for (std::size_t i = 0; i < curve.size(); ++i) {
    ScalingPoint& point = curve[i];
    if (fastest && point.days > curve[*fastest].days) {
      const ScalingPoint& faster = curve[*fastest];
      // The days each part of the step accounts for (its share of the step times the days).
      const auto days_by_part = [](const ScalingPoint& at) {
        const StepBreakdown& b = at.breakdown;
        const double per_second = at.days / b.total().value();
        return std::array<std::pair<const char*, double>, 8>{
            {{"compute", b.compute.value() * per_second},
             {"tensor-parallel collectives", b.tp_comm.value() * per_second},
             {"the context-parallel exchange", b.cp_comm.value() * per_second},
             {"expert all-to-alls", b.ep_comm.value() * per_second},
             {"pipeline sends", b.pp_comm.value() * per_second},
             {"the pipeline bubble", b.pp_bubble.value() * per_second},
             {"data-parallel syncs", b.dp_comm.value() * per_second},
             {"the optimizer", b.optimizer.value() * per_second}}};
      };
      const auto mine = days_by_part(point);
      const auto theirs = days_by_part(faster);
      std::size_t grew = 0;
      for (std::size_t part = 1; part < mine.size(); ++part)
        if (mine[part].second - theirs[part].second > mine[grew].second - theirs[grew].second) grew = part;
      // Layers dealt unevenly to stages: the slowest stage sets the pace.
      const Parallelism& p = point.layout;
      std::string uneven;
      if (!p.stage_layers.empty()) {
        const int layers = std::accumulate(p.stage_layers.begin(), p.stage_layers.end(), 0);
        const int most = *std::max_element(p.stage_layers.begin(), p.stage_layers.end());
        const double mean = double(layers) / p.pp;
        constexpr double kUneven = 1.05;  // a display threshold (ours): 5% above the mean is worth naming
        if (most > kUneven * mean)
          uneven = fmt::format("; its {} stages hold up to {} of the {} layers ({:.1f} on average)", p.pp, most, layers,
                               mean);
      }
      point.slower_than_gpus = faster.gpus;
      point.why_slower = fmt::format(
          "slower than {} GPUs ({:.1f} days): the GPU count must split over tp·pp·cp·dp and the {}-sequence batch "
          "over dp, and its best layout is {} against {}; the part grown most is {}: {:.1f} days against {:.1f}{}",
          with_commas(faster.gpus), faster.days, with_commas(p.global_batch), layout_words(p),
          layout_words(faster.layout), mine[grew].first, mine[grew].second, theirs[grew].second, uneven);
      continue;
    }
    if (!fastest || point.days < curve[*fastest].days) fastest = i;
  }
}

}  // namespace gigasim
