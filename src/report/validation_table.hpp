#pragma once
// `gigasim validate` for people: each published figure beside its prediction, then the mean
// absolute percentage error (MAPE) by metric, by source and over all rows.

#include <string>
#include <vector>

#include "report/validation_report.hpp"

namespace gigasim {

std::string validation_table(const std::vector<Comparison>& rows, const ValidationSummary& summary);

}  // namespace gigasim
