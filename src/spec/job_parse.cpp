#include "spec/job_parse.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "spec/entry_parse.hpp"
#include "spec/job_validate.hpp"
#include "spec/stage_layers.hpp"
#include "spec/yaml_fields.hpp"
#include "spec/yaml_load.hpp"
#include "util/text_distance.hpp"

namespace gigasim {
namespace {

using yaml_fields::MappingReader;
using yaml_fields::Range;

// Bounds of the job fields beyond spec/field_range.hpp's.
constexpr Range kGlobalTokensRange{1, 1e13};
constexpr Range kStageLayersRange{1, 1e4};
constexpr Range kFractionRange{0, 1};
constexpr Range kImbalanceRange{0, 10};  // the busiest rank at up to 11× the mean
// A GPU more than 10× slower is broken, not straggling.
constexpr Range kSlowdownRange{0, 10};
constexpr Range kSeedRange{0, 2147483647};

// A catalog name or a mapping of the entry's fields, for model, gpu, node and fabric.
template <class Entry, class Reader>
std::optional<Entry> read_named_or_mapping(MappingReader& fields, std::string_view key,
                                           const std::map<std::string, Entry, std::less<>>& catalog,
                                           std::string_view kind, Reader reader, std::string_view file,
                                           Diagnostics& out) {
  const YAML::Node node = fields.node(key);
  if (node.IsMap()) return reader(node, "custom-" + std::string(key), fields.field_path(key), file, out);
  const auto name = fields.text(key);
  if (!name) return std::nullopt;
  if (const auto found = catalog.find(*name); found != catalog.end()) return found->second;
  const auto suggestion = closest_match(*name, names_of(catalog));
  fields.report(key, fmt::format("no {} named '{}' in the catalog", kind, *name),
                suggestion ? fmt::format("did you mean '{}'? (`gigasim catalog` lists them)", *suggestion)
                           : fmt::format("use one of: {}", fmt::join(names_of(catalog), ", ")));
  return std::nullopt;
}

void reject_auto(MappingReader& fields, std::string_view key) {
  (void)fields.node(key);  // read here, so it is not also reported as an unknown field
  if (fields.is_auto(key))
    fields.report(key, "'auto' is chosen by `gigasim search` and `gigasim estimate`",
                  "give a number here (only dp may be auto: it is derived from the GPU count)");
  else if (fields.node(key).IsSequence())
    fields.report(key, "a list of values is searched by `gigasim search` and `gigasim estimate`",
                  "give one number here");
}

// A searchable whole-number field: a number, or, when `choices` is given (search), `auto` or a list.
// Returns the value a job without search uses: the number, the list's first value, or `fallback`.
int read_searchable(MappingReader& fields, std::string_view key, Range range, int fallback,
                    FieldChoices<int>* choices) {
  if (choices == nullptr) {
    reject_auto(fields, key);
    if (fields.is_auto(key) || fields.node(key).IsSequence()) return fallback;
    return fields.integer(key, range).value_or(fallback);
  }
  if (fields.is_auto(key)) {
    (void)fields.node(key);
    choices->automatic = true;
    return fallback;
  }
  if (fields.node(key).IsSequence()) {
    const auto list = fields.integer_list(key, range);
    if (list && list->empty()) fields.report(key, "is an empty list", "give at least one value, or auto");
    if (!list || list->empty()) return fallback;
    choices->values = *list;
    return list->front();
  }
  const int value = fields.integer(key, range).value_or(fallback);
  choices->values = {value};
  return value;
}

// The recompute mode: a name, or, when searching, `auto` or a list of names.
Recompute read_recompute(MappingReader& fields, FieldChoices<Recompute>* choices) {
  constexpr Recompute kDefault = Recompute::selective;
  if (choices != nullptr && fields.is_auto("recompute")) {
    (void)fields.node("recompute");
    choices->automatic = true;
    return kDefault;
  }
  if (choices != nullptr && fields.node("recompute").IsSequence()) {
    const auto names = fields.text_list("recompute");
    if (!names || names->empty()) {
      if (names) fields.report("recompute", "is an empty list", "give at least one mode, or auto");
      return kDefault;
    }
    for (const std::string& name : *names) {
      const auto mode = value_in(recompute_choices(), name);
      if (!mode) {
        std::string known;
        for (const auto& choice : recompute_choices()) known += (known.empty() ? "" : ", ") + std::string(choice.name);
        fields.report("recompute", fmt::format("'{}' is not a recompute mode", name), fmt::format("use {}", known));
        return kDefault;
      }
      choices->values.push_back(*mode);
    }
    return choices->values.front();
  }
  const Recompute mode = fields.choice("recompute", recompute_choices()).value_or(kDefault);
  if (choices != nullptr) choices->values = {mode};
  return mode;
}

struct ParsedCluster {
  std::optional<GpuSpec> gpu;
  std::optional<int> gpus;
  std::optional<NodeSpec> node;
  std::optional<FabricSpec> fabric;
};

ParsedCluster read_cluster(MappingReader& root, const Catalog& catalog, std::string_view file, FieldLocations& where,
                           Diagnostics& out) {
  ParsedCluster cluster;
  root.require("cluster", "give cluster: { gpu: h100-sxm, gpus: 1024 }");
  if (!root.has("cluster")) return cluster;
  MappingReader fields(root.node("cluster"), "cluster", file, out);
  if (!fields.valid()) return cluster;
  for (const char* key : {"gpu", "gpus", "node", "fabric"})
    if (fields.has(key)) where.set(fields.field_path(key), fields.where(key));
  fields.require("gpu", "name a GPU from `gigasim catalog gpus`, e.g. h100-sxm");
  fields.require("gpus", "give the GPUs in the job, e.g. 1024");
  cluster.gpu = read_named_or_mapping(fields, "gpu", catalog.gpus, "GPU", entry_parse::read_gpu, file, out);
  if (cluster.gpu && !link_kernel_rates(*cluster.gpu, catalog))
    fields.report(
        "gpu", fmt::format("names kernel rates '{}', which the catalog does not have", cluster.gpu->kernel_rates_name),
        fmt::format("use one of: {}", fmt::join(names_of(catalog.kernel_rates), ", ")));
  cluster.gpus = fields.integer("gpus", kGpusRange);

  const auto default_of = [&](const auto& entries, const std::string& name, std::string_view key,
                              std::string_view owner) {
    using Entry = typename std::decay_t<decltype(entries)>::mapped_type;
    if (const auto found = entries.find(name); found != entries.end()) return std::optional<Entry>(found->second);
    fields.report(key, fmt::format("is left out and {} names no default {}", owner, key),
                  fmt::format("name a {} from `gigasim catalog`", key));
    return std::optional<Entry>();
  };
  if (fields.has("node")) {
    cluster.node = read_named_or_mapping(fields, "node", catalog.nodes, "node", entry_parse::read_node, file, out);
  } else if (cluster.gpu) {
    (void)fields.node("node");
    cluster.node = default_of(catalog.nodes, cluster.gpu->default_node, "node", "the GPU");
  }
  if (fields.has("fabric")) {
    cluster.fabric =
        read_named_or_mapping(fields, "fabric", catalog.fabrics, "fabric", entry_parse::read_fabric, file, out);
  } else if (cluster.node) {
    (void)fields.node("fabric");
    cluster.fabric = default_of(catalog.fabrics, cluster.node->default_fabric, "fabric", "the node");
  }
  // The GPU's own default node holds that GPU (dgx-a100 is listed with the 80 GB A100 and is also
  // the 40 GB part's default), and so does any node a GPU described inline is put in.
  const bool gpu_inline = fields.node("gpu").IsMap();
  if (cluster.gpu && cluster.node && (gpu_inline || !fields.has("node"))) cluster.node->gpu = cluster.gpu->name;
  fields.reject_unknown_keys();
  return cluster;
}

constexpr std::string_view kParallelismFields[] = {"tp",
                                                   "sp",
                                                   "pp",
                                                   "vpp",
                                                   "cp",
                                                   "ep",
                                                   "dp",
                                                   "zero",
                                                   "recompute",
                                                   "flash_attention",
                                                   "micro_batch",
                                                   "global_batch",
                                                   "global_batch_tokens",
                                                   "seq_len",
                                                   "precision",
                                                   "stage_layers",
                                                   "schedule",
                                                   "ep_overlap",
                                                   "tp_overlap",
                                                   "dp_overlap"};

// Reads the layout with INTERFACE.md §1's defaults; dp stays 0 when it is to be derived.
// With `space` (search), the searchable fields may be `auto` or lists and are recorded there.
std::optional<Parallelism> read_parallelism(MappingReader& root, const GpuSpec* gpu, const ModelSpec* model,
                                            std::string_view file, FieldLocations& where, Diagnostics& out,
                                            SearchSpace* space) {
  root.require("parallelism", "give at least parallelism: { global_batch: 1024 }");
  if (!root.has("parallelism")) return std::nullopt;
  MappingReader fields(root.node("parallelism"), "parallelism", file, out);
  if (!fields.valid()) return std::nullopt;
  where.set("parallelism", fields.where("tp"));
  for (const std::string_view key : kParallelismFields)
    if (fields.has(key)) where.set(fields.field_path(key), fields.where(key));
  const std::size_t problems_before = out.size();
  const auto choices = [space](FieldChoices<int> SearchSpace::*field) {
    return space != nullptr ? &(space->*field) : nullptr;
  };
  Parallelism p;
  p.dp = 0;
  p.tp = read_searchable(fields, "tp", kTpRange, 1, choices(&SearchSpace::tp));
  p.pp = read_searchable(fields, "pp", kPpRange, 1, choices(&SearchSpace::pp));
  p.vpp = read_searchable(fields, "vpp", kVppRange, 1, choices(&SearchSpace::vpp));
  p.cp = read_searchable(fields, "cp", kCpRange, 1, choices(&SearchSpace::cp));
  p.ep = read_searchable(fields, "ep", kEpRange, 1, choices(&SearchSpace::ep));
  if (fields.is_auto("dp"))
    (void)fields.node("dp");  // 0: derived from the GPU count below
  else
    p.dp = fields.integer("dp", kDpRange).value_or(0);
  p.sp = fields.boolean("sp").value_or(p.tp > 1);
  p.zero = read_searchable(fields, "zero", kZeroRange, 1, choices(&SearchSpace::zero));
  p.recompute = read_recompute(fields, space != nullptr ? &space->recompute : nullptr);
  p.flash_attention = fields.boolean("flash_attention").value_or(gpu == nullptr || gpu->fused_attention);
  p.micro_batch = read_searchable(fields, "micro_batch", kMicroBatchRange, 1, choices(&SearchSpace::micro_batch));
  p.seq_len = fields.integer("seq_len", kSeqRange).value_or(model ? model->seq_len : 0);
  const bool has_bf16 = gpu == nullptr || gpu->dense_peak.bf16.has_value();
  p.precision = fields.choice("precision", precision_choices()).value_or(has_bf16 ? Precision::bf16 : Precision::fp16);
  p.stage_layers = fields.integer_list("stage_layers", kStageLayersRange).value_or(std::vector<int>{});
  p.schedule = fields.choice("schedule", pipeline_schedule_choices());
  p.ep_overlap = fields.boolean("ep_overlap").value_or(false);
  p.tp_overlap = fields.boolean("tp_overlap").value_or(false);
  p.dp_overlap = fields.boolean("dp_overlap").value_or(true);
  if (!p.dp_overlap && p.zero == 3)
    fields.report("dp_overlap", "is false with zero: 3",
                  "ZeRO-3 gathers and reduces layer by layer within every pass; give dp_overlap: false with zero 0 "
                  "to 2");

  const bool has_sequences = fields.has("global_batch");
  const bool has_tokens = fields.has("global_batch_tokens");
  if (has_sequences && has_tokens) {
    fields.report("global_batch_tokens", "is given together with global_batch", "give one of the two");
  } else if (has_sequences) {
    p.global_batch = fields.integer("global_batch", kGlobalBatchRange).value_or(0);
  } else if (has_tokens) {
    const auto tokens = fields.number("global_batch_tokens", kGlobalTokensRange);
    if (tokens && p.seq_len > 0) {
      if (std::fmod(*tokens, p.seq_len) != 0.0)
        fields.report("global_batch_tokens",
                      fmt::format("{:.0f} tokens are not whole sequences of {}", *tokens, p.seq_len),
                      "use a multiple of seq_len");
      else if (*tokens / p.seq_len > kGlobalBatchRange.max)
        fields.report("global_batch_tokens",
                      fmt::format("{:.0f} tokens are {:.0f} sequences of {}, out of range", *tokens,
                                  *tokens / p.seq_len, p.seq_len),
                      fmt::format("use at most {:g} sequences per step", kGlobalBatchRange.max));
      else
        p.global_batch = static_cast<int>(*tokens / p.seq_len);
    }
  } else {
    fields.require("global_batch", "give the sequences per step (or global_batch_tokens)");
  }
  (void)fields.node("global_batch");
  (void)fields.node("global_batch_tokens");
  // A value that did not parse leaves a default that cross-field checks would misjudge; an unknown
  // key beside good values does not, so the layout is still checked and every problem reported.
  if (out.size() != problems_before) {
    fields.reject_unknown_keys();
    return std::nullopt;
  }
  fields.reject_unknown_keys();
  return p;
}

}  // namespace

namespace {

Stragglers read_stragglers(MappingReader& root, int gpus, std::string_view origin, Diagnostics& problems) {
  MappingReader fields(root.node("stragglers"), "stragglers", origin, problems);
  Stragglers stragglers;
  stragglers.fraction = fields.number("fraction", kFractionRange).value_or(0.0);
  if (fields.has("gpus"))
    stragglers.gpus = fields.integer_list("gpus", Range{0, std::max(0.0, gpus - 1.0)}).value_or(std::vector<int>{});
  fields.require("slowdown", "say how much longer a straggler's compute takes, e.g. slowdown: 0.2 for 20%");
  stragglers.slowdown = fields.number("slowdown", kSlowdownRange).value_or(0.0);
  if (fields.has("slowdown_max")) {
    stragglers.slowdown_max = fields.number("slowdown_max", kSlowdownRange).value_or(0.0);
    if (stragglers.slowdown_max < stragglers.slowdown)
      fields.report("slowdown_max",
                    fmt::format("{} is below slowdown ({})", stragglers.slowdown_max, stragglers.slowdown),
                    "give the top of the uniform range, at least slowdown");
  }
  stragglers.seed = fields.integer("seed", kSeedRange).value_or(1);
  if (!fields.has("fraction") && !fields.has("gpus"))
    fields.report("fraction", "no straggler is named", "give fraction: (of the GPUs, e.g. 0.01) or gpus: [ranks]");
  fields.reject_unknown_keys();
  return stragglers;
}

// Where a job's cluster comes from: its own `cluster:` section, or (an entry of a cluster file) the
// file's cluster with the entry's GPU count, the entry's other keys read by the caller.
struct GivenCluster {
  const ClusterSpec* cluster = nullptr;
  std::span<const std::string_view> other_keys;
};

ParsedCluster parsed(const ClusterSpec& cluster) {
  return {cluster.gpu, cluster.gpus, cluster.node, cluster.fabric};
}

// All parsers: with `space`, the layout is to be searched, so searchable fields may be `auto` or
// lists and the layout checks are left to the search (which counts them per candidate).
Result<Job, Diagnostics> parse_job_mapping(const YAML::Node& root_node, std::string_view origin, const Catalog& catalog,
                                           SearchSpace* space, const GivenCluster& given, Diagnostics problems) {
  MappingReader root(root_node, "", origin, problems);
  for (const std::string_view key : given.other_keys) (void)root.node(key);
  FieldLocations where{std::string(origin)};
  for (const char* key : {"model", "cluster", "parallelism", "training"})
    if (root.has(key)) where.set(key, root.where(key));

  root.require("model", "name a model from `gigasim catalog models`, e.g. llama3-70b");
  const auto model = root.has("model") ? read_named_or_mapping(root, "model", catalog.models, "model",
                                                               entry_parse::read_model, origin, problems)
                                       : std::nullopt;
  if (given.cluster != nullptr && root.has("cluster"))
    root.report("cluster", "a job of a cluster file runs on the file's cluster",
                "leave cluster: out of the job and give its GPU count as gpus:");
  const ParsedCluster cluster =
      given.cluster != nullptr ? parsed(*given.cluster) : read_cluster(root, catalog, origin, where, problems);
  auto parallelism = read_parallelism(root, cluster.gpu ? &*cluster.gpu : nullptr, model ? &*model : nullptr, origin,
                                      where, problems, space);

  Training training;
  if (root.has("training")) {
    MappingReader fields(root.node("training"), "training", origin, problems);
    if (fields.has("attention_kernel"))
      where.set(fields.field_path("attention_kernel"), fields.where("attention_kernel"));
    training.tokens = fields.number("tokens", kTrainTokensRange);
    training.flops = fields.number("flops", kTrainFlopsRange);
    if (training.tokens && training.flops)
      fields.report("flops", "the work is given twice, as tokens and as flops",
                    "keep one: tokens to train on, or flops (the model's FLOPs per token sets the tokens)");
    training.framework = fields.choice("framework", framework_choices()).value_or(Framework::megatron);
    training.attention_kernel = fields.choice("attention_kernel", attention_kernel_choices());
    training.cuda_graphs = fields.choice("cuda_graphs", cuda_graphs_choices()).value_or(CudaGraphs::none);
    training.moe_load_imbalance =
        fields.number("moe_load_imbalance", kImbalanceRange).value_or(training.moe_load_imbalance);
    training.compile = fields.boolean("compile").value_or(false);
    training.fused_norm = fields.boolean("fused_norm").value_or(false);
    for (const char* key : {"compile", "fused_norm"})
      if (fields.has(key) && training.framework != Framework::torchtitan)
        fields.report(key, "applies to training.framework: torchtitan only",
                      "leave it out: Megatron-LM and NeMo run Transformer Engine's fused kernels");
    fields.reject_unknown_keys();
  }
  (void)root.node("training");
  const Stragglers stragglers =
      root.has("stragglers") ? read_stragglers(root, cluster.gpus.value_or(0), origin, problems) : Stragglers{};
  root.reject_unknown_keys();
  if (!model || !cluster.gpu || !cluster.gpus || !cluster.node || !cluster.fabric || !parallelism)
    return fail(std::move(problems));

  Job job{*model, {*cluster.gpu, *cluster.gpus, *cluster.node, *cluster.fabric}, *parallelism, training, stragglers};
  auto& p = job.parallelism;
  const double model_parallel = double(p.tp) * p.pp * p.cp;
  if (space != nullptr) {
    space->dp_given = p.dp != 0;
    space->sp_given = where.written("parallelism.sp");
    space->stage_layers_given = !p.stage_layers.empty();
  }
  if (p.dp == 0) p.dp = std::max(1, static_cast<int>(job.cluster.gpus / model_parallel));
  for (const Diagnostic& problem : validate_job(job, where))
    if (space == nullptr || !problem.field.starts_with("parallelism")) problems.push_back(problem);
  if (!problems.empty()) return fail(std::move(problems));
  // A searched layout gets its stages per candidate, once the candidate is checked.
  if (space == nullptr && p.stage_layers.empty()) p.stage_layers = default_stage_layers(job.model.layers, p.pp, p.vpp);
  return job;
}

Result<Job, Diagnostics> parse_any_job(std::string_view text, std::string_view origin, const Catalog& catalog,
                                       SearchSpace* space) {
  Diagnostics problems;
  const auto root_node = load_yaml_mapping(text, origin, "model, cluster and parallelism", problems);
  if (!root_node) return fail(std::move(problems));
  return parse_job_mapping(*root_node, origin, catalog, space, {}, std::move(problems));
}

}  // namespace

std::optional<Job> fixed_job(const SearchJob& job) {
  if (!job.space.fixed()) return std::nullopt;
  Job fixed = job.base;
  if (first_invalid_field(fixed, FieldLocations{""})) return std::nullopt;
  Parallelism& p = fixed.parallelism;
  if (p.stage_layers.empty()) p.stage_layers = default_stage_layers(fixed.model.layers, p.pp, p.vpp);
  return fixed;
}

Result<Job, Diagnostics> parse_job(std::string_view text, std::string_view origin, const Catalog& catalog) {
  return parse_any_job(text, origin, catalog, nullptr);
}

std::optional<ClusterSpec> parse_cluster_section(const YAML::Node& root_node, std::string_view origin,
                                                 const Catalog& catalog, Diagnostics& problems) {
  MappingReader root(root_node, "", origin, problems);
  FieldLocations where{std::string(origin)};
  const ParsedCluster cluster = read_cluster(root, catalog, origin, where, problems);
  if (!cluster.gpu || !cluster.gpus || !cluster.node || !cluster.fabric) return std::nullopt;
  return ClusterSpec{*cluster.gpu, *cluster.gpus, *cluster.node, *cluster.fabric};
}

Result<Job, Diagnostics> parse_job_entry(const YAML::Node& entry, std::string_view origin, const Catalog& catalog,
                                         const ClusterSpec& cluster, std::span<const std::string_view> other_keys) {
  return parse_job_mapping(entry, origin, catalog, nullptr, {&cluster, other_keys}, {});
}

Result<SearchJob, Diagnostics> parse_search_job_mapping(const YAML::Node& root, std::string_view origin,
                                                        const Catalog& catalog) {
  SearchSpace space;
  auto job = parse_job_mapping(root, origin, catalog, &space, {}, {});
  if (!job.ok()) return fail(std::move(job.error()));
  return SearchJob{std::move(job.value()), std::move(space)};
}

Result<SearchJob, Diagnostics> parse_search_job(std::string_view text, std::string_view origin,
                                                const Catalog& catalog) {
  SearchSpace space;
  auto job = parse_any_job(text, origin, catalog, &space);
  if (!job.ok()) return fail(std::move(job.error()));
  return SearchJob{std::move(job.value()), std::move(space)};
}

}  // namespace gigasim
