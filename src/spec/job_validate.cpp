#include "spec/job_validate.hpp"

#include <cmath>
#include <cstdint>
#include <numeric>

#include <fmt/format.h>

#include "spec/choices.hpp"

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

// Megatron-LM splits attention heads and KV groups across TP ranks (Shoeybi et al. 2019 §3).
void check_tensor_parallel(const Job& job, const FieldLocations& where, Diagnostics& out) {
  const auto& model = job.model;
  const int tp = job.parallelism.tp;
  if (model.heads % tp != 0)
    out.push_back({where.at("parallelism.tp"), "parallelism.tp",
                   fmt::format("{} does not divide the model's {} attention heads", tp, model.heads),
                   "use a tp that divides heads"});
  if (model.kv_heads % tp != 0)
    out.push_back({where.at("parallelism.tp"), "parallelism.tp",
                   fmt::format("{} does not divide the model's {} KV heads", tp, model.kv_heads),
                   fmt::format("use a tp that divides kv_heads, such as {}", std::gcd(tp, model.kv_heads))});
  if (job.parallelism.sp && tp == 1)
    out.push_back({where.at("parallelism.sp"), "parallelism.sp", "sequence parallelism needs tp > 1",
                   "remove sp or raise tp"});
  if (job.parallelism.sp && job.parallelism.seq_len % tp != 0)
    out.push_back({where.at("parallelism.seq_len"), "parallelism.seq_len",
                   fmt::format("{} tokens do not split over tp = {} for sequence parallelism", job.parallelism.seq_len, tp),
                   "use a seq_len divisible by tp"});
}

bool layout_covers_gpus(const Job& job) {
  const auto& p = job.parallelism;
  return double(p.tp) * p.pp * p.cp * p.dp == double(job.cluster.gpus);
}

void check_product(const Job& job, const FieldLocations& where, Diagnostics& out) {
  if (layout_covers_gpus(job)) return;
  const auto& p = job.parallelism;
  if (!where.written("parallelism.dp")) {
    const double model_parallel = double(p.tp) * p.pp * p.cp;
    out.push_back({where.at("cluster.gpus"), "cluster.gpus",
                   fmt::format("{} GPUs do not split into data-parallel copies of tp·pp·cp = {}·{}·{} = {:.0f} GPUs",
                               job.cluster.gpus, p.tp, p.pp, p.cp, model_parallel),
                   "use a GPU count that is a multiple of tp·pp·cp, or change tp, pp or cp"});
    return;
  }
  out.push_back({where.at("parallelism.dp"), "parallelism",
                 fmt::format("tp·pp·cp·dp = {}·{}·{}·{} = {:.0f}, not the job's {} GPUs", p.tp, p.pp, p.cp, p.dp,
                             double(p.tp) * p.pp * p.cp * p.dp, job.cluster.gpus),
                 "choose factors whose product is cluster.gpus (leave dp out to derive it)"});
}

void check_pipeline(const Job& job, const FieldLocations& where, Diagnostics& out) {
  const auto& p = job.parallelism;
  const int chunks = p.pp * p.vpp;
  if (chunks > job.model.layers)
    out.push_back({where.at("parallelism.pp"), "parallelism.pp",
                   fmt::format("pp·vpp = {} stages for only {} layers", chunks, job.model.layers),
                   "use at most one pipeline chunk per layer"});
  if (p.vpp > 1 && p.pp == 1)
    out.push_back({where.at("parallelism.vpp"), "parallelism.vpp", "interleaving needs a pipeline (pp > 1)",
                   "set vpp: 1 or raise pp"});
  if (p.stage_layers.empty()) return;
  const int total = std::accumulate(p.stage_layers.begin(), p.stage_layers.end(), 0);
  if (static_cast<int>(p.stage_layers.size()) != p.pp || total != job.model.layers)
    out.push_back({where.at("parallelism.stage_layers"), "parallelism.stage_layers",
                   fmt::format("{} stages holding {} layers, but the job has pp = {} and the model {} layers",
                               p.stage_layers.size(), total, p.pp, job.model.layers),
                   "list one layer count per stage, summing to the model's layers"});
}

