#include "report/run_report.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "report/estimate_json.hpp"
#include "util/number_format.hpp"

namespace gigasim {
namespace {

using nlohmann::json;

constexpr double kPercent = 100.0;
constexpr double kSecondsPerMinute = 60;

json summary(const Summary& s) {
  return {{"mean", s.mean}, {"p10", s.p10}, {"p50", s.p50}, {"p90", s.p90}};
}

}  // namespace

json run_json(const RunReport& r) {
  const double interval_min = r.setup.checkpoint.interval.value() / kSecondsPerMinute;
  json by_cause = json::object();
  for (const auto& [cause, mean] : r.runs.by_cause) by_cause[cause] = mean;
  return {{"job", job_json(*r.job)},
          {"failure_free_days", r.failure_free_days},
          {"window", r.window},
          {"trials", r.runs.trials},
          {"seed", r.seed},
          {"mtti_hours", summary(r.runs.mtti_hours)},
          {"checkpoint_interval_min", summary(Summary{interval_min, interval_min, interval_min, interval_min})},
          {"interruptions", summary(r.runs.interruptions)},
          {"wall_days", summary(r.runs.wall_days)},
          {"goodput", r.runs.goodput.mean},
          {"goodput_distribution", summary(r.runs.goodput)},
          {"by_cause", by_cause},
          {"checkpoint",
           {{"bytes", r.setup.checkpoint.bytes.value()},
            {"write_s", r.setup.checkpoint.write.value()},
            {"restore_s", r.setup.checkpoint.restore.value()},
            {"restart_s", r.setup.checkpoint.restart.value()},
            {"young_interval_min", r.setup.checkpoint.young.value() / kSecondsPerMinute},
            {"reason", r.setup.checkpoint.reason}}},
          {"spares", r.setup.inputs.spares},
          {"spare_wait_days", r.runs.spare_wait_days},
          {"model_mtti_hours", r.setup.interruptions.mtti_hours()},
          {"expected",
           {{"method", "Daly 2006 closed form"},
            {"wall_days", r.expected.wall_days},
            {"interruptions", r.expected.interruptions},
            {"goodput", r.expected.goodput}}}};
}

std::string run_table(const RunReport& r) {
  const Job& job = *r.job;
  std::string out = fmt::format("{} on {} × {}: {} with failures, {} trials (seed {})\n\n", job.model.name,
                                with_commas(job.cluster.gpus), job.cluster.gpu.name,
                                r.window ? fmt::format("a {:g}-day window", r.failure_free_days)
                                         : fmt::format("{:.1f} days of training", r.failure_free_days),
                                with_commas(r.runs.trials), r.seed);
  const auto row = [&](const char* name, const Summary& s, const char* unit, int decimals) {
    out += fmt::format("  {:<16} {:>10.{}f} {:>10.{}f} {:>10.{}f} {:>10.{}f}  {}\n", name, s.mean, decimals, s.p10,
                       decimals, s.p50, decimals, s.p90, decimals, unit);
  };
  out += fmt::format("  {:<16} {:>10} {:>10} {:>10} {:>10}\n", "", "mean", "p10", "p50", "p90");
  row("wall time", r.runs.wall_days, "days", 1);
  row("interruptions", r.runs.interruptions, "", 0);
  row("MTTI", r.runs.mtti_hours, "hours", 2);
  Summary goodput = r.runs.goodput;
  goodput.mean *= kPercent;
  goodput.p10 *= kPercent;
  goodput.p50 *= kPercent;
  goodput.p90 *= kPercent;
  row("goodput", goodput, "% of the wall time training", 1);
  out += fmt::format("\n  closed form (Daly 2006): {:.1f} days, {:.0f} interruptions, goodput {:.1f}%\n",
                     r.expected.wall_days, r.expected.interruptions, r.expected.goodput * kPercent);
  const CheckpointPlan& c = r.setup.checkpoint;
  out += fmt::format("  checkpoint: {}B, {:.1f} s to write, every {:.1f} min (Young: {:.1f} min); {}\n",
                     with_suffix(c.bytes.value()), c.write.value(), c.interval.value() / kSecondsPerMinute,
                     c.young.value() / kSecondsPerMinute, c.reason);
  out += fmt::format(
      "  restart: {:.1f} min (restore {:.1f} s + detection, rescheduling, NCCL init); {} hot spares, "
      "{:.2f} days waiting for one on average\n",
      c.restart.value() / kSecondsPerMinute, c.restore.value(), r.setup.inputs.spares, r.runs.spare_wait_days);
  out += "\n  interruptions by cause (mean per run)\n";
  for (const auto& [cause, mean] : r.runs.by_cause)
    if (mean >= 0.05) out += fmt::format("    {:<24} {:>8.1f}\n", cause, mean);
  return out;
}

}  // namespace gigasim
