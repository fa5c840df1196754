#pragma once
// A run with failures (`gigasim run`, INTERFACE.md §6) as JSON and as a table.

#include <string>

#include <nlohmann/json_fwd.hpp>

#include "reliability/run_setup.hpp"
#include "spec/job.hpp"

namespace gigasim {

struct RunReport {
  const Job* job = nullptr;
  double failure_free_days = 0;
  bool window = false;  // --days: a window, not the whole run
  RunSetup setup;
  ExpectedRun expected;
  RunDistribution runs;
  std::uint64_t seed = 1;
};

nlohmann::json run_json(const RunReport& report);
std::string run_table(const RunReport& report);

}  // namespace gigasim
