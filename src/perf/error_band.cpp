#include "perf/error_band.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "spec/choices.hpp"
#include "util/number_format.hpp"

namespace gigasim {
namespace {

constexpr double kMoeWeight = 2.0;
constexpr double kAttributeWeight = 1.0;
constexpr double kLayoutWeight = 0.5;
constexpr double kPerDecadeOfGpus = 0.5;

// The q-quantile of sorted values, linear between neighbours.
double quantile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0.0;
  const double position = q * double(sorted.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(below + 1, sorted.size() - 1);
  const double weight = position - double(below);
  return sorted[below] * (1.0 - weight) + sorted[above] * weight;
}

// One validated limit the job goes past: the job's value above the largest any run had.
template <class Field>
void check_limit(const std::vector<ValidatedRun>& runs, double value, Field field, const char* name, const char* what,
                 std::vector<std::string>& outside) {
  double largest = 0;
  for (const ValidatedRun& run : runs) largest = std::max(largest, double(field(run)));
  if (value > largest)
    outside.push_back(
        fmt::format("{} {}: the largest validated {} is {}", name, with_commas(value), what, with_commas(largest)));
}

std::string fraction_text(double fraction) {
  return fmt::format("{:+.0f}%", 100.0 * fraction);
}

}  // namespace

double job_distance(const Job& job, const ValidatedRun& run) {
  const Parallelism& p = job.parallelism;
  double distance = 0;
  if (job.model.moe.has_value() != run.moe) distance += kMoeWeight;
  if (job.cluster.gpu.architecture != run.architecture) distance += kAttributeWeight;
  if ((p.precision == Precision::fp8) != run.fp8) distance += kAttributeWeight;
  if (to_string(job.training.framework) != run.framework) distance += kAttributeWeight;
  if ((p.cp > 1) != (run.cp > 1)) distance += kLayoutWeight;
  if ((p.pp > 1) != (run.pp > 1)) distance += kLayoutWeight;
  if ((p.zero == 3) != (run.zero == 3)) distance += kAttributeWeight;
  distance += kPerDecadeOfGpus * std::fabs(std::log10(double(job.cluster.gpus) / std::max(1, run.gpus)));
  return distance;
}

ErrorBand error_band(const Job& job, Seconds step_time, const std::vector<ValidatedRun>& runs) {
  ErrorBand band;
  band.step_time_low = band.step_time_high = step_time;
  if (runs.empty()) {
    band.basis = "no validated runs are built in";
    return band;
  }
  std::vector<std::pair<double, std::size_t>> nearest;
  nearest.reserve(runs.size());
  for (std::size_t i = 0; i < runs.size(); ++i) nearest.emplace_back(job_distance(job, runs[i]), i);
  const std::size_t count = std::min<std::size_t>(kErrorBandRuns, runs.size());
  std::partial_sort(nearest.begin(), nearest.begin() + static_cast<std::ptrdiff_t>(count), nearest.end());
  std::vector<double> errors;
  errors.reserve(count);
  for (std::size_t i = 0; i < count; ++i) errors.push_back(runs[nearest[i].second].speed_error);
  std::sort(errors.begin(), errors.end());
  band.runs = static_cast<int>(count);
  band.speed_error_low = quantile(errors, kErrorBandLowQuantile);
  band.speed_error_high = quantile(errors, kErrorBandHighQuantile);
  band.speed_error_median = quantile(errors, 0.5);
  band.step_time_low = step_time * (1.0 + band.speed_error_low);
  band.step_time_high = step_time * (1.0 + band.speed_error_high);
  band.basis = fmt::format(
      "the step model's speed error on the {} published runs most like this job (by MoE, GPU, precision, "
      "framework, ZeRO-3, pipeline, context parallelism and GPU count; nearest at distance {:.1f}, farthest {:.1f}): "
      "{} to {} (10th to 90th percentile), median {}",
      count, nearest.front().first, nearest[count - 1].first, fraction_text(band.speed_error_low),
      fraction_text(band.speed_error_high), fraction_text(band.speed_error_median));

  const Parallelism& p = job.parallelism;
  std::vector<std::string>& outside = band.outside;
  const bool architecture_seen = std::any_of(runs.begin(), runs.end(), [&](const ValidatedRun& run) {
    return run.architecture == job.cluster.gpu.architecture;
  });
  if (!architecture_seen)
    outside.push_back(fmt::format("GPU {} ({}): no published run on that architecture validates the model",
                                  job.cluster.gpu.name, job.cluster.gpu.architecture));
  check_limit(
      runs, job.cluster.gpus, [](const ValidatedRun& r) { return r.gpus; }, "GPUs", "job size", outside);
  check_limit(
      runs, p.dp, [](const ValidatedRun& r) { return r.dp; }, "dp", "data-parallel width", outside);
  check_limit(
      runs, p.tp, [](const ValidatedRun& r) { return r.tp; }, "tp", "tensor-parallel width", outside);
  check_limit(
      runs, p.pp, [](const ValidatedRun& r) { return r.pp; }, "pp", "pipeline depth", outside);
  check_limit(
      runs, p.cp, [](const ValidatedRun& r) { return r.cp; }, "cp", "context-parallel width", outside);
  check_limit(
      runs, p.ep, [](const ValidatedRun& r) { return r.ep; }, "ep", "expert-parallel width", outside);
  check_limit(
      runs, p.seq_len, [](const ValidatedRun& r) { return r.seq_len; }, "seq_len", "sequence length", outside);
  return band;
}

}  // namespace gigasim
