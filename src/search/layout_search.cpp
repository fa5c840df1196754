#include "search/layout_search.hpp"

#include <algorithm>
#include <atomic>
#include <map>
#include <thread>

#include <fmt/format.h>

#include "perf/compiled_step.hpp"
#include "search/layout_space.hpp"
#include "spec/choices.hpp"
#include "spec/job_validate.hpp"
#include "spec/stage_layers.hpp"
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

// The layout field a diagnostic blames, as a rejection reason.
std::string reason_of(const Diagnostic& problem) {
  constexpr std::string_view kPrefix = "parallelism.";
  if (problem.field.starts_with(kPrefix)) return problem.field.substr(kPrefix.size());
  return problem.field == "parallelism" ? "gpus" : problem.field;
}

// Faster first; at equal speed the layout that leaves more memory free, then the space's order.
bool ranks_before(const RankedLayout& a, const RankedLayout& b) {
  if (a.estimate.tokens_per_s != b.estimate.tokens_per_s) return a.estimate.tokens_per_s > b.estimate.tokens_per_s;
  const Bytes a_memory = a.estimate.memory.per_gpu.total();
  const Bytes b_memory = b.estimate.memory.per_gpu.total();
  if (a_memory != b_memory) return a_memory < b_memory;
  return a.index < b.index;
}

struct Worker {
  Job job;  // scratch: the base job with one candidate's layout at a time
  const Topology* topology = nullptr;  // the cluster's, built once for the whole search
  std::vector<RankedLayout> best;
  std::map<std::string, Rejections> rejected;
  std::map<std::string, std::size_t> first_index;  // of each reason's example
  std::size_t evaluated = 0;
  std::size_t faster = 0;

  // Counts a rejection; `why` is only called (and its text built) for the reason's first example.
  template <typename Why>
  void reject(const std::string& reason, std::size_t index, const Why& why) {
    Rejections& entry = rejected[reason];
    entry.reason = reason;
    ++entry.count;
    const auto first = first_index.find(reason);
    if (first == first_index.end() || index < first->second) {
      first_index[reason] = index;
      entry.example = layout_text(job.parallelism) + ": " + why();
    }
  }

  void keep(const StepEstimate& estimate, std::size_t index, int top, int nvlink_domain) {
    RankedLayout candidate{job, estimate, index, job.parallelism.tp > nvlink_domain};
    if (static_cast<int>(best.size()) == top && !ranks_before(candidate, best.back())) return;
    best.insert(std::upper_bound(best.begin(), best.end(), candidate, ranks_before), std::move(candidate));
    if (static_cast<int>(best.size()) > top) best.pop_back();
  }

  void run(std::size_t index, const LayoutSpace& space, const SearchSpace& given, int top, int nvlink_domain,
           std::optional<double> reference) {
    Parallelism& p = job.parallelism;
    space.decode(index, given, job.cluster.gpus, p);
    if (p.dp == 0) {
      reject("gpus", index, [&] {
        return fmt::format("tp·pp·cp = {} does not divide the {} GPUs", p.tp * p.pp * p.cp, job.cluster.gpus);
      });
      return;
    }
    const Diagnostics problems = validate_job(job, FieldLocations{""});
    if (!problems.empty()) {
      reject(reason_of(problems.front()), index, [&] { return problems.front().problem; });
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
    keep(estimate, index, top, nvlink_domain);
  }
};

}  // namespace

SearchJob open_layout_search(const Job& job) {
  SearchJob open{job, {}};
  for (FieldChoices<int>* field : {&open.space.tp, &open.space.pp, &open.space.vpp, &open.space.cp,
                                   &open.space.zero, &open.space.micro_batch})
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
  std::vector<Worker> workers(static_cast<std::size_t>(threads), Worker{job.base, &topology, {}, {}, {}, 0, 0});
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> done{0};
  const auto work = [&](Worker& worker) {
    for (std::size_t start = next.fetch_add(kChunk); start < total; start = next.fetch_add(kChunk)) {
      const std::size_t end = std::min(total, start + kChunk);
      for (std::size_t index = start; index < end; ++index) worker.run(index, space, job.space, top, nvlink_domain, options.reference_tokens_per_s);
      const std::size_t finished = done.fetch_add(end - start) + (end - start);
      if (options.progress) options.progress(finished, total);
    }
  };
  std::vector<std::thread> pool;
  for (std::size_t t = 1; t < workers.size(); ++t) pool.emplace_back(work, std::ref(workers[t]));
  work(workers.front());
  for (std::thread& thread : pool) thread.join();

  // Merge: the same total order and the same first examples whatever the split between workers.
  SearchResult result;
  result.candidates = total;
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