void check_context_and_experts(const Job& job, const FieldLocations& where, Diagnostics& out) {
  const auto& p = job.parallelism;
  // Megatron's load-balanced CP gives each rank two chunks of the sequence (Megatron-Core docs).
  const int cp_chunks = p.cp > 1 ? 2 * p.cp : 1;
  if (p.seq_len % cp_chunks != 0)
    out.push_back({where.at("parallelism.cp"), "parallelism.cp",
                   fmt::format("seq_len {} does not split into 2·cp = {} equal chunks", p.seq_len, cp_chunks),
                   "use a cp for which 2·cp divides seq_len"});
  if (!job.model.moe) {
    if (p.ep > 1)
      out.push_back({where.at("parallelism.ep"), "parallelism.ep",
                     fmt::format("ep = {} but model '{}' has no experts", p.ep, job.model.name), "set ep: 1"});
    return;
  }
  if (job.model.moe->experts % p.ep != 0)
    out.push_back({where.at("parallelism.ep"), "parallelism.ep",
                   fmt::format("{} does not divide the model's {} experts", p.ep, job.model.moe->experts),
                   "use an ep that divides experts"});
  const std::int64_t dp_cp = std::int64_t{p.dp} * p.cp;  // up to 1e8 · 1e5: past int
  if (dp_cp % p.ep != 0)
    out.push_back({where.at("parallelism.ep"), "parallelism.ep",
                   fmt::format("{} does not divide dp·cp = {}", p.ep, dp_cp),
                   "EP ranks are drawn from the dp·cp ranks; use an ep that divides dp·cp"});
}

void check_batch(const Job& job, const FieldLocations& where, Diagnostics& out) {
  if (!layout_covers_gpus(job)) return;  // dp is wrong already; its batch split would mislead
  const auto& p = job.parallelism;
  const double per_step = double(p.dp) * p.micro_batch;
  if (std::fmod(double(p.global_batch), per_step) != 0.0)
    out.push_back({where.at("parallelism.global_batch"), "parallelism.global_batch",
                   fmt::format("{} sequences do not split into dp·micro_batch = {}·{} = {:.0f}", p.global_batch, p.dp,
                               p.micro_batch, per_step),
                   "use a global batch that is a multiple of dp·micro_batch"});
}

void check_precision(const Job& job, const FieldLocations& where, Diagnostics& out) {
  const auto& gpu = job.cluster.gpu;
  if (gpu.peak(job.parallelism.precision)) return;
  std::string available;
  for (const Precision precision : {Precision::fp16, Precision::bf16, Precision::fp8})
    if (gpu.peak(precision)) available += (available.empty() ? "" : ", ") + std::string(to_string(precision));
  out.push_back({where.at("parallelism.precision"), "parallelism.precision",
                 fmt::format("{} has no {} tensor cores", gpu.name, to_string(job.parallelism.precision)),
                 fmt::format("use one of {}", available)});
}

// A kernel the job names must have a measured rate on its GPU; the framework's default may lack one
// (V100 has no fused attention), and then attention runs as unfused matmuls.
void check_attention_kernel(const Job& job, const FieldLocations& where, Diagnostics& out) {
  const auto& kernel = job.training.attention_kernel;
  if (!kernel || job.cluster.gpu.attention_efficiency(*kernel)) return;
  std::string available;
  for (const AttentionKernel other : {AttentionKernel::fused, AttentionKernel::flash2, AttentionKernel::flash1})
    if (job.cluster.gpu.attention_efficiency(other))
      available += (available.empty() ? "" : ", ") + std::string(to_string(other));
  out.push_back({where.at("training.attention_kernel"), "training.attention_kernel",
                 fmt::format("{} has no {} attention rate in the catalog", job.cluster.gpu.name, to_string(*kernel)),
                 available.empty() ? "leave attention_kernel out, or give the GPU attention_efficiency in a --catalog file"
                                   : fmt::format("use one of {}, or give attention_efficiency.{} in a --catalog file",
                                                 available, to_string(*kernel))});
}

void check_node(const Job& job, const FieldLocations& where, Diagnostics& out) {
  const auto& cluster = job.cluster;
  if (cluster.node.gpu.empty() || cluster.node.gpu == cluster.gpu.name) return;
  out.push_back({where.at("cluster.node"), "cluster.node",
                 fmt::format("node '{}' holds {}, not {}", cluster.node.name, cluster.node.gpu, cluster.gpu.name),
                 "leave node out to take the GPU's default node, or name a node that holds this GPU"});
}

}  // namespace

Diagnostics validate_job(const Job& job, const FieldLocations& where) {
  Diagnostics out;
  check_tensor_parallel(job, where, out);
  check_product(job, where, out);
  check_pipeline(job, where, out);
  check_context_and_experts(job, where, out);
  check_batch(job, where, out);
  check_precision(job, where, out);
  check_attention_kernel(job, where, out);
  check_node(job, where, out);
  return out;
}

}  // namespace gigasim
