#pragma once
// `gigasim validate --json`: every row (prediction, published figure, signed relative error) and
// the summaries; errors and MAPE are fractions, null where a row has no prediction.

#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "report/validation_report.hpp"

namespace gigasim {

nlohmann::json validation_json(const std::vector<Comparison>& rows, const ValidationSummary& summary);

}  // namespace gigasim
