#include "spec/job_validate.hpp"

#include <cmath>
#include <cstdint>
#include <numeric>

#include <fmt/format.h>

#include "spec/choices.hpp"
#include "spec/kernel_rates.hpp"

namespace gigasim {

SourceLocation FieldLocations::at(std::string_view field) const {
  for (std::string_view path = field;;) {
    if (const auto found = places_.find(path); found != places_.end()) return found->second;
    const auto dot = path.rfind('.');
    if (dot == std::string_view::npos) return {file_, 1, 1};
    path = path.substr(0, dot);
  }
}

namespace {

struct ProblemText {
  std::string problem;
  std::string fix;
};

// Collects every problem with its text and place (validate_job).
class DiagnosticSink {
 public:
  DiagnosticSink(const FieldLocations& where, Diagnostics& out) : where_(where), out_(out) {}
  [[nodiscard]] bool written(std::string_view field) const { return where_.written(field); }
  // A problem with `field`, reported at the place where `located_at` was written.
  template <typename Describe>
  void add(std::string_view field, std::string_view located_at, const Describe& describe) {
    ProblemText text = describe();
    out_.push_back({where_.at(located_at), std::string(field), std::move(text.problem), std::move(text.fix)});
  }
  template <typename Describe>
  void add(std::string_view field, const Describe& describe) {
    add(field, field, describe);
  }

 private:
  const FieldLocations& where_;
  Diagnostics& out_;
};

// Keeps the first problem's field and never builds a text, so it allocates nothing: the search
// rejects most of its candidates this way.
class FirstFieldSink {
 public:
  explicit FirstFieldSink(const FieldLocations& where) : where_(where) {}
  [[nodiscard]] bool written(std::string_view field) const { return where_.written(field); }
  template <typename Describe>
  void add(std::string_view field, std::string_view /*located_at*/, const Describe& /*describe*/) {
    if (!first_) first_ = field;
  }
  template <typename Describe>
  void add(std::string_view field, const Describe& describe) {
    add(field, field, describe);
  }
  [[nodiscard]] std::optional<std::string_view> first() const { return first_; }

