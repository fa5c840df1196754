#pragma once
// Predictions against published runs (`gigasim validate`): which estimate key a published metric is
// compared with, the signed error of each row, and the mean absolute percentage error (MAPE) and the
// signed speed bias of the rows grouped by metric, by source and by feature of the job (MoE, FP8,
// context parallelism, …). Pure arithmetic; files are read in app/.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "perf/step_estimate.hpp"
#include "spec/job.hpp"

namespace gigasim {

// The estimate key a published figure is compared with (INTERFACE.md §2 names, plus
// tokens_per_s_per_gpu = tokens_per_s / gpus).
enum class CompareKey {
  step_time_s,
  tokens_per_s,
  tokens_per_s_per_gpu,
  model_tflops_per_gpu,
  model_tflops_per_gpu_causal,
  hardware_tflops_per_gpu,
  mfu,
  hfu,
};

std::string_view to_string(CompareKey key);
std::optional<CompareKey> compare_key_from_string(std::string_view text);
std::vector<std::string> compare_key_names();  // every key, for messages and "did you mean"

// The units a published figure may carry for a key, as the calibration file writes them: "s",
// "tokens/s", "tokens/s/GPU", "TFLOP/s/GPU", "%" (MFU and HFU).
std::string_view published_unit(CompareKey key);

// How many of the key's own units one published unit is (0.01 for a percentage compared with a
// fraction), or nothing when the unit does not belong to the key.
std::optional<double> key_units_per_published_unit(CompareKey key, std::string_view unit);

// The estimate's value for a key, in the key's own unit (seconds, tokens/s, TFLOP/s, fraction).
double predicted_value(CompareKey key, const Job& job, const StepEstimate& estimate);

// One published figure beside its prediction, both in the published unit. `predicted` is empty
// when the estimate gives no finite number (e.g. a zero step time).
struct Comparison {
  std::string id;
  std::string job;  // the job file, as the index names it
  std::string metric;
  std::string source;
  std::string unit;
  CompareKey key = CompareKey::step_time_s;
  std::optional<double> predicted;
  double published = 0;
  std::vector<std::string> features;  // job_features of the row's job: the groups it is also counted in
};

// (predicted − published) / published: +0.25 is 25% too high.
double relative_error(double predicted, double published);
std::optional<double> relative_error(const Comparison& row);

// How much faster the prediction runs than the published run, whatever the metric: predicted speed
// over published speed − 1, so +0.15 is "predicted 15% fast" (optimistic) and −0.10 "10% slow".
// For a step time the speed is its inverse; every other key is a speed already.
double speed_error(CompareKey key, double relative_error);
std::optional<double> speed_error(const Comparison& row);

// The middle value (the mean of the middle two of an even count); 0 for none.
double median(std::vector<double> values);

// What a job is, for grouping rows: "dense" or "moe"; "fp8" or "16-bit"; "pipeline" (pp > 1);
// "context parallel" (cp > 1); "tensor parallel" (tp > 1); "ZeRO-3"; "1,000+ GPUs"; and the GPU's
// architecture ("ampere", "hopper", "blackwell", …). A row counts in each of its features' groups.
std::vector<std::string> job_features(const Job& job);

// Rows of one metric, one source, one feature, or all of them.
struct GroupSummary {
  std::string name;
  int rows = 0;                   // rows with a prediction
  int unpredicted = 0;            // rows without one, left out of the MAPE
  double mape = 0;                // mean |relative error| of the predicted rows (a fraction)
  int over_threshold = 0;         // predicted rows with |relative error| above the threshold
  double median_speed_error = 0;  // the signed bias: the median speed_error (+ = predicted fast)
  double mean_speed_error = 0;
  int faster = 0;  // predicted rows with speed_error > 0
};

struct ValidationSummary {
  double threshold = 0;                 // the |relative error| counted as "off"
  std::vector<GroupSummary> by_metric;  // in order of first appearance
  std::vector<GroupSummary> by_source;
  std::vector<GroupSummary> by_feature;  // in job_features' order
  GroupSummary overall;
};

// The share of runs off by more than this is reported (issue 3: "off by more than 35%").
inline constexpr double kOffThreshold = 0.35;

ValidationSummary summarize(const std::vector<Comparison>& rows, double threshold = kOffThreshold);

}  // namespace gigasim
