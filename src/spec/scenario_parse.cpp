#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <yaml-cpp/yaml.h>

#include "spec/embedded_data.hpp"
#include "spec/job_parse.hpp"
#include "spec/scenario.hpp"
#include "spec/yaml_fields.hpp"
#include "spec/yaml_load.hpp"

namespace gigasim {
namespace {

using yaml_fields::MappingReader;
using yaml_fields::Range;

constexpr Range kTokensRange{1, 1e17};
constexpr Range kDaysRange{0.001, 1e5};
constexpr Range kPueRange{1.0, 3.0};
constexpr Range kRackRange{1, 2000};
constexpr Range kFeedRange{10, 800};
constexpr Range kPositive{0, 1e18};
constexpr Range kWithinRange{0, 10};
constexpr Range kCarbonRange{0, 2000};
constexpr Range kPriceRange{0, 10000};
constexpr Range kYearsRange{0.5, 50};
constexpr Range kShareRange{0, 1};
constexpr Range kIntervalMinRange{0.1, 10080};  // a checkpoint at most once a week
constexpr Range kSparesRange{0, 1e6};
constexpr Range kTrialsRange{10, 1e5};   // fewer than 10 trials give no 90th percentile
constexpr int kAutoGpusPlaceholder = 8;  // sizing replaces it
// Layout fields a scenario leaves to the search when it does not give them (ep stays 1: it needs
// a MoE model, which the scenario need not be).
constexpr std::array<std::string_view, 7> kSearched{"tp", "pp", "vpp", "cp", "zero", "micro_batch", "recompute"};
// Without a batch, 16M tokens a step: Llama 3 405B's batch at the end of pre-training (Llama 3
// paper §3.4.1).
constexpr double kDefaultBatchTokens = 16.0 * 1024 * 1024;

bool is_date(const std::string& text) {
  constexpr std::size_t kLength = 10;  // YYYY-MM-DD
  if (text.size() != kLength || text[4] != '-' || text[7] != '-') return false;
  for (const std::size_t i : {0U, 1U, 2U, 3U, 5U, 6U, 8U, 9U})
    if (text[i] < '0' || text[i] > '9') return false;
  const int month = std::stoi(text.substr(5, 2));
  const int day = std::stoi(text.substr(8, 2));
  constexpr int kMonths = 12;
  constexpr int kDays = 31;
  return month >= 1 && month <= kMonths && day >= 1 && day <= kDays;
}

SiteSpec read_site_mapping(MappingReader& fields, const std::string& name) {
  SiteSpec site;
  site.name = fields.text("name").value_or(name);
  site.description = fields.text("description").value_or("");
  site.grid_g_co2_per_kwh = fields.number("grid_g_co2_per_kwh", kCarbonRange);
  site.electricity_usd_per_mwh = fields.number("electricity_usd_per_mwh", kPriceRange);
  site.pue = fields.number("pue", kPueRange);
  site.available_mw = fields.number("available_mw", kPositive);
  fields.reject_unknown_keys();
  return site;
}

std::optional<ScenarioCheck> read_check(const YAML::Node& node, int index, std::string_view origin,
                                        Diagnostics& problems) {
  MappingReader fields(node, fmt::format("checks[{}]", index), origin, problems);
  if (!fields.valid()) return std::nullopt;
  ScenarioCheck check;
  fields.require("claim", "say what is claimed, e.g. claim: \"about 100 MW\"");
  fields.require("metric",
                 fmt::format("name what of the plan it is about: {}", fmt::join(scenario_check_metrics(), ", ")));
  check.claim = fields.text("claim").value_or("");
  check.source = fields.text("source").value_or("");
  check.note = fields.text("note").value_or("");
  check.metric = fields.text("metric").value_or("");
  const auto& metrics = scenario_check_metrics();
  if (fields.has("metric") && std::find(metrics.begin(), metrics.end(), check.metric) == metrics.end())
    fields.report("metric", fmt::format("'{}' is not something a plan reports", check.metric),
                  fmt::format("use one of {}", fmt::join(metrics, ", ")));
  const int sides = (fields.has("near") ? 1 : 0) + (fields.has("at_least") ? 1 : 0) + (fields.has("at_most") ? 1 : 0);
  if (sides != 1)
    fields.report("near", "the claim needs one comparison", "give near: (with within:), at_least: or at_most:");
  if (fields.has("near")) {
    check.kind = ScenarioCheck::Kind::near;
    check.value = fields.number("near", kPositive).value_or(0.0);
    check.within = fields.number("within", kWithinRange).value_or(0.1);
  } else if (fields.has("at_least")) {
    check.kind = ScenarioCheck::Kind::at_least;
    check.value = fields.number("at_least", kPositive).value_or(0.0);
  } else if (fields.has("at_most")) {
    check.kind = ScenarioCheck::Kind::at_most;
    check.value = fields.number("at_most", kPositive).value_or(0.0);
  }
  fields.reject_unknown_keys();
  return check;
}

}  // namespace

std::string_view to_string(Cooling cooling) {
  return cooling == Cooling::liquid ? "liquid" : "air";
}

const std::vector<std::string_view>& scenario_check_metrics() {
  static const std::vector<std::string_view> metrics{"facility_average_mw",
                                                     "facility_peak_mw",
                                                     "it_average_mw",
                                                     "gpus",
                                                     "per_accelerator_w",
                                                     "energy_mwh",
                                                     "tco2",
                                                     "days",
                                                     "accelerator_energy_mwh",
                                                     "accelerator_tco2",
                                                     "gpu_capex_usd",
                                                     "capex_usd",
                                                     "cost_per_run_usd",
                                                     "cloud_per_year_usd",
                                                     "breakeven_months",
                                                     "large_power_plants",
                                                     "substation_transformers",
                                                     "wall_days",
                                                     "interruptions",
                                                     "goodput",
                                                     "mfu"};
  return metrics;
}

std::optional<BuiltinScenario> builtin_scenario(std::string_view name) {
  const std::string path = fmt::format("data/scenarios/{}.yaml", name);
  for (const EmbeddedText& file : embedded_plan_files())
    if (file.name == path) return BuiltinScenario{file.name, file.text};
  return std::nullopt;
}

std::vector<std::string> builtin_scenario_names() {
  constexpr std::string_view kFolder = "data/scenarios/";
  constexpr std::string_view kExtension = ".yaml";
  std::vector<std::string> names;
  for (const EmbeddedText& file : embedded_plan_files())
    if (file.name.starts_with(kFolder) && file.name.ends_with(kExtension))
      names.emplace_back(file.name.substr(kFolder.size(), file.name.size() - kFolder.size() - kExtension.size()));
  return names;
}

std::vector<BuiltinScenarioSummary> builtin_scenario_summaries() {
  std::vector<BuiltinScenarioSummary> summaries;
  for (std::string& name : builtin_scenario_names()) {
    const auto scenario = builtin_scenario(name);
    std::string description;
    std::string_view rest = scenario ? scenario->text : std::string_view();
    // The comment lines before the first field, joined.
    while (rest.starts_with("#")) {
      const std::size_t end = std::min(rest.find('\n'), rest.size());
      std::string_view line = rest.substr(1, end - 1);
      while (line.starts_with(' ')) line.remove_prefix(1);
      if (!description.empty() && !line.empty()) description += ' ';
      description += line;
      rest.remove_prefix(std::min(end + 1, rest.size()));
    }
    summaries.push_back({std::move(name), std::move(description)});
  }
  return summaries;
}

Result<std::map<std::string, SiteSpec, std::less<>>, Diagnostics> load_builtin_sites() {
  Diagnostics problems;
  std::map<std::string, SiteSpec, std::less<>> sites;
  for (const EmbeddedText& file : embedded_plan_files()) {
    if (file.name != "data/sites.yaml") continue;
    const auto root = load_yaml_mapping(file.text, file.name, "sites", problems);
    if (!root) break;
    MappingReader top(*root, "", file.name, problems);
    const YAML::Node entries = top.node("sites");
    for (const auto& entry : entries) {
      const auto name = entry.first.as<std::string>();
      MappingReader fields(entry.second, "sites." + name, file.name, problems);
      sites.emplace(name, read_site_mapping(fields, name));
    }
    top.reject_unknown_keys();
  }
  if (!problems.empty()) return fail(std::move(problems));
  return sites;
}

Result<std::map<std::string, CloudPrices, std::less<>>, Diagnostics> load_builtin_cloud_prices() {
  Diagnostics problems;
  std::map<std::string, CloudPrices, std::less<>> prices;
  for (const EmbeddedText& file : embedded_plan_files()) {
    if (file.name != "data/cloud.yaml") continue;
    const auto root = load_yaml_mapping(file.text, file.name, "cloud", problems);
    if (!root) break;
    MappingReader top(*root, "", file.name, problems);
    for (const auto& entry : top.node("cloud")) {
      const auto gpu = entry.first.as<std::string>();
      MappingReader fields(entry.second, "cloud." + gpu, file.name, problems);
      CloudPrices price;
      const auto read = [&](const char* key, std::optional<double>& usd, std::string& date) {
        if (!fields.has(key)) return;
        MappingReader tier(fields.node(key), fmt::format("cloud.{}.{}", gpu, key), file.name, problems);
        usd = tier.number("usd_per_gpu_hour", kPriceRange);
        date = tier.text("date").value_or("");
        (void)tier.node("source");
        tier.reject_unknown_keys();
      };
      read("on_demand", price.on_demand_usd_per_gpu_hour, price.on_demand_date);
      read("reserved", price.reserved_usd_per_gpu_hour, price.reserved_date);
      fields.reject_unknown_keys();
      prices.emplace(gpu, price);
    }
    top.reject_unknown_keys();
  }
  if (!problems.empty()) return fail(std::move(problems));
  return prices;
}

Result<Scenario, Diagnostics> parse_scenario(std::string_view text, std::string_view origin, const Catalog& catalog) {
  Diagnostics problems;
  auto root_node = load_yaml_mapping(text, origin, "name, model, training and cluster", problems);
  if (!root_node) return fail(std::move(problems));
  MappingReader root(*root_node, "", origin, problems);
  Scenario scenario;
  root.require("name", "name the scenario, e.g. name: gigafactory-100k-h100");
  root.require("model", "name a model from `gigasim catalog models`, e.g. grok-3-class");
  root.require("cluster", "describe the cluster: cluster: { gpu: h100-sxm, gpus: 100000 }");
  scenario.name = root.text("name").value_or("");

  YAML::Node job(YAML::NodeType::Map);
  job["model"] = root.node("model");
  YAML::Node training_job(YAML::NodeType::Map);
  if (root.has("training")) {
    MappingReader fields(root.node("training"), "training", origin, problems);
    if (fields.has("tokens")) {
      training_job["tokens"] = fields.node("tokens");
      (void)fields.number("tokens", kTokensRange);
    }
    if (fields.has("flops")) {
      training_job["flops"] = fields.node("flops");
      (void)fields.number("flops", kTrainFlopsRange);
    }
    scenario.pinned_days = fields.number("days", kDaysRange);
    scenario.start = fields.text("start");
    if (scenario.start && !is_date(*scenario.start))
      fields.report("start", fmt::format("'{}' is not a date", *scenario.start), "write it as YYYY-MM-DD");
    fields.reject_unknown_keys();
  }
  if (training_job.size() > 0) job["training"] = training_job;

  if (root.has("cluster")) {
    MappingReader fields(root.node("cluster"), "cluster", origin, problems);
    YAML::Node cluster(YAML::NodeType::Map);
    for (const char* key : {"gpu", "node", "fabric"})
      if (fields.has(key)) cluster[key] = fields.node(key);
    fields.require("gpus", "give the GPU count, or gpus: auto with constraints.deadline_days");
    scenario.gpus_auto = fields.is_auto("gpus");
    if (scenario.gpus_auto)
      cluster["gpus"] = kAutoGpusPlaceholder;
    else if (fields.has("gpus"))
      cluster["gpus"] = fields.node("gpus");
    job["cluster"] = cluster;
    YAML::Node parallelism = fields.has("parallelism") ? fields.node("parallelism") : YAML::Node(YAML::NodeType::Map);
    if (parallelism.IsMap()) {
      for (const std::string_view key : kSearched)
        if (!parallelism[std::string(key)]) parallelism[std::string(key)] = "auto";
      if (!parallelism["global_batch"] && !parallelism["global_batch_tokens"])
        parallelism["global_batch_tokens"] = kDefaultBatchTokens;
    }
    job["parallelism"] = parallelism;
    fields.reject_unknown_keys();
  }

  if (root.has("site")) {
    const YAML::Node site = root.node("site");
    if (site.IsMap()) {
      MappingReader fields(site, "site", origin, problems);
      scenario.site = read_site_mapping(fields, "site");
    } else if (const auto name = root.text("site")) {
      const auto sites = load_builtin_sites();
      if (sites)
        if (const auto found = sites.value().find(*name); found != sites.value().end()) scenario.site = found->second;
      if (!scenario.site) {
        std::vector<std::string> names;
        if (sites)
          for (const auto& [known, spec] : sites.value()) names.push_back(known);
        root.report("site", fmt::format("'{}' is not a known site", *name),
                    fmt::format("use one of {} (data/sites.yaml), or a mapping with grid_g_co2_per_kwh",
                                fmt::join(names, ", ")));
      }
    }
  }
  if (root.has("facility")) {
    MappingReader fields(root.node("facility"), "facility", origin, problems);
    if (fields.has("cooling")) {
      const auto cooling = fields.text("cooling");
      if (cooling == "air")
        scenario.cooling = Cooling::air;
      else if (cooling != "liquid")
        fields.report("cooling", fmt::format("'{}' is not a cooling type", cooling.value_or("")), "use liquid or air");
    }
    scenario.pue = fields.number("pue", kPueRange);
    scenario.rack_power_kw = fields.number("rack_power_kw", kRackRange).value_or(scenario.rack_power_kw);
    scenario.feed_kv = fields.number("feed_kv", kFeedRange).value_or(scenario.feed_kv);
    fields.reject_unknown_keys();
  }
  if (root.has("constraints")) {
    MappingReader fields(root.node("constraints"), "constraints", origin, problems);
    scenario.deadline_days = fields.number("deadline_days", kDaysRange);
    scenario.power_cap_mw = fields.number("power_cap_mw", kPositive);
    scenario.budget_usd = fields.number("budget_usd", kPositive);
    scenario.run_budget_usd = fields.number("run_budget_usd", kPositive);
    fields.reject_unknown_keys();
  }
  if (scenario.gpus_auto && !scenario.deadline_days)
    root.report("cluster", "gpus: auto sizes the cluster for a deadline, and none is given",
                "add constraints: { deadline_days: 120 } or give cluster.gpus");
  if (root.has("reliability")) {
    MappingReader fields(root.node("reliability"), "reliability", origin, problems);
    const auto checkpoint = fields.text("checkpoint");
    if (checkpoint == "asynchronous")
      scenario.reliability.asynchronous_checkpoints = true;
    else if (checkpoint && checkpoint != "synchronous")
      fields.report(
          "checkpoint", fmt::format("'{}' is not a checkpoint mode", *checkpoint),
          "use synchronous (the GPUs wait for storage) or asynchronous (they wait for a copy to host memory)");
    scenario.reliability.checkpoint_interval_min = fields.number("checkpoint_interval_min", kIntervalMinRange);
    const auto recovery = fields.text("recovery");
    if (recovery == "memory")
      scenario.reliability.recovery = ReliabilityPolicy::Recovery::memory;
    else if (recovery == "elastic")
      scenario.reliability.recovery = ReliabilityPolicy::Recovery::elastic;
    else if (recovery && recovery != "storage")
      fields.report("recovery", fmt::format("'{}' is not a recovery strategy", *recovery),
                    "use storage (roll back to the last checkpoint on storage), memory (checkpoints in host "
                    "memory, hot spares) or elastic (the failed replica drops out, the rest go on)");
    if (const auto spares = fields.integer("spares", kSparesRange)) scenario.reliability.spares = *spares;
    scenario.reliability.trials = fields.integer("trials", kTrialsRange);
    fields.reject_unknown_keys();
  }
  if (root.has("finance")) {
    MappingReader fields(root.node("finance"), "finance", origin, problems);
    Finance& f = scenario.finance;
    f.gpu_price_usd = fields.number("gpu_price_usd", kPositive);
    f.server_rest_per_gpu_usd = fields.number("server_rest_per_gpu_usd", kPositive);
    f.depreciation_years = fields.number("depreciation_years", kYearsRange);
    f.facility_usd_per_mw = fields.number("facility_usd_per_mw", kPositive);
    f.maintenance_share = fields.number("maintenance_share", kShareRange);
    f.staff_share = fields.number("staff_share", kShareRange);
    f.cloud_usd_per_gpu_hour = fields.number("cloud_usd_per_gpu_hour", kPositive);
    f.reserved_usd_per_gpu_hour = fields.number("reserved_usd_per_gpu_hour", kPositive);
    fields.reject_unknown_keys();
  }
  const YAML::Node alternatives = root.node("alternatives");
  if (alternatives && !alternatives.IsSequence())
    root.report("alternatives", "is not a list", "give alternatives: as a list of { name:, cluster:, delivery: }");
  const YAML::Node checks = root.node("checks");
  if (checks && !checks.IsSequence()) root.report("checks", "is not a list", "give checks: as a list of claims");
  for (std::size_t i = 0; checks.IsSequence() && i < checks.size(); ++i)
    if (auto check = read_check(checks[i], static_cast<int>(i), origin, problems)) scenario.checks.push_back(*check);
  root.reject_unknown_keys();
  if (!problems.empty()) return fail(std::move(problems));

  auto searched = parse_search_job_mapping(job, origin, catalog);
  if (!searched) return fail(std::move(searched.error()));
  scenario.job = std::move(searched.value());

  // Each alternative: the same model and tokens on its own cluster; layout fields it does not give
  // are searched (the base's layout need not fit its GPU count), the batch kept.
  const YAML::Node base_parallelism = job["parallelism"];
  for (std::size_t i = 0; alternatives.IsSequence() && i < alternatives.size(); ++i) {
    MappingReader fields(alternatives[i], fmt::format("alternatives[{}]", i), origin, problems);
    if (!fields.valid()) continue;
    ScenarioAlternative alternative;
    fields.require("name", "name the alternative, e.g. name: wait-for-blackwell");
    fields.require("cluster", "give the alternative's cluster, e.g. cluster: { gpu: b200, gpus: 50000 }");
    alternative.name = fields.text("name").value_or("");
    alternative.delivery = fields.text("delivery");
    if (alternative.delivery && !is_date(*alternative.delivery))
      fields.report("delivery", fmt::format("'{}' is not a date", *alternative.delivery), "write it as YYYY-MM-DD");
    YAML::Node alt_job(YAML::NodeType::Map);
    alt_job["model"] = job["model"];
    if (job["training"]) alt_job["training"] = job["training"];
    YAML::Node cluster(YAML::NodeType::Map);
    for (const char* key : {"gpu", "gpus", "node", "fabric"})
      if (job["cluster"][key]) cluster[key] = job["cluster"][key];
    YAML::Node parallelism(YAML::NodeType::Map);
    for (const char* key : {"global_batch", "global_batch_tokens", "seq_len", "precision"})
      if (base_parallelism[key]) parallelism[key] = base_parallelism[key];
    if (fields.has("cluster")) {
      MappingReader given(fields.node("cluster"), fmt::format("alternatives[{}].cluster", i), origin, problems);
      for (const char* key : {"gpu", "gpus", "node", "fabric"})
        if (given.has(key)) cluster[key] = given.node(key);
      // A new GPU brings its own node and fabric unless given.
      if (given.has("gpu") && !given.has("node")) cluster.remove("node");
      if (given.has("gpu") && !given.has("fabric")) cluster.remove("fabric");
      if (given.has("parallelism") && given.node("parallelism").IsMap())
        for (const auto& entry : given.node("parallelism")) parallelism[entry.first.as<std::string>()] = entry.second;
      given.reject_unknown_keys();
    }
    for (const std::string_view key : kSearched)
      if (!parallelism[std::string(key)]) parallelism[std::string(key)] = "auto";
    alt_job["cluster"] = cluster;
    alt_job["parallelism"] = parallelism;
    fields.reject_unknown_keys();
    auto alt = parse_search_job_mapping(alt_job, origin, catalog);
    if (!alt) {
      problems.insert(problems.end(), alt.error().begin(), alt.error().end());
      continue;
    }
    alternative.job = std::move(alt.value());
    scenario.alternatives.push_back(std::move(alternative));
  }
  if (!problems.empty()) return fail(std::move(problems));
  return scenario;
}

}  // namespace gigasim
