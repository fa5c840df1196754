#include "report/validation_json.hpp"

#include <nlohmann/json.hpp>

namespace gigasim {
namespace {

nlohmann::json optional_number(const std::optional<double>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

nlohmann::json group_json(const char* label, const GroupSummary& group) {
  nlohmann::json out;
  out[label] = group.name;
  out["rows"] = group.rows;
  out["unpredicted"] = group.unpredicted;
  out["mape"] = group.rows > 0 ? nlohmann::json(group.mape) : nlohmann::json(nullptr);
  out["over_threshold"] = group.over_threshold;
  out["share_over_threshold"] =
      group.rows > 0 ? nlohmann::json(double(group.over_threshold) / group.rows) : nlohmann::json(nullptr);
  out["median_speed_error"] = group.rows > 0 ? nlohmann::json(group.median_speed_error) : nlohmann::json(nullptr);
  out["mean_speed_error"] = group.rows > 0 ? nlohmann::json(group.mean_speed_error) : nlohmann::json(nullptr);
  out["share_faster"] = group.rows > 0 ? nlohmann::json(double(group.faster) / group.rows) : nlohmann::json(nullptr);
  return out;
}

}  // namespace

nlohmann::json validation_json(const std::vector<Comparison>& rows, const ValidationSummary& summary) {
  nlohmann::json out;
  out["rows"] = nlohmann::json::array();
  for (const Comparison& row : rows) {
    out["rows"].push_back({{"id", row.id},
                           {"job", row.job},
                           {"metric", row.metric},
                           {"key", std::string(to_string(row.key))},
                           {"unit", row.unit},
                           {"predicted", optional_number(row.predicted)},
                           {"published", row.published},
                           {"error", optional_number(relative_error(row))},
                           {"speed_error", optional_number(speed_error(row))},
                           {"features", row.features},
                           {"source", row.source}});
  }
  out["threshold"] = summary.threshold;
  out["by_metric"] = nlohmann::json::array();
  for (const GroupSummary& group : summary.by_metric) out["by_metric"].push_back(group_json("metric", group));
  out["by_source"] = nlohmann::json::array();
  for (const GroupSummary& group : summary.by_source) out["by_source"].push_back(group_json("source", group));
  out["by_feature"] = nlohmann::json::array();
  for (const GroupSummary& group : summary.by_feature) out["by_feature"].push_back(group_json("feature", group));
  out["overall"] = group_json("name", summary.overall);
  return out;
}

}  // namespace gigasim
