#pragma once
// Job files (INTERFACE.md §1): YAML text → a resolved, validated Job, or every problem at once.

#include <optional>
#include <span>
#include <string_view>

#include "spec/catalog.hpp"
#include "spec/job.hpp"
#include "spec/search_space.hpp"
#include "util/diagnostic.hpp"
#include "util/result.hpp"

namespace YAML {
class Node;
}  // namespace YAML

namespace gigasim {

// `origin` is the file name used in diagnostics. Never throws, whatever the bytes.
Result<Job, Diagnostics> parse_job(std::string_view text, std::string_view origin, const Catalog& catalog);

// A job whose parallelism fields may be `auto` or lists (INTERFACE.md §1), for `gigasim search`:
// everything else is checked as by parse_job; the layout is checked per candidate by the search.
Result<SearchJob, Diagnostics> parse_search_job(std::string_view text, std::string_view origin, const Catalog& catalog);

// The job of a search job whose layout fields each have one value, when it is valid as written
// (the job parse_job would give, without parsing again); none when a field is searched or the
// layout has a problem (parse_job then locates it).
std::optional<Job> fixed_job(const SearchJob& job);

// A search job given as a YAML mapping (a scenario's job, built from its sections): problems are
// located where the mapping's nodes came from.
Result<SearchJob, Diagnostics> parse_search_job_mapping(const YAML::Node& root, std::string_view origin,
                                                        const Catalog& catalog);

// The `cluster:` section of a mapping (a job or a cluster file), problems appended to `problems`.
std::optional<ClusterSpec> parse_cluster_section(const YAML::Node& root, std::string_view origin,
                                                 const Catalog& catalog, Diagnostics& problems);

// One job of a cluster file (spec/cluster_file.hpp): the mapping's job fields (model, parallelism,
// training, stragglers) on `cluster`, whose `gpus` is the job's; `other_keys` are the entry's own
// keys, read by the caller. Problems are located in the file the mapping came from.
Result<Job, Diagnostics> parse_job_entry(const YAML::Node& entry, std::string_view origin, const Catalog& catalog,
                                         const ClusterSpec& cluster, std::span<const std::string_view> other_keys);

}  // namespace gigasim
