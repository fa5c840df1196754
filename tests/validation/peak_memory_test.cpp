// Memory per GPU against the peak memory torchtitan publishes (validation/peak_memory.csv; jobs in
// validation/torchtitan/ with the mapping of each row's settings in their comments). The issue's
// bar: within 15%. Rows listed with a known_miss reason are checked to still miss, so that a model
// change that fixes (or breaks) one is noticed and the list is kept honest.
#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "spec/job_parse.hpp"
#include "workload/memory.hpp"

namespace gigasim {
namespace {

constexpr double kTolerance = 0.15;
constexpr std::size_t kMaxKnownMisses = 0;

struct Row {
  std::string id;
  std::string job;
  double published_gib = 0;
  std::string known_miss;
};

std::string read(const std::string& relative) {
  std::ifstream file(std::string(GIGASIM_SOURCE_DIR) + "/" + relative);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

// The CSV's fields are plain except `source`, which is quoted and may hold commas.
std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (const char c : line) {
    if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  return fields;
}

std::vector<Row> rows() {
  std::istringstream csv(read("validation/peak_memory.csv"));
  std::string line;
  std::getline(csv, line);  // header: id,job,published_gib,source,known_miss
  std::vector<Row> out;
  while (std::getline(csv, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto fields = split_csv_line(line);
    if (fields.size() < 5) continue;
    out.push_back({fields[0], fields[1], std::stod(fields[2]), fields[4]});
  }
  return out;
}

TEST(TorchtitanPeakMemory, WithinFifteenPercentExceptListedMisses) {
  const auto catalog = load_builtin_catalog();
  ASSERT_TRUE(catalog.ok());
  const auto all = rows();
  ASSERT_EQ(all.size(), 18U) << "every peak_memory row of the calibration set is listed";
  std::size_t misses = 0;
  std::string table = "\nrow                  predicted  published   error\n";
  for (const Row& row : all) {
    const auto job = parse_job(read(row.job), row.job, catalog.value());
    ASSERT_TRUE(job.ok()) << row.job;
    const double predicted = to_gib(memory_per_gpu(job.value()).per_gpu.total());
    const double error = (predicted - row.published_gib) / row.published_gib;
    table += fmt::format("{:<20} {:>9.1f} {:>10.1f} {:>+7.1f}%{}\n", row.id, predicted, row.published_gib,
                         100.0 * error, row.known_miss.empty() ? "" : "  (known miss)");
    if (row.known_miss.empty()) {
      EXPECT_LE(std::fabs(error), kTolerance) << row.id << " predicted " << predicted << " GiB";
    } else {
      ++misses;
      EXPECT_GT(std::fabs(error), kTolerance) << row.id << " now within 15%: remove it from the known misses";
    }
  }
  EXPECT_LE(misses, kMaxKnownMisses);
  std::cout << table;
}

}  // namespace
}  // namespace gigasim
