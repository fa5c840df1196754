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

}  // namespace gigasim
