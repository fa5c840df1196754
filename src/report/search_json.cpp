#include "report/search_json.hpp"

#include <nlohmann/json.hpp>

#include "report/estimate_json.hpp"

namespace gigasim {

nlohmann::json search_json(const SearchResult& result) {
  nlohmann::json rejected = nlohmann::json::object();
  nlohmann::json examples = nlohmann::json::object();
  for (const Rejections& entry : result.rejected) {
    rejected[entry.reason] = entry.count;
    examples[entry.reason] = entry.example;
  }
  nlohmann::json results = nlohmann::json::array();
  for (const RankedLayout& layout : result.best) {
    nlohmann::json one = estimate_json(layout.job, layout.estimate);
    one["tp_leaves_nvlink"] = layout.tp_leaves_nvlink;
    results.push_back(std::move(one));
  }
  return {{"candidates", result.candidates},
          {"evaluated", result.evaluated},
          {"rejected", std::move(rejected)},
          {"rejection_examples", std::move(examples)},
          {"results", std::move(results)}};
}

nlohmann::json sizing_json(const SizingResult& sizing, double deadline_days) {
  nlohmann::json curve = nlohmann::json::array();
  for (const SizingPoint& point : sizing.curve) {
    nlohmann::json one = {{"gpus", point.gpus}, {"days", nullptr}, {"mfu", nullptr},
                          {"tokens_per_s_per_gpu", nullptr}, {"job", nullptr}};
    if (point.best) {
      one["days"] = point.days();
      one["mfu"] = point.best->estimate.mfu;
      one["tokens_per_s_per_gpu"] = point.best->estimate.tokens_per_s / point.gpus;
      one["job"] = job_json(point.best->job);
    }
    curve.push_back(std::move(one));
  }
  return {{"deadline_days", deadline_days},
          {"gpus", sizing.answer ? nlohmann::json(sizing.curve[*sizing.answer].gpus) : nlohmann::json(nullptr)},
          {"curve", std::move(curve)}};
}

}  // namespace gigasim
