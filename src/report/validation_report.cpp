#include "report/validation_report.hpp"

#include <array>
#include <cmath>
#include <utility>

namespace gigasim {
namespace {

constexpr double kPercent = 100.0;

struct KeyInfo {
  CompareKey key;
  std::string_view name;
  std::string_view unit;      // as the calibration file writes it
  double key_units_per_unit;  // the published unit in the key's own unit
};

constexpr std::array<KeyInfo, 8> kKeys{{
    {CompareKey::step_time_s, "step_time_s", "s", 1.0},
    {CompareKey::tokens_per_s, "tokens_per_s", "tokens/s", 1.0},
    {CompareKey::tokens_per_s_per_gpu, "tokens_per_s_per_gpu", "tokens/s/GPU", 1.0},
    {CompareKey::model_tflops_per_gpu, "model_tflops_per_gpu", "TFLOP/s/GPU", 1.0},
    {CompareKey::model_tflops_per_gpu_causal, "model_tflops_per_gpu_causal", "TFLOP/s/GPU", 1.0},
    {CompareKey::hardware_tflops_per_gpu, "hardware_tflops_per_gpu", "TFLOP/s/GPU", 1.0},
    {CompareKey::mfu, "mfu", "%", 1.0 / kPercent},
    {CompareKey::hfu, "hfu", "%", 1.0 / kPercent},
}};

const KeyInfo& info(CompareKey key) {
  for (const KeyInfo& entry : kKeys)
    if (entry.key == key) return entry;
  return kKeys.front();
}

// Adds one row's error to a group, creating the group on first sight.
void tally(std::vector<GroupSummary>& groups, const std::string& name, const std::optional<double>& error,
           double threshold) {
  GroupSummary* group = nullptr;
  for (GroupSummary& existing : groups)
    if (existing.name == name) group = &existing;
  if (group == nullptr) {
    groups.push_back(GroupSummary{name});
    group = &groups.back();
  }
  if (!error) {
    ++group->unpredicted;
    return;
  }
  // Running mean of |error| over the predicted rows.
  ++group->rows;
  group->mape += (std::fabs(*error) - group->mape) / group->rows;
  if (std::fabs(*error) > threshold) ++group->over_threshold;
}

}  // namespace

std::string_view to_string(CompareKey key) {
  return info(key).name;
}

std::optional<CompareKey> compare_key_from_string(std::string_view text) {
  for (const KeyInfo& entry : kKeys)
    if (entry.name == text) return entry.key;
  return std::nullopt;
}

std::vector<std::string> compare_key_names() {
  std::vector<std::string> names;
  names.reserve(kKeys.size());
  for (const KeyInfo& entry : kKeys) names.emplace_back(entry.name);
  return names;
}

std::string_view published_unit(CompareKey key) {
  return info(key).unit;
}

std::optional<double> key_units_per_published_unit(CompareKey key, std::string_view unit) {
  const KeyInfo& entry = info(key);
  if (unit != entry.unit) return std::nullopt;
  return entry.key_units_per_unit;
}

double predicted_value(CompareKey key, const Job& job, const StepEstimate& estimate) {
  switch (key) {
    case CompareKey::step_time_s: return estimate.step_time.value();
    case CompareKey::tokens_per_s: return estimate.tokens_per_s;
    case CompareKey::tokens_per_s_per_gpu: return estimate.tokens_per_s / job.cluster.gpus;
    case CompareKey::model_tflops_per_gpu: return to_tflops(estimate.model_flops_per_gpu);
    case CompareKey::model_tflops_per_gpu_causal: return to_tflops(estimate.model_flops_per_gpu_causal);
    case CompareKey::hardware_tflops_per_gpu: return to_tflops(estimate.hardware_flops_per_gpu);
    case CompareKey::mfu: return estimate.mfu;
    case CompareKey::hfu: return estimate.hfu;
  }
  return 0.0;
}

double relative_error(double predicted, double published) {
  return (predicted - published) / published;
}

std::optional<double> relative_error(const Comparison& row) {
  if (!row.predicted || row.published == 0.0) return std::nullopt;
  return relative_error(*row.predicted, row.published);
}

ValidationSummary summarize(const std::vector<Comparison>& rows, double threshold) {
  ValidationSummary summary;
  summary.threshold = threshold;
  summary.overall.name = "all";
  std::vector<GroupSummary> overall;
  for (const Comparison& row : rows) {
    const std::optional<double> error = relative_error(row);
    tally(summary.by_metric, row.metric, error, threshold);
    tally(summary.by_source, row.source, error, threshold);
    tally(overall, summary.overall.name, error, threshold);
  }
  if (!overall.empty()) summary.overall = std::move(overall.front());
  return summary;
}

}  // namespace gigasim