 private:
  const FieldLocations& where_;
  std::optional<std::string_view> first_;
};

// Megatron-LM splits attention heads and KV groups across TP ranks (Shoeybi et al. 2019 §3).
template <typename Sink>
void check_tensor_parallel(const Job& job, Sink& out) {
  const auto& model = job.model;
  const int tp = job.parallelism.tp;
  if (model.heads % tp != 0)
    out.add("parallelism.tp", [&] {
      return ProblemText{fmt::format("{} does not divide the model's {} attention heads", tp, model.heads),
                         "use a tp that divides heads"};
    });
  if (model.kv_heads % tp != 0)
    out.add("parallelism.tp", [&] {
      return ProblemText{fmt::format("{} does not divide the model's {} KV heads", tp, model.kv_heads),
                         fmt::format("use a tp that divides kv_heads, such as {}", std::gcd(tp, model.kv_heads))};
    });
  if (job.parallelism.sp && tp == 1)
    out.add("parallelism.sp", [] { return ProblemText{"sequence parallelism needs tp > 1", "remove sp or raise tp"}; });
  if (job.parallelism.sp && job.parallelism.seq_len % tp != 0)
    out.add("parallelism.seq_len", [&] {
      return ProblemText{
          fmt::format("{} tokens do not split over tp = {} for sequence parallelism", job.parallelism.seq_len, tp),
          "use a seq_len divisible by tp"};
    });
}

bool layout_covers_gpus(const Job& job) {
  const auto& p = job.parallelism;
  return double(p.tp) * p.pp * p.cp * p.dp == double(job.cluster.gpus);
}

template <typename Sink>
void check_product(const Job& job, Sink& out) {
  if (layout_covers_gpus(job)) return;
  const auto& p = job.parallelism;
  if (!out.written("parallelism.dp")) {
    out.add("cluster.gpus", [&] {
      const double model_parallel = double(p.tp) * p.pp * p.cp;
      return ProblemText{
          fmt::format("{} GPUs do not split into data-parallel copies of tp·pp·cp = {}·{}·{} = {:.0f} GPUs",
                      job.cluster.gpus, p.tp, p.pp, p.cp, model_parallel),
          "use a GPU count that is a multiple of tp·pp·cp, or change tp, pp or cp"};
    });
    return;
  }
  out.add("parallelism", "parallelism.dp", [&] {
    return ProblemText{fmt::format("tp·pp·cp·dp = {}·{}·{}·{} = {:.0f}, not the job's {} GPUs", p.tp, p.pp, p.cp, p.dp,
                                   double(p.tp) * p.pp * p.cp * p.dp, job.cluster.gpus),
                       "choose factors whose product is cluster.gpus (leave dp out to derive it)"};
  });
}

template <typename Sink>
void check_schedule(const Job& job, Sink& out) {
  const auto& p = job.parallelism;
  if (!p.schedule) return;
  switch (*p.schedule) {
    case PipelineSchedule::one_f_one_b:
      if (p.vpp > 1)
        out.add("parallelism.schedule", [&] {
          return ProblemText{fmt::format("1f1b runs one chunk per stage, but vpp = {}", p.vpp),
                             "set vpp: 1, or schedule: interleaved"};
        });
      return;
    case PipelineSchedule::interleaved:
      if (p.vpp < 2)
        out.add("parallelism.schedule", [] {
          return ProblemText{"interleaved needs vpp > 1 chunks per stage", "raise vpp, or use schedule: 1f1b"};
        });
      return;
    case PipelineSchedule::dualpipe:
      if (p.vpp > 1 || p.pp < 2 || p.pp % 2 != 0)
        out.add("parallelism.schedule", [&] {
          return ProblemText{fmt::format("DualPipe pairs the stages from both ends: it needs an even pp and vpp 1, "
                                         "not pp = {}, vpp = {}",
                                         p.pp, p.vpp),
                             "use an even pp (2 or more) with vpp: 1"};
        });
      else if (p.micro_batches_per_step() < p.pp)
        out.add("parallelism.schedule", [&] {
          return ProblemText{fmt::format("DualPipe needs at least pp = {} micro-batches per step, not {}", p.pp,
                                         p.micro_batches_per_step()),
                             "raise global_batch or lower micro_batch"};
        });
      return;
  }
}

template <typename Sink>
void check_pipeline(const Job& job, Sink& out) {
  const auto& p = job.parallelism;
  const int chunks = p.pp * p.vpp;
  if (chunks > job.model.layers)
    out.add("parallelism.pp", [&] {
      return ProblemText{fmt::format("pp·vpp = {} stages for only {} layers", chunks, job.model.layers),
                         "use at most one pipeline chunk per layer"};
    });
  if (p.vpp > 1 && p.pp == 1)
    out.add("parallelism.vpp", [] {
      return ProblemText{"interleaving needs a pipeline (pp > 1)", "set vpp: 1 or raise pp"};
    });
  check_schedule(job, out);
  if (p.stage_layers.empty()) return;
  const int total = std::accumulate(p.stage_layers.begin(), p.stage_layers.end(), 0);
  if (static_cast<int>(p.stage_layers.size()) != p.pp || total != job.model.layers)
    out.add("parallelism.stage_layers", [&] {
      return ProblemText{fmt::format("{} stages holding {} layers, but the job has pp = {} and the model {} layers",
                                     p.stage_layers.size(), total, p.pp, job.model.layers),
                         "list one layer count per stage, summing to the model's layers"};
    });
}

template <typename Sink>
void check_context_and_experts(const Job& job, Sink& out) {
  const auto& p = job.parallelism;
  // Megatron's load-balanced CP gives each rank two chunks of the sequence (Megatron-Core docs).
  const int cp_chunks = p.cp > 1 ? 2 * p.cp : 1;
  if (p.seq_len % cp_chunks != 0)
    out.add("parallelism.cp", [&] {
      return ProblemText{fmt::format("seq_len {} does not split into 2·cp = {} equal chunks", p.seq_len, cp_chunks),
                         "use a cp for which 2·cp divides seq_len"};
    });
  if (!job.model.moe) {
    if (p.ep > 1)
      out.add("parallelism.ep", [&] {
        return ProblemText{fmt::format("ep = {} but model '{}' has no experts", p.ep, job.model.name), "set ep: 1"};
      });
    return;
  }
  if (job.model.moe->experts % p.ep != 0)
    out.add("parallelism.ep", [&] {
      return ProblemText{fmt::format("{} does not divide the model's {} experts", p.ep, job.model.moe->experts),
                         "use an ep that divides experts"};
    });
  const std::int64_t dp_cp = std::int64_t{p.dp} * p.cp;  // up to 1e8 · 1e5: past int
  if (dp_cp % p.ep != 0)
    out.add("parallelism.ep", [&] {
      return ProblemText{fmt::format("{} does not divide dp·cp = {}", p.ep, dp_cp),
                         "EP ranks are drawn from the dp·cp ranks; use an ep that divides dp·cp"};
    });
}

template <typename Sink>
void check_batch(const Job& job, Sink& out) {
  if (!layout_covers_gpus(job)) return;  // dp is wrong already; its batch split would mislead
  const auto& p = job.parallelism;
  const double per_step = double(p.dp) * p.micro_batch;
  if (std::fmod(double(p.global_batch), per_step) != 0.0)
    out.add("parallelism.global_batch", [&] {
      return ProblemText{fmt::format("{} sequences do not split into dp·micro_batch = {}·{} = {:.0f}", p.global_batch,
                                     p.dp, p.micro_batch, per_step),
                         "use a global batch that is a multiple of dp·micro_batch"};
    });
}

template <typename Sink>
void check_precision(const Job& job, Sink& out) {
  const auto& gpu = job.cluster.gpu;
  if (gpu.peak(job.parallelism.precision)) return;
  out.add("parallelism.precision", [&] {
    std::string available;
    for (const Precision precision : {Precision::fp16, Precision::bf16, Precision::fp8})
      if (gpu.peak(precision)) available += (available.empty() ? "" : ", ") + std::string(to_string(precision));
    return ProblemText{fmt::format("{} has no {} tensor cores", gpu.name, to_string(job.parallelism.precision)),
                       fmt::format("use one of {}", available)};
  });
}

// A kernel the job names must have a measured rate on its GPU; the framework's default may lack one
// (V100 has no fused attention), and then attention runs as unfused matmuls.
template <typename Sink>
void check_attention_kernel(const Job& job, Sink& out) {
  const auto& kernel = job.training.attention_kernel;
  if (!kernel || job.cluster.gpu.attention_efficiency(*kernel)) return;
  if (job.cluster.gpu.kernel_rates && job.cluster.gpu.kernel_rates->attention(*kernel)) return;
  out.add("training.attention_kernel", [&] {
    std::string available;
    for (const AttentionKernel other : {AttentionKernel::fused, AttentionKernel::flash2, AttentionKernel::flash1})
      if (job.cluster.gpu.attention_efficiency(other))
        available += (available.empty() ? "" : ", ") + std::string(to_string(other));
    return ProblemText{
        fmt::format("{} has no {} attention rate in the catalog", job.cluster.gpu.name, to_string(*kernel)),
        available.empty() ? "leave attention_kernel out, or give the GPU attention_efficiency in a --catalog file"
                          : fmt::format("use one of {}, or give attention_efficiency.{} in a --catalog file", available,
                                        to_string(*kernel))};
  });
}

// What a GPU generation can run: FlashAttention and the context parallelism built on it need
// Turing or later (FlashAttention README: Turing, Ampere, Ada, Hopper; Megatron-Core's CP runs through
// Transformer Engine's fused attention).
template <typename Sink>
void check_gpu_generation(const Job& job, Sink& out) {
  const auto& gpu = job.cluster.gpu;
  if (gpu.fused_attention) return;
  const auto& p = job.parallelism;
  const std::string which =
      fmt::format("{}{}", gpu.name, gpu.architecture.empty() ? "" : " (" + gpu.architecture + ")");
  if (p.flash_attention)
    out.add("parallelism.flash_attention", [&] {
      return ProblemText{fmt::format("{} runs no FlashAttention-class kernel (they need Turing or later)", which),
                         "set flash_attention: false (attention then stores its scores, as 2020's runs did)"};
    });
  if (p.cp > 1)
    out.add("parallelism.cp", [&] {
      return ProblemText{
          fmt::format("context parallelism runs its ring attention on fused attention kernels, which {} lacks", which),
          "set cp: 1"};
    });
}

template <typename Sink>
void check_node(const Job& job, Sink& out) {
  const auto& cluster = job.cluster;
  if (cluster.node.gpu.empty() || cluster.node.gpu == cluster.gpu.name) return;
  out.add("cluster.node", [&] {
    return ProblemText{fmt::format("node '{}' holds {}, not {}", cluster.node.name, cluster.node.gpu, cluster.gpu.name),
                       "leave node out to take the GPU's default node, or name a node that holds this GPU"};
  });
}

template <typename Sink>
void check_all(const Job& job, Sink& out) {
  check_tensor_parallel(job, out);
  check_product(job, out);
  check_pipeline(job, out);
  check_context_and_experts(job, out);
  check_batch(job, out);
  check_precision(job, out);
  check_attention_kernel(job, out);
  check_gpu_generation(job, out);
  check_node(job, out);
}

}  // namespace

Diagnostics validate_job(const Job& job, const FieldLocations& where) {
  Diagnostics out;
  DiagnosticSink sink(where, out);
  check_all(job, sink);
  return out;
}

std::optional<std::string_view> first_invalid_field(const Job& job, const FieldLocations& where) {
  FirstFieldSink sink(where);
  check_all(job, sink);
  return sink.first();
}

}  // namespace gigasim
