// validation/step_runs.csv, the published runs `gigasim validate` scores by default, is well formed:
// it parses, every job file loads, and each job's comments name the rows compared with it. No
// accuracy bar here: the compute-only estimate has no communication yet (validation/README.md
// gives the baseline); the command must only run and report.
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "app/validate_command.hpp"
#include "app/validation_index.hpp"
#include "spec/job_parse.hpp"

namespace gigasim {
namespace {

const std::filesystem::path kValidation = std::filesystem::path(GIGASIM_SOURCE_DIR) / "validation";
// Step-level rows of shared/calibration/published_runs.csv that validation/README.md does not list as left out.
constexpr std::size_t kIndexedRows = 519;

std::string read(const std::filesystem::path& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

TEST(StepRunsIndex, ParsesAndEveryJobLoadsAndNamesItsRows) {
  const auto index = parse_validation_index(read(kValidation / "step_runs.csv"), "step_runs.csv");
  ASSERT_TRUE(index.ok()) << format_diagnostic(index.error().front());
  EXPECT_EQ(index.value().size(), kIndexedRows);
  const auto catalog = load_builtin_catalog();
  ASSERT_TRUE(catalog.ok());
  std::map<std::string, std::string> jobs;
  for (const IndexRow& row : index.value()) {
    if (!jobs.contains(row.job)) {
      const std::string text = read(kValidation / row.job);
      ASSERT_FALSE(text.empty()) << row.job;
      const auto job = parse_job(text, row.job, catalog.value());
      EXPECT_TRUE(job.ok()) << row.job << ": " << (job.ok() ? "" : format_diagnostic(job.error().front()));
      jobs[row.job] = text;
    }
    EXPECT_NE(jobs[row.job].find(row.id), std::string::npos) << row.job << " does not name row " << row.id;
  }
}

TEST(StepRunsIndex, ValidateReportsOnItAndExitsZero) {
  std::ostringstream out;
  std::ostringstream err;
  const int status = run_validate({(kValidation / "step_runs.csv").string(), false, {}, false, {}}, out, err);
  EXPECT_EQ(status, 0) << err.str();
  EXPECT_NE(out.str().find(std::to_string(kIndexedRows) + " rows: MAPE"), std::string::npos);
}

}  // namespace
}  // namespace gigasim
