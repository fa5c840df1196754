#include "report/validation_report.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>

namespace gigasim {
namespace {

constexpr double kPercent = 100.0;
constexpr double kManyGpus = 1000.0;  // "at scale", as the issue groups runs

// Every feature job_features can name, in the order the report lists them.
constexpr std::array<const char*, 13> kFeatureOrder{
    "dense",  "moe",         "16-bit", "fp8",    "tensor parallel", "pipeline", "context parallel",
    "ZeRO-3", "1,000+ GPUs", "volta",  "ampere", "hopper",          "blackwell"};

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

// The errors of one group's rows, summarised once all rows are in.
struct GroupErrors {
  std::string name;
  std::vector<double> errors;  // relative errors of the predicted rows
  std::vector<double> speeds;  // their speed errors
  int unpredicted = 0;
};

GroupErrors& group_named(std::vector<GroupErrors>& groups, const std::string& name) {
  for (GroupErrors& existing : groups)
    if (existing.name == name) return existing;
  groups.push_back(GroupErrors{name, {}, {}, 0});
  return groups.back();
}

void add(std::vector<GroupErrors>& groups, const std::string& name, const Comparison& row) {
  GroupErrors& group = group_named(groups, name);
  const std::optional<double> error = relative_error(row);
  if (!error) {
    ++group.unpredicted;
    return;
  }
  group.errors.push_back(*error);
  group.speeds.push_back(*speed_error(row));
}

GroupSummary summary_of(const GroupErrors& group, double threshold) {
  GroupSummary summary{group.name};
  summary.rows = static_cast<int>(group.errors.size());
  summary.unpredicted = group.unpredicted;
  if (summary.rows == 0) return summary;
  double absolute = 0;
  double signed_speed = 0;
  for (std::size_t i = 0; i < group.errors.size(); ++i) {
    absolute += std::fabs(group.errors[i]);
    signed_speed += group.speeds[i];
    if (std::fabs(group.errors[i]) > threshold) ++summary.over_threshold;
    if (group.speeds[i] > 0.0) ++summary.faster;
  }
  summary.mape = absolute / summary.rows;
  summary.mean_speed_error = signed_speed / summary.rows;
  summary.median_speed_error = median(group.speeds);
  return summary;
}

std::vector<GroupSummary> summaries_of(const std::vector<GroupErrors>& groups, double threshold) {
  std::vector<GroupSummary> out;
  out.reserve(groups.size());
  for (const GroupErrors& group : groups) out.push_back(summary_of(group, threshold));
  return out;
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

double median(std::vector<double> values) {
  if (values.empty()) return 0.0;
  const std::size_t middle = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(middle), values.end());
  const double upper = values[middle];
  if (values.size() % 2 == 1) return upper;
  const double lower = *std::max_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(middle));
  return (lower + upper) / 2.0;
}

double speed_error(CompareKey key, double relative_error) {
  if (key == CompareKey::step_time_s) return 1.0 / (1.0 + relative_error) - 1.0;
  return relative_error;
}

std::optional<double> speed_error(const Comparison& row) {
  const std::optional<double> error = relative_error(row);
  if (!error) return std::nullopt;
  return speed_error(row.key, *error);
}

std::vector<std::string> job_features(const Job& job) {
  const Parallelism& p = job.parallelism;
  std::vector<std::string> features;
  features.emplace_back(job.model.moe ? "moe" : "dense");
  features.emplace_back(p.precision == Precision::fp8 ? "fp8" : "16-bit");
  if (p.tp > 1) features.emplace_back("tensor parallel");
  if (p.pp > 1) features.emplace_back("pipeline");
  if (p.cp > 1) features.emplace_back("context parallel");
  if (p.zero == 3) features.emplace_back("ZeRO-3");
  if (job.cluster.gpus >= kManyGpus) features.emplace_back("1,000+ GPUs");
  for (const char* architecture : kFeatureOrder)
    if (job.cluster.gpu.architecture == architecture) features.emplace_back(architecture);
  return features;
}

ValidationSummary summarize(const std::vector<Comparison>& rows, double threshold) {
  std::vector<GroupErrors> metrics;
  std::vector<GroupErrors> sources;
  std::vector<GroupErrors> features;
  std::vector<GroupErrors> overall;
  for (const Comparison& row : rows) {
    add(metrics, row.metric, row);
    add(sources, row.source, row);
    for (const std::string& feature : row.features) add(features, feature, row);
    add(overall, "all", row);
  }
  // Features in one fixed order (job_features'), whatever row came first.
  std::vector<GroupErrors> ordered;
  for (const char* name : kFeatureOrder)
    for (GroupErrors& group : features)
      if (group.name == name) ordered.push_back(std::move(group));
  ValidationSummary summary;
  summary.threshold = threshold;
  summary.by_metric = summaries_of(metrics, threshold);
  summary.by_source = summaries_of(sources, threshold);
  summary.by_feature = summaries_of(ordered, threshold);
  summary.overall = overall.empty() ? GroupSummary{"all"} : summary_of(overall.front(), threshold);
  return summary;
}

}  // namespace gigasim
