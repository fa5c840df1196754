#include "search/layout_search.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>

#include <fmt/format.h>

#include "perf/compiled_step.hpp"
#include "perf/error_band.hpp"
#include "search/layout_space.hpp"
#include "spec/choices.hpp"
#include "spec/job_validate.hpp"
#include "spec/stage_layers.hpp"
#include "util/shared_threads.hpp"
#include "workload/memory.hpp"

namespace gigasim {
namespace {

constexpr std::size_t kChunk = 256;  // candidates a worker takes at a time
constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;

std::string layout_text(const Parallelism& p) {
  return fmt::format("tp {} · pp {} · vpp {} · cp {} · ep {} · dp {} · ZeRO-{} · micro-batch {} · recompute {}", p.tp,
                     p.pp, p.vpp, p.cp, p.ep, p.dp > 0 ? std::to_string(p.dp) : "-", p.zero, p.micro_batch,
                     to_string(p.recompute));
}

// The layout field a validation problem blames, as a rejection reason.
std::string_view reason_of(std::string_view field) {
  constexpr std::string_view kPrefix = "parallelism.";
  if (field.starts_with(kPrefix)) return field.substr(kPrefix.size());
  return field == "parallelism" ? "gpus" : field;
}

// Higher score first; at an equal score the layout that leaves more memory free, then the space's order.
bool estimate_ranks_before(double a_score, const StepEstimate& a, std::size_t a_index, double b_score,
                           const StepEstimate& b, std::size_t b_index) {
  if (a_score != b_score) return a_score > b_score;
  const Bytes a_memory = a.memory.per_gpu.total();
  const Bytes b_memory = b.memory.per_gpu.total();
  if (a_memory != b_memory) return a_memory < b_memory;
  return a_index < b_index;
}

bool ranks_before(const RankedLayout& a, const RankedLayout& b) {
  return estimate_ranks_before(a.score, a.estimate, a.index, b.score, b.estimate, b.index);
}

// The objective's score of a layout: its tokens/s, or under `robust` its tokens/s at the slow end of
// its error band.
double score_of(const Job& job, const StepEstimate& estimate, SearchObjective objective) {
  if (objective != SearchObjective::robust) return estimate.tokens_per_s;
  const ErrorBand band = error_band(job, estimate.step_time, builtin_validation_residuals());
  return estimate.tokens_per_s / (1.0 + band.speed_error_high);
}

struct Worker {
  Job job;                             // scratch: the base job with one candidate's layout at a time
  const Topology* topology = nullptr;  // the cluster's, built once for the whole search
  FieldLocations nowhere{""};          // candidates have no file to point into
  std::vector<RankedLayout> best;
  std::map<std::string, Rejections, std::less<>> rejected;
  std::map<std::string, std::size_t, std::less<>> first_index;  // of each reason's example
  std::size_t evaluated = 0;
  std::size_t faster = 0;

  // Counts a rejection; `why` is only called (and its text built) for the reason's first example.
  // Allocates only the first time a reason turns up (its entry) or for an earlier example.
  template <typename Why>
  void reject(std::string_view reason, std::size_t index, const Why& why) {
    auto entry = rejected.find(reason);
    if (entry == rejected.end())
      entry = rejected.emplace(std::string(reason), Rejections{std::string(reason), 0, {}}).first;
    ++entry->second.count;
    const auto first = first_index.find(reason);
    if (first == first_index.end() || index < first->second) {
      first_index.insert_or_assign(std::string(reason), index);
      entry->second.example = layout_text(job.parallelism) + ": " + why();
    }
  }

  void keep(const StepEstimate& estimate, double score, std::size_t index, int top, int nvlink_domain) {
    // Decided before the job is copied: most candidates do not make the top K.
    if (static_cast<int>(best.size()) == top &&
        !estimate_ranks_before(score, estimate, index, best.back().score, best.back().estimate, best.back().index))
      return;
    RankedLayout candidate{job, estimate, score, index, job.parallelism.tp > nvlink_domain};
    best.insert(std::upper_bound(best.begin(), best.end(), candidate, ranks_before), std::move(candidate));
    if (static_cast<int>(best.size()) > top) best.pop_back();
  }

