#include "spec/validation_residuals.hpp"

#include <array>
#include <charconv>
#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "spec/embedded_data.hpp"

namespace gigasim {
namespace {

constexpr std::array<std::string_view, 15> kColumns{"job",  "architecture", "precision", "moe",      "framework",
                                                    "gpus", "tp",           "pp",        "cp",       "ep",
                                                    "dp",   "zero",         "seq_len",   "params_b", "speed_error"};

std::vector<std::string_view> split(std::string_view line) {
  std::vector<std::string_view> cells;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = line.find(',', start);
    cells.push_back(line.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
    if (comma == std::string_view::npos) return cells;
    start = comma + 1;
  }
}

bool read_number(std::string_view cell, double& value) {
  const auto [end, error] = std::from_chars(cell.data(), cell.data() + cell.size(), value);
  return error == std::errc() && end == cell.data() + cell.size() && std::isfinite(value);
}

}  // namespace

Result<std::vector<ValidatedRun>, Diagnostics> parse_validation_residuals(std::string_view text,
                                                                          std::string_view origin) {
  Diagnostics problems;
  std::vector<ValidatedRun> runs;
  int line_number = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++line_number;
    if (line.empty()) continue;
    const std::vector<std::string_view> cells = split(line);
    const SourceLocation where{std::string(origin), line_number, 1};
    if (line_number == 1) {
      if (cells.size() != kColumns.size() || !std::equal(cells.begin(), cells.end(), kColumns.begin()))
        problems.push_back(
            {where, "header", "is not the residuals header", fmt::format("write: {}", fmt::join(kColumns, ","))});
      continue;
    }
    if (cells.size() != kColumns.size()) {
      problems.push_back({where, "row", fmt::format("has {} cells, not {}", cells.size(), kColumns.size()),
                          "write one value per column"});
      continue;
    }
    std::array<double, 10> numbers{};  // gpus … speed_error
    bool numeric = true;
    for (std::size_t i = 0; i < numbers.size(); ++i) numeric = numeric && read_number(cells[5 + i], numbers[i]);
    if (!numeric) {
      problems.push_back({where, "row", "has a cell that is not a number from gpus on", "fix the numbers"});
      continue;
    }
    ValidatedRun run;
    run.job = std::string(cells[0]);
    run.architecture = std::string(cells[1]);
    run.fp8 = cells[2] == "fp8";
    run.moe = cells[3] == "1";
    run.framework = std::string(cells[4]);
    run.gpus = static_cast<int>(numbers[0]);
    run.tp = static_cast<int>(numbers[1]);
    run.pp = static_cast<int>(numbers[2]);
    run.cp = static_cast<int>(numbers[3]);
    run.ep = static_cast<int>(numbers[4]);
    run.dp = static_cast<int>(numbers[5]);
    run.zero = static_cast<int>(numbers[6]);
    run.seq_len = static_cast<int>(numbers[7]);
    run.params_b = numbers[8];
    run.speed_error = numbers[9];
    runs.push_back(std::move(run));
  }
  if (!problems.empty()) return fail(std::move(problems));
  return runs;
}

std::string validation_residuals_csv(const std::vector<ValidatedRun>& runs) {
  std::string out = fmt::format("{}\n", fmt::join(kColumns, ","));
  for (const ValidatedRun& r : runs)
    out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{:.3f},{:.4f}\n", r.job, r.architecture,
                       r.fp8 ? "fp8" : "16-bit", r.moe ? 1 : 0, r.framework, r.gpus, r.tp, r.pp, r.cp, r.ep, r.dp,
                       r.zero, r.seq_len, r.params_b, r.speed_error);
  return out;
}

const std::vector<ValidatedRun>& builtin_validation_residuals() {
  static const std::vector<ValidatedRun> runs = [] {
    for (const EmbeddedText& file : embedded_plan_files())
      if (file.name == "data/validation_residuals.csv") {
        auto parsed = parse_validation_residuals(file.text, file.name);
        if (parsed) return std::move(parsed).value();
      }
    return std::vector<ValidatedRun>{};
  }();
  return runs;
}

}  // namespace gigasim
