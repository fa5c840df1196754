#include "spec/cluster_file.hpp"

#include <array>
#include <set>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "spec/job_parse.hpp"
#include "spec/yaml_fields.hpp"
#include "spec/yaml_load.hpp"

namespace gigasim {
namespace {

using yaml_fields::location_of;
using yaml_fields::MappingReader;
using yaml_fields::Range;

constexpr Range kJobGpusRange{1, 1 << 24};
constexpr Range kNodeRange{0, 1 << 24};
constexpr Range kSeedRange{0, 2147483647};
constexpr Range kCountRange{1, 1 << 30};
constexpr Range kFractionRange{0, 1};
constexpr Range kCapacityRange{0, 0.999};  // a fault leaves less than the whole link
constexpr Range kIdRange{0, 2147483647};

// The keys of a job entry that are not job fields.
constexpr std::array<std::string_view, 5> kEntryKeys{"name", "gpus", "placement", "nodes", "seed"};

constexpr std::array<std::pair<std::string_view, PlacementPolicy>, 3> kPolicies{{
    {"contiguous", PlacementPolicy::contiguous},
    {"spread", PlacementPolicy::spread},
    {"random", PlacementPolicy::random},
}};

std::optional<ClusterJob> read_job(const YAML::Node& entry, int index, std::string_view origin, const Catalog& catalog,
                                   const ClusterSpec& cluster, Diagnostics& problems) {
  const std::string path = fmt::format("jobs[{}]", index);
  MappingReader fields(entry, path, origin, problems);
  if (!fields.valid()) return std::nullopt;
  ClusterJob job;
  job.where = location_of(entry, origin);
  fields.require("name", "give each job a name, e.g. name: flagship");
  fields.require("gpus", "give the job's GPU count, e.g. gpus: 1024");
  job.name = fields.text("name").value_or("");
  const std::optional<int> gpus = fields.integer("gpus", kJobGpusRange);
  if (gpus && *gpus % cluster.node.gpus_per_node != 0)
    fields.report("gpus", fmt::format("{} is not whole {}-GPU nodes", *gpus, cluster.node.gpus_per_node),
                  fmt::format("give a multiple of {}", cluster.node.gpus_per_node));
  if (fields.has("nodes")) {
    job.placement = PlacementPolicy::nodes;
    const YAML::Node ranges = fields.node("nodes");
    bool well_formed = ranges.IsSequence();
    for (std::size_t i = 0; well_formed && i < ranges.size(); ++i) {
      const YAML::Node range = ranges[i];
      well_formed = range.IsSequence() && range.size() == 2;
      if (!well_formed) break;
      try {
        const int first = range[0].as<int>();
        const int last = range[1].as<int>();
        well_formed = first >= 0 && last >= first && last < kNodeRange.max;
        job.node_ranges.emplace_back(first, last);
      } catch (const YAML::Exception&) {
        well_formed = false;
      }
    }
    if (!well_formed)
      fields.report("nodes", "is not a list of node ranges",
                    "give [[first, last], …] with whole node numbers, first ≤ last, e.g. [[0, 127]]");
    if (fields.has("placement"))
      fields.report("placement", "is given beside nodes:", "give either a placement policy or nodes:, not both");
  } else if (fields.has("placement")) {
    const std::optional<std::string> policy = fields.text("placement");
    bool known = false;
    for (const auto& [name, value] : kPolicies)
      if (policy && *policy == name) {
        job.placement = value;
        known = true;
      }
    if (policy && !known)
      fields.report("placement", fmt::format("'{}' is not a placement policy", *policy),
                    "use contiguous, spread or random, or give nodes: [[first, last], …]");
  }
  job.seed = fields.integer("seed", kSeedRange).value_or(1);
  if (!gpus) return std::nullopt;

  ClusterSpec mine = cluster;
  mine.gpus = *gpus;
  auto parsed = parse_job_entry(entry, origin, catalog, mine, kEntryKeys);
  if (!parsed) {
    problems.insert(problems.end(), parsed.error().begin(), parsed.error().end());
    return std::nullopt;
  }
  job.job = std::move(parsed.value());
  return job;
}

std::optional<LinkFault> read_fault(const YAML::Node& entry, int index, std::string_view origin,
                                    Diagnostics& problems) {
  MappingReader fields(entry, fmt::format("link_faults[{}]", index), origin, problems);
  if (!fields.valid()) return std::nullopt;
  LinkFault fault;
  fault.where = location_of(entry, origin);
  fields.require("tier", "name the fabric tier whose links fail, e.g. tier: spine");
  fault.tier = fields.text("tier").value_or("");
  if (fields.has("kind")) {
    const std::optional<std::string> kind = fields.text("kind");
    if (kind == "switch")
      fault.kind = FaultKind::switch_;
    else if (kind != "link")
      fields.report("kind", fmt::format("'{}' is not a kind of fault", kind.value_or("")), "use link or switch");
  }
  fault.count = fields.integer("count", kCountRange);
  fault.fraction = fields.number("fraction", kFractionRange);
  if (fields.has("ids")) fault.ids = fields.integer_list("ids", kIdRange).value_or(std::vector<int>{});
  const int ways = (fields.has("count") ? 1 : 0) + (fields.has("fraction") ? 1 : 0) + (fields.has("ids") ? 1 : 0);
  if (ways != 1)
    fields.report("count", ways == 0 ? "no faulty link is named" : "names the faulty links more than one way",
                  "give one of count: (how many), fraction: (of the tier's) or ids: [numbers]");
  fault.capacity = fields.number("capacity", kCapacityRange).value_or(0.0);
  fault.seed = fields.integer("seed", kSeedRange).value_or(1);
  fields.reject_unknown_keys();
  return fault;
}

}  // namespace

bool is_cluster_file(std::string_view text) {
  try {
    const YAML::Node root = YAML::Load(std::string(text));
    return root.IsMap() && root["jobs"];
  } catch (const YAML::Exception&) {
    return false;  // the job parser reports the syntax error
  }
}

Result<ClusterFile, Diagnostics> parse_cluster_file(std::string_view text, std::string_view origin,
                                                    const Catalog& catalog) {
  Diagnostics problems;
  const auto root_node = load_yaml_mapping(text, origin, "cluster and jobs", problems);
  if (!root_node) return fail(std::move(problems));
  const std::optional<ClusterSpec> cluster = parse_cluster_section(*root_node, origin, catalog, problems);
  MappingReader root(*root_node, "", origin, problems);
  (void)root.node("cluster");
  root.require("jobs", "list the jobs that share the cluster under jobs:");
  ClusterFile file;
  if (cluster) file.cluster = *cluster;
  if (cluster && cluster->gpus % cluster->node.gpus_per_node != 0)
    root.report("cluster", fmt::format("{} GPUs is not whole {}-GPU nodes", cluster->gpus, cluster->node.gpus_per_node),
                fmt::format("give cluster.gpus as a multiple of {}", cluster->node.gpus_per_node));
  const YAML::Node jobs = root.node("jobs");
  if (jobs && (!jobs.IsSequence() || jobs.size() == 0))
    root.report("jobs", "is not a list of jobs", "give jobs: as a list, each with name:, gpus: and the job's fields");
  std::set<std::string> names;
  for (std::size_t i = 0; cluster && jobs.IsSequence() && i < jobs.size(); ++i)
    if (auto job = read_job(jobs[i], static_cast<int>(i), origin, catalog, *cluster, problems)) {
      if (!names.insert(job->name).second)
        problems.push_back({job->where, fmt::format("jobs[{}].name", i), fmt::format("'{}' names two jobs", job->name),
                            "give every job its own name"});
      file.jobs.push_back(std::move(*job));
    }
  const YAML::Node faults = root.node("link_faults");
  if (faults && !faults.IsSequence())
    root.report("link_faults", "is not a list", "give link_faults: as a list of { tier:, count: or fraction: }");
  for (std::size_t i = 0; faults.IsSequence() && i < faults.size(); ++i)
    if (auto fault = read_fault(faults[i], static_cast<int>(i), origin, problems))
      file.link_faults.push_back(std::move(*fault));
  root.reject_unknown_keys();
  if (!problems.empty()) return fail(std::move(problems));
  return file;
}

}  // namespace gigasim
