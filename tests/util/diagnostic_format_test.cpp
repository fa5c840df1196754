// format_diagnostic: "FILE:LINE:COL: field: what is wrong; what would be right" (INTERFACE.md §2),
// the line format editors and scripts parse.

#include <gtest/gtest.h>

#include "util/diagnostic.hpp"

namespace gigasim {
namespace {

TEST(DiagnosticFormat, AllParts) {
  const Diagnostic problem{{"jobs/llama.yaml", 7, 7},
                           "parallelism.tp",
                           "3 does not divide the model's 64 attention heads",
                           "use a tp that divides heads"};
  EXPECT_EQ(format_diagnostic(problem),
            "jobs/llama.yaml:7:7: parallelism.tp: 3 does not divide the model's 64 attention heads; "
            "use a tp that divides heads");
}

TEST(DiagnosticFormat, WithoutAFieldTheProblemFollowsThePlace) {
  const Diagnostic problem{{"job.yaml", 1, 1}, "", "the file is empty", "give a YAML mapping"};
  EXPECT_EQ(format_diagnostic(problem), "job.yaml:1:1: the file is empty; give a YAML mapping");
}

TEST(DiagnosticFormat, WithoutAFixThereIsNoTrailingSemicolon) {
  const Diagnostic problem{{"gpus.yaml", 12, 19}, "gpus.x.tdp", "unknown unit 'watts'", ""};
  EXPECT_EQ(format_diagnostic(problem), "gpus.yaml:12:19: gpus.x.tdp: unknown unit 'watts'");
}

TEST(DiagnosticFormat, UnknownPlaceIsPrintedAsZero) {
  // Line and column are 1-based; 0 means "not known" and still keeps the three-part prefix.
  const Diagnostic problem{{"catalog", 0, 0}, "nodes.n.gpu", "names GPU 'x'", "use one of: h100-sxm"};
  EXPECT_EQ(format_diagnostic(problem), "catalog:0:0: nodes.n.gpu: names GPU 'x'; use one of: h100-sxm");
}

TEST(DiagnosticFormat, DefaultLocationIsUnknown) {
  const SourceLocation where;
  EXPECT_EQ(where.line, 0);
  EXPECT_EQ(where.column, 0);
  EXPECT_TRUE(where.file.empty());
}

}  // namespace
}  // namespace gigasim
