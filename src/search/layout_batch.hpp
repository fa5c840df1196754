#pragma once
// Many variants of one job estimated at once (`gigasim.estimate_many`): the caller varies some
// fields row by row — GPUs, layout, batch, tokens — and gets one column per answer. Rows that
// break a rule of the layout keep their reason instead of an answer; the work is spread over
// threads and the result is the same for any thread count.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "spec/job.hpp"
#include "spec/precision.hpp"

namespace gigasim {

// One varied field and its value in each row: numbers, or names for recompute and precision.
struct FieldColumn {
  std::string field;  // one of batch_fields()
  std::vector<double> values;
  std::vector<std::string> names{};  // instead of values, for a field that takes names
};

// The fields a batch may vary: cluster.gpus, the layout's numbers and modes (recompute,
// precision), the batch, and training.tokens. dp is derived from the GPU count unless given; given
// dp without gpus sets the GPU count.
const std::vector<std::string_view>& batch_fields();

// Every problem with the columns themselves — an unknown field, lengths that differ, a value out
// of the job file's range or not whole, a name the field does not take, numbers for names or names
// for numbers — one line each ("tp[3]: 0 is out of range; use …").
std::vector<std::string> check_columns(const std::vector<FieldColumn>& columns);

// The answers, one entry per row (the estimate's keys and units, docs/job-file.md). A row the
// parser refuses has NaN for every number, fits false and dp 0; a row that does not fit in memory
// keeps its numbers but no days (NaN), and its problem says how much it needs.
struct BatchEstimates {
  std::vector<int> dp;
  std::vector<std::uint8_t> fits;  // 1 or 0 (bytes, so threads write rows of their own)
  std::vector<double> memory_per_gpu_gib;
  std::vector<double> step_time_s;
  std::vector<double> tokens_per_s;
  std::vector<double> mfu;
  std::vector<std::optional<Precision>> mfu_peak;  // the dense peak mfu divides by: the job's precision
  std::vector<double> hfu;
  std::vector<double> model_tflops_per_gpu;
  std::vector<double> time_to_train_days;  // NaN without training.tokens
  // breakdown_s by part, in StepBreakdown's order (compute, tp_comm, …, optimizer).
  std::vector<std::vector<double>> breakdown_s;
  std::vector<std::string> problem;  // empty when the row trains: "field: what; fix"
};

// `rows` rows with no answer yet: NaN numbers, fits 0, dp 0, no problem.
BatchEstimates empty_estimates(std::size_t rows);
// Copies `part`'s rows into `whole` at the given row numbers (part row i → whole row rows[i]).
void place_rows(BatchEstimates& whole, const BatchEstimates& part, const std::vector<std::size_t>& rows);

// The names of breakdown_s's parts, in its order.
const std::vector<std::string_view>& breakdown_parts();

// `base` with each row's values, estimated. Requires check_columns(columns) to be empty.
BatchEstimates estimate_batch(const Job& base, const std::vector<FieldColumn>& columns, int threads);

}  // namespace gigasim
