#pragma once
// The index of published runs that `gigasim validate` reads (validation/step_runs.csv): one row per
// published figure, naming its job file, its unit and the estimate key it is compared with.
// Columns by header name: id, job, metric, published, unit, key, source (others are ignored).

#include <string>
#include <string_view>
#include <vector>

#include "report/validation_report.hpp"
#include "util/diagnostic.hpp"
#include "util/result.hpp"

namespace gigasim {

struct IndexRow {
  std::string id;
  std::string job;  // relative to the index file's folder, or absolute
  std::string metric;
  double published = 0;  // in `unit`
  std::string unit;
  CompareKey key = CompareKey::step_time_s;
  std::string source;
  int line = 0;
};

// `origin` names the file in diagnostics. Every problem is reported, not only the first.
Result<std::vector<IndexRow>, Diagnostics> parse_validation_index(std::string_view text, std::string_view origin);

}  // namespace gigasim
