#pragma once
// Jobs and models for the workload tests: YAML text parsed against the built-in catalog, with every
// diagnostic printed when the text does not parse, so a failing fixture says why.

#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "spec/catalog.hpp"
#include "support/builtin_catalog.hpp"
#include "spec/job_parse.hpp"

namespace gigasim::test_jobs {

using test_support::builtin_catalog;

// The job, or nothing (with a test failure per diagnostic) when the text is invalid.
inline std::optional<Job> parse(std::string_view yaml) {
  auto job = parse_job(yaml, "test.yaml", builtin_catalog());
  if (job) return std::move(job).value();
  for (const Diagnostic& problem : job.error()) ADD_FAILURE() << format_diagnostic(problem);
  return std::nullopt;
}

// A file of the repository (e.g. "examples/llama3-405b-16k-h100.yaml") parsed as a job.
inline std::optional<Job> parse_file(std::string_view relative_path) {
  const std::string path = std::string(GIGASIM_SOURCE_DIR) + "/" + std::string(relative_path);
  std::ifstream in(path);
  if (!in) {
    ADD_FAILURE() << "cannot read " << path;
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parse(text.str());
}

// A catalog model by name; fails the test and returns an empty model when it is missing.
inline ModelSpec model(std::string_view name) {
  const auto& models = builtin_catalog().models;
  if (const auto found = models.find(name); found != models.end()) return found->second;
  ADD_FAILURE() << "no model '" << name << "' in the built-in catalog";
  return ModelSpec{};
}

}  // namespace gigasim::test_jobs