  void run(std::size_t index, const LayoutSpace& space, const SearchSpace& given, int top, int nvlink_domain,
           std::optional<double> reference, SearchObjective objective) {
    Parallelism& p = job.parallelism;
    space.decode(index, given, job.cluster.gpus, p);
    if (p.dp == 0) {
      reject("gpus", index, [&] {
        return fmt::format("tp·pp·cp = {} does not divide the {} GPUs", p.tp * p.pp * p.cp, job.cluster.gpus);
      });
      return;
    }
    if (const std::optional<std::string_view> field = first_invalid_field(job, nowhere)) {
      reject(reason_of(*field), index, [&] { return validate_job(job, nowhere).front().problem; });
      return;
    }
    if (p.stage_layers.empty()) assign_default_stage_layers(job.model.layers, p.pp, p.vpp, p.stage_layers);
    const MemoryEstimate memory = memory_per_gpu(job);
    if (!memory.fits()) {
      reject("memory", index, [&] {
        return fmt::format("needs {:.1f} GiB of {:.1f}", memory.per_gpu.total().value() / kGiB,
                           memory.capacity.value() / kGiB);
      });
      return;
    }
    ++evaluated;
    const StepEstimate estimate = evaluate(compile_step(job, *topology));
    if (reference && estimate.tokens_per_s > *reference) ++faster;
    keep(estimate, score_of(job, estimate, objective), index, top, nvlink_domain);
  }
};

}  // namespace

SearchJob open_layout_search(const Job& job) {
  SearchJob open{job, {}};
  for (FieldChoices<int>* field :
       {&open.space.tp, &open.space.pp, &open.space.vpp, &open.space.cp, &open.space.zero, &open.space.micro_batch})
    field->automatic = true;
  open.space.ep.automatic = job.model.moe.has_value();
  if (!job.model.moe) open.space.ep.values = {1};
  open.space.recompute.automatic = true;
  open.base.parallelism.stage_layers.clear();
  return open;
}

SearchResult search_layouts(const SearchJob& job, const SearchOptions& options) {
  const LayoutSpace space = expand_space(job);
  const std::size_t total = space.size();
  const int top = std::max(1, options.top);
  const int nvlink_domain = std::max(job.base.cluster.node.nvlink_domain_gpus, job.base.cluster.node.gpus_per_node);
  const int threads = std::max(1, options.threads);

  const Topology topology = build_topology(job.base.cluster);
  std::vector<Worker> workers(static_cast<std::size_t>(threads),
                              Worker{job.base, &topology, FieldLocations{""}, {}, {}, {}, 0, 0});
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> done{0};
  std::atomic<bool> cut_off{false};
  const auto work = [&](Worker& worker) {
    for (std::size_t start = next.fetch_add(kChunk); start < total; start = next.fetch_add(kChunk)) {
      // Checked once a chunk: a clock read per candidate would cost more than some candidates.
      if (options.limit.reached()) {
        cut_off = true;
        return;
      }
      const std::size_t end = std::min(total, start + kChunk);
      for (std::size_t index = start; index < end; ++index)
        worker.run(index, space, job.space, top, nvlink_domain, options.reference_tokens_per_s, options.objective);
      const std::size_t finished = done.fetch_add(end - start) + (end - start);
      if (options.progress) options.progress(finished, total);
    }
  };
  run_on_threads(threads, [&](int t) { work(workers[static_cast<std::size_t>(t)]); });

  // Merge: the same total order and the same first examples whatever the split between workers.
  SearchResult result;
  result.candidates = total;
  result.cut_off = cut_off;
  std::map<std::string, std::pair<std::size_t, Rejections>> rejected;
  for (Worker& worker : workers) {
    result.evaluated += worker.evaluated;
    result.faster_than_reference += worker.faster;
    for (RankedLayout& layout : worker.best) result.best.push_back(std::move(layout));
    for (auto& [reason, entry] : worker.rejected) {
      const std::size_t first = worker.first_index[reason];
      auto [it, inserted] = rejected.try_emplace(reason, first, entry);
      if (inserted) continue;
      it->second.second.count += entry.count;
      if (first < it->second.first) {
        it->second.first = first;
        it->second.second.example = entry.example;
      }
    }
  }
  std::sort(result.best.begin(), result.best.end(), ranks_before);
  if (static_cast<int>(result.best.size()) > top) result.best.resize(static_cast<std::size_t>(top));
  for (auto& [reason, entry] : rejected) result.rejected.push_back(std::move(entry.second));
  std::stable_sort(result.rejected.begin(), result.rejected.end(),
                   [](const Rejections& a, const Rejections& b) { return a.count > b.count; });
  return result;
}

}  // namespace gigasim
