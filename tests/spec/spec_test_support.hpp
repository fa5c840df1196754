#pragma once
// Helpers shared by the spec tests: the built-in catalog loaded once, job parsing from inline
// text, and lookups of one diagnostic by field so a test can check its message and place.

#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "spec/catalog.hpp"
#include "support/builtin_catalog.hpp"
#include "spec/job_parse.hpp"
#include "util/diagnostic.hpp"

namespace gigasim::testing {

using test_support::builtin_catalog;

inline constexpr std::string_view kJobFile = "job.yaml";

inline Result<Job, Diagnostics> parse(std::string_view text) {
  return parse_job(text, kJobFile, builtin_catalog());
}

// Every diagnostic as the CLI prints it, one per line: for failure messages.
inline std::string describe(const Diagnostics& problems) {
  std::string text;
  for (const auto& problem : problems) text += format_diagnostic(problem) + "\n";
  return text;
}

// The job, or a test failure listing every problem the parser reported.
inline Job parse_ok(std::string_view text) {
  auto parsed = parse(text);
  if (!parsed) {
    ADD_FAILURE() << "expected the job to parse, got:\n" << describe(parsed.error()) << "for:\n" << text;
    return Job{};
  }
  return std::move(parsed).value();
}

// The problems, or a test failure when the job parsed.
inline Diagnostics parse_errors(std::string_view text) {
  auto parsed = parse(text);
  if (parsed) {
    ADD_FAILURE() << "expected the job to be rejected:\n" << text;
    return {};
  }
  return parsed.error();
}

// The one problem a job holds, or a test failure when it holds none or several.
inline Diagnostic only_problem(std::string_view text) {
  const Diagnostics problems = parse_errors(text);
  EXPECT_EQ(problems.size(), 1u) << describe(problems);
  return problems.empty() ? Diagnostic{} : problems.front();
}

// A problem placed at line:column (1-based) of the job file.
inline void expect_place(const Diagnostic& problem, int line, int column) {
  EXPECT_EQ(problem.where.file, kJobFile);
  EXPECT_EQ(problem.where.line, line) << format_diagnostic(problem);
  EXPECT_EQ(problem.where.column, column) << format_diagnostic(problem);
}

}  // namespace gigasim::testing
