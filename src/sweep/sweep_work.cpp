#include "sweep/sweep_work.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "sweep/sweep_point.hpp"

namespace gigasim {
namespace {

constexpr std::uint64_t kProbePoints = 8;  // points tried for one with an answer, to check keep:

}  // namespace

std::uint64_t SweepWork::chunks() const {
  const std::uint64_t points = spec.points();
  return (points + spec.chunk_points - 1) / spec.chunk_points;
}

std::uint64_t SweepWork::first_point(std::uint64_t chunk) const {
  return chunk * spec.chunk_points;
}

std::uint64_t SweepWork::end_point(std::uint64_t chunk) const {
  return std::min(spec.points(), (chunk + 1) * spec.chunk_points);
}

std::vector<PointRow> compute_points(const SweepWork& work, const SweepPoints& points, std::uint64_t first,
                                     std::uint64_t end) {
  std::vector<PointRow> rows;
  rows.reserve(end - first);
  for (std::uint64_t point = first; point < end; ++point) {
    const PointOutcome outcome = compute_point(work.spec, points, point, *work.catalog);
    PointRow row{point, {}, outcome.error, {}};
    for (const SweepOutput& output : work.spec.outputs)
      row.outputs.push_back(value_at(outcome.answer, output.path).value_or(nullptr));
    if (work.spec.keep_json && !outcome.answer.is_null()) row.json = outcome.answer.dump();
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<std::string> check_sweep(const SweepWork& work, const std::string& sweep_origin) {
  std::vector<std::string> problems;
  const auto points = SweepPoints::make(work.spec, work.base_text, work.base_origin);
  if (!points) {
    for (const Diagnostic& problem : points.error()) problems.push_back(format_diagnostic(problem));
    return problems;
  }
  // An axis whose path the parser does not know would fail every point the same way.
  for (std::size_t axis = 0; axis < work.spec.axes.size(); ++axis) {
    const SweepAxis& spec_axis = work.spec.axes[axis];
    const auto parsed = parse_point(work.spec, points.value().text_with(axis, 0), *work.catalog);
    if (!parsed) continue;
    const std::string unknown = spec_axis.path + ": unknown field";
    std::size_t start = 0;
    for (std::size_t end = 0; start <= parsed->size(); start = end + 1) {
      end = std::min(parsed->find('\n', start), parsed->size());
      const std::string line = parsed->substr(start, end - start);
      if (line.starts_with(unknown))
        problems.push_back(format_diagnostic({spec_axis.where, "axes." + spec_axis.path,
                                              fmt::format("is not a field of {} ({})", work.base_origin, line),
                                              "write the path of a field the base's file accepts"}));
    }
  }
  if (!problems.empty()) return problems;
  // Outputs: every kept path must be in the answer of the first point that has one.
  for (std::uint64_t point = 0; point < std::min(kProbePoints, work.spec.points()); ++point) {
    const PointOutcome outcome = compute_point(work.spec, points.value(), point, *work.catalog);
    if (outcome.error || outcome.answer.is_null()) continue;
    for (const SweepOutput& output : work.spec.outputs) {
      if (value_at(outcome.answer, output.path)) continue;
      std::string keys;
      for (const auto& [key, value] : outcome.answer.items()) keys += (keys.empty() ? "" : ", ") + key;
      const SourceLocation where = output.where.file.empty() ? SourceLocation{sweep_origin, 1, 1} : output.where;
      problems.push_back(format_diagnostic(
          {where, "keep",
           fmt::format("'{}' is not in the answer of gigasim {} --json", output.path, to_string(work.spec.compute)),
           fmt::format("use a dotted path into it (array items by number: results.0.mfu); its top-level keys are {}",
                       keys)}));
    }
    break;
  }
  return problems;
}

}  // namespace gigasim
