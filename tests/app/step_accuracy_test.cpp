// How well the step model predicts the published runs of validation/step_runs.csv.
//
// Issue 3's bar is a MAPE of at most 15% with at most 5% of the runs off by more than 35%. It is not
// met yet (validation/README.md gives the figures per source). Until it is, this test keeps what has
// been gained: the MAPE may not rise above the figure recorded here, and every run off by more than
// 35% must be a known miss in validation/known_misses.csv with its suspected cause, while a listed run
// that is no longer off must leave the list. Lower kRecordedMape whenever the model improves.
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "app/validate_command.hpp"

namespace gigasim {
namespace {

const std::filesystem::path kValidation = std::filesystem::path(GIGASIM_SOURCE_DIR) / "validation";
constexpr double kRecordedMape = 0.177;  // `gigasim validate`: 17.7% over 519 rows
constexpr double kIssueBarMape = 0.15;
constexpr double kMissThreshold = 0.35;

// id → cause, from the CSV's `id,cause` rows (causes may be quoted and hold commas).
std::map<std::string, std::string> known_misses() {
  std::ifstream file(kValidation / "known_misses.csv");
  std::map<std::string, std::string> misses;
  std::string line;
  std::getline(file, line);  // header
  while (std::getline(file, line)) {
    const auto comma = line.find(',');
    if (comma == std::string::npos) continue;
    misses[line.substr(0, comma)] = line.substr(comma + 1);
  }
  return misses;
}

nlohmann::json validation_report() {
  std::ostringstream out;
  std::ostringstream err;
  const int status = run_validate({(kValidation / "step_runs.csv").string(), true, {}, false, {}}, out, err);
  EXPECT_EQ(status, 0) << err.str();
  return nlohmann::json::parse(out.str());
}

TEST(StepAccuracy, MapeDoesNotRiseAboveTheRecordedFigure) {
  const nlohmann::json report = validation_report();
  const double mape = report["overall"]["mape"].get<double>();
  EXPECT_LE(mape, kRecordedMape) << "the step model got worse on the published runs";
  EXPECT_GT(kRecordedMape, kIssueBarMape) << "the bar is met: enforce kIssueBarMape here and close issue 3";
}

TEST(StepAccuracy, KorthikantiMeetsIssue20sBar) {
  // Issue 20's bar for Korthikanti et al. 2022 Table 5 (18 rows): a MAPE of at most 6%. Met since
  // the optimizer step's passes and Megatron's backward re-gathers under sequence parallelism (5.5%).
  const nlohmann::json report = validation_report();
  bool found = false;
  for (const auto& source : report["by_source"]) {
    if (source["source"].get<std::string>().rfind("Korthikanti et al. 2022", 0) != 0) continue;
    found = true;
    EXPECT_EQ(source["rows"].get<int>(), 18);
    EXPECT_LE(source["mape"].get<double>(), 0.06);
  }
  EXPECT_TRUE(found);
}

TEST(StepAccuracy, EveryRunOffByMoreThan35PercentIsAKnownMiss) {
  const nlohmann::json report = validation_report();
  const auto misses = known_misses();
  ASSERT_FALSE(misses.empty());
  std::string unlisted;
  std::string recovered;
  for (const auto& row : report["rows"]) {
    const std::string id = row["id"].get<std::string>();
    const bool off = std::abs(row["error"].get<double>()) > kMissThreshold;
    if (off && !misses.contains(id)) unlisted += id + " (" + std::to_string(row["error"].get<double>()) + ")\n";
    if (!off && misses.contains(id)) recovered += id + "\n";
  }
  EXPECT_TRUE(unlisted.empty()) << "off by more than 35% and not in validation/known_misses.csv:\n" << unlisted;
  EXPECT_TRUE(recovered.empty()) << "within 35% now; remove from validation/known_misses.csv:\n" << recovered;
}

}  // namespace
}  // namespace gigasim
