#include "report/layout_rank.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "report/estimate_json.hpp"
#include "report/layout_text.hpp"
#include "util/number_format.hpp"

namespace gigasim {
double LayoutRank::speedup() const {
  if (search.best.empty() || published_estimate.tokens_per_s <= 0) return 1.0;
  return std::max(1.0, search.best.front().estimate.tokens_per_s / published_estimate.tokens_per_s);
}

std::string layout_rank_table(const std::vector<LayoutRank>& ranks) {
  std::string out = fmt::format("{:<48} {:<32} {:>13} {:<32} {:>7}\n", "job", "published layout", "rank",
                                "best predicted layout", "speedup");
  std::vector<const LayoutRank*> suspects;
  for (const LayoutRank& rank : ranks) {
    const std::string best = rank.search.best.empty() ? "-" : compact_layout(rank.search.best.front().job.parallelism);
    out += fmt::format(
        "{:<48} {:<32} {:>13} {:<32} {:>6.2f}×\n", rank.job_path, compact_layout(rank.published.parallelism),
        fmt::format("{} of {}", with_commas(double(rank.rank())), with_commas(double(rank.search.evaluated))), best,
        rank.speedup());
    if (rank.speedup() > kSuspectSpeedup) suspects.push_back(&rank);
  }
  out += fmt::format("\n{} jobs; {} published layouts predicted more than {:g}× slower than the best found",
                     ranks.size(), suspects.size(), kSuspectSpeedup);
  out += suspects.empty() ? ".\n" : " (a model bug to investigate):\n";
  for (const LayoutRank* rank : suspects) out += fmt::format("  {} ({:.2f}×)\n", rank->job_path, rank->speedup());
  return out;
}

nlohmann::json layout_rank_json(const std::vector<LayoutRank>& ranks) {
  nlohmann::json jobs = nlohmann::json::array();
  std::size_t suspects = 0;
  for (const LayoutRank& rank : ranks) {
    if (rank.speedup() > kSuspectSpeedup) ++suspects;
    jobs.push_back(
        {{"job", rank.job_path},
         {"rank", rank.rank()},
         {"evaluated", rank.search.evaluated},
         {"published_tokens_per_s", rank.published_estimate.tokens_per_s},
         {"best_tokens_per_s", rank.search.best.empty()
                                   ? nlohmann::json(nullptr)
                                   : nlohmann::json(rank.search.best.front().estimate.tokens_per_s)},
         {"speedup", rank.speedup()},
         {"best_job", rank.search.best.empty() ? nlohmann::json(nullptr) : job_json(rank.search.best.front().job)}});
  }
  return {{"jobs", std::move(jobs)}, {"suspect_threshold", kSuspectSpeedup}, {"suspects", suspects}};
}

}  // namespace gigasim
