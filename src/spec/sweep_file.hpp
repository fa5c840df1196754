#pragma once
// A sweep file (`gigasim sweep SWEEP.yaml`, issue 13): a base job or scenario, axes that vary its
// fields, what to compute at each point and which outputs to keep. Points are numbered in a fixed
// order — the first axis varies slowest — so a point's index names the same inputs in every run,
// on any number of processes.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "spec/catalog.hpp"
#include "spec/search_space.hpp"
#include "util/diagnostic.hpp"
#include "util/result.hpp"

namespace gigasim {

enum class SweepCompute { estimate, search, plan, run };
std::string_view to_string(SweepCompute compute);

// One value of an axis: its YAML text (spliced into the base) and, for the database, the number
// it is when it is one.
struct SweepValue {
  std::string yaml;  // flow-style YAML: `8192`, `h100-sxm`, `{tp: 8, pp: 16}`
  std::optional<double> number;
};

struct SweepAxis {
  std::string path;    // dotted path into the base document: "cluster.gpus"
  std::string column;  // its database column: "cluster_gpus"
  std::vector<SweepValue> values;
  SourceLocation where;  // the axis key in the sweep file
};

// An output kept as a column: a dotted path into the command's --json ("power.facility_mw",
// "best.0.estimate.step_time_s"), named by its last part unless renamed.
struct SweepOutput {
  std::string column;
  std::string path;
  SourceLocation where;
};

// The base: a job or scenario given by path (relative to the sweep file), by a built-in
// scenario's name, or inline.
struct SweepBase {
  bool scenario = false;  // `scenario:` rather than `job:`
  std::string reference;  // path or built-in name; empty when inline
  std::string inline_text;
  SourceLocation where;  // the `job:` or `scenario:` key
};

struct SweepSpec {
  SweepBase base;
  SweepCompute compute = SweepCompute::estimate;
  std::vector<SweepAxis> axes;
  std::vector<SweepOutput> outputs;
  std::uint64_t chunk_points = 0;  // points committed together
  bool keep_json = true;           // each point's whole --json in the database too
  int run_trials = 1000;           // compute: run
  std::uint64_t run_seed = 1;
  std::string search_objective = "throughput";  // compute: search

  [[nodiscard]] std::uint64_t points() const;
  // The index of each axis's value at `point`, first axis first.
  [[nodiscard]] std::vector<std::size_t> digits(std::uint64_t point) const;
};

inline constexpr std::uint64_t kMaxSweepPoints = 1'000'000'000;

Result<SweepSpec, Diagnostics> parse_sweep(std::string_view text, std::string_view origin);

// `text` (a YAML mapping) with the field at dotted `path` set to `value_yaml`, the mappings on the
// way created; problems as SweepPoints::make reports them.
Result<std::string, Diagnostics> with_field(std::string_view text, std::string_view origin, std::string_view path,
                                            std::string_view value_yaml);

// Point texts: the base document with a point's values set. Holds YAML trees, so each thread
// makes its own.
class SweepPoints {
 public:
  // Problems: a base that is not a YAML mapping, or an axis whose path crosses a field that is
  // not a mapping in the base (located at the axis).
  static Result<SweepPoints, Diagnostics> make(const SweepSpec& spec, std::string_view base_text,
                                               std::string_view base_origin);
  [[nodiscard]] std::string text(std::uint64_t point) const;
  // The base with only `axis`'s value `value` set.
  [[nodiscard]] std::string text_with(std::size_t axis, std::size_t value) const;
  // The point as a search job (fixed, `auto` and listed layout fields), parsed from the tree as
  // parse_search_job would parse text(point) — without writing and reading the text back, which
  // is most of a cheap point's time. Problems are located under `origin`.
  [[nodiscard]] Result<SearchJob, Diagnostics> search_job(std::uint64_t point, std::string_view origin,
                                                          const Catalog& catalog) const;

  struct Trees;  // the YAML trees, defined in sweep_file.cpp: yaml-cpp stays inside spec

 private:
  SweepPoints(const SweepSpec& spec, std::shared_ptr<Trees> trees);
  const SweepSpec* spec_ = nullptr;
  std::shared_ptr<Trees> trees_;
};

}  // namespace gigasim
