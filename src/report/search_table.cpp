#include "report/search_table.hpp"

#include <algorithm>
#include <limits>

#include <fmt/format.h>

#include "perf/error_band.hpp"
#include "report/layout_text.hpp"
#include "spec/choices.hpp"
#include "util/number_format.hpp"

namespace gigasim {
namespace {

constexpr double kPercent = 100.0;
constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;

}  // namespace

std::string search_table(const SearchJob& job, const SearchResult& result) {
  const Job& base = job.base;
  std::size_t rejected = 0;
  for (const Rejections& entry : result.rejected) rejected += entry.count;
  std::string out = fmt::format("{} on {} × {} ({}, {}): {} layouts, {} estimated, {} rejected\n\n", base.model.name,
                                with_commas(base.cluster.gpus), base.cluster.gpu.name, base.cluster.node.name,
                                base.cluster.fabric.name, with_commas(double(result.candidates)),
                                with_commas(double(result.evaluated)), with_commas(double(rejected)));
  if (result.best.empty()) {
    out += "No layout fits: every candidate was rejected (reasons below).\n";
  } else {
    out +=
        fmt::format("{:>3} {:>3} {:>3} {:>3} {:>3} {:>3} {:>6} {:>4} {:>5} {:<10} {:>10} {:>12} {:>6} {:>10} {:>10}\n",
                    "#", "tp", "pp", "vpp", "cp", "ep", "dp", "ZeRO", "micro", "recompute", "step", "tokens/s/GPU",
                    "MFU", "memory GiB", "slow end");
    int rank = 0;
    bool any_wide_tp = false;
    bool outside = false;
    for (const RankedLayout& layout : result.best) {
      const Parallelism& p = layout.job.parallelism;
      const StepEstimate& e = layout.estimate;
      any_wide_tp = any_wide_tp || layout.tp_leaves_nvlink;
      const ErrorBand band = error_band(layout.job, e.step_time, builtin_validation_residuals());
      outside = outside || !band.outside.empty();
      out += fmt::format(
          "{:>3} {:>3} {:>3} {:>3} {:>3} {:>3} {:>6} {:>4} {:>5} {:<10} {:>10} {:>12} {:>5.1f}% {:>10.1f} {:>10}{}{}\n",
          ++rank, p.tp, p.pp, p.vpp, p.cp, p.ep, with_commas(p.dp), p.zero, p.micro_batch, to_string(p.recompute),
          duration_text(e.step_time.value()), with_commas(e.tokens_per_s / base.cluster.gpus), e.mfu * kPercent,
          e.memory.per_gpu.total().value() / kGiB, duration_text(band.step_time_high.value()),
          band.outside.empty() ? "" : "  !", layout.tp_leaves_nvlink ? "  *" : "");
    }
    out +=
        "  slow end: the step if the model errs as on the slowest tenth of the published runs most like the layout\n";
    if (outside) out += "  ! outside every validated run (gigasim estimate on the layout says how)\n";
    if (any_wide_tp)
      out += "  * tensor parallelism wider than the NVLink domain: its traffic crosses the scale-out fabric\n";
  }
  if (!result.rejected.empty()) {
    out += "\nRejected, by the field at fault (the first such layout as an example)\n";
    for (const Rejections& entry : result.rejected)
      out += fmt::format("  {:<13} {:>10}  {}\n", entry.reason, with_commas(double(entry.count)), entry.example);
  }
  return out;
}

std::string sizing_table(const SearchJob& job, const SizingResult& sizing, double deadline_days) {
  const Job& base = job.base;
  const int per_node = std::max(1, base.cluster.node.gpus_per_node);
  const std::string tokens = base.training.tokens ? with_suffix(*base.training.tokens) + " tokens"
                                                  : power_of_ten(base.training.flops.value_or(0.0)) + " FLOP";
  std::string out;
  if (sizing.answer) {
    const SizingPoint& answer = sizing.curve[*sizing.answer];
    out += fmt::format("{} in {:g} days: {} GPUs ({} nodes of {} × {}) is the fewest that meets it, in {:.1f} days\n\n",
                       tokens, deadline_days, with_commas(answer.gpus), with_commas(double(answer.gpus) / per_node),
                       per_node, base.cluster.gpu.name, answer.days());
  } else {
    out += fmt::format("{} in {:g} days: no cluster size tried meets it (see the curve)\n\n", tokens, deadline_days);
  }
  out += fmt::format("{:>9} {:>7} {:>9} {:>6} {:>12}  {}\n", "GPUs", "nodes", "days", "MFU", "tokens/s/GPU",
                     "best layout");
  double fastest_days = std::numeric_limits<double>::infinity();
  int fastest_gpus = 0;
  for (std::size_t i = 0; i < sizing.curve.size(); ++i) {
    const SizingPoint& point = sizing.curve[i];
    const std::string gpus = with_commas(point.gpus);
    const std::string nodes = with_commas(double(point.gpus) / per_node);
    if (!point.best) {
      out += fmt::format("{:>9} {:>7} {:>9} {:>6} {:>12}  no feasible layout\n", gpus, nodes, "-", "-", "-");
      continue;
    }
    const Parallelism& p = point.best->job.parallelism;
    const StepEstimate& e = point.best->estimate;
    const std::string layout = compact_layout(p) + fmt::format(" dp{}", p.dp);
    const bool answer = sizing.answer && *sizing.answer == i;
    // More GPUs slower than fewer: the count's factors allow only a worse layout (gigasim plan says
    // which part of the step grew).
    const std::string slower =
        point.days() > fastest_days
            ? fmt::format("  <- slower than {} GPUs: its factors allow no better layout", with_commas(fastest_gpus))
            : "";
    if (point.days() < fastest_days) {
      fastest_days = point.days();
      fastest_gpus = point.gpus;
    }
    out += fmt::format("{:>9} {:>7} {:>9.1f} {:>5.1f}% {:>12}  {}{}{}\n", gpus, nodes, point.days(), e.mfu * kPercent,
                       with_commas(e.tokens_per_s / point.gpus), layout, answer ? "  <- fewest in time" : "", slower);
  }
  return out;
}

}  // namespace gigasim
