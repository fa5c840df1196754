#pragma once
// An input error with its place: file, line, column, the field, what is wrong and what would be
// right. Loading collects every problem into Diagnostics and reports them all at once.

#include <string>
#include <vector>

namespace gigasim {

struct SourceLocation {
  std::string file;
  int line = 0;    // 1-based; 0 when unknown
  int column = 0;  // 1-based; 0 when unknown
};

struct Diagnostic {
  SourceLocation where;
  std::string field;    // dotted path, e.g. "parallelism.tp"
  std::string problem;  // what is wrong
  std::string fix;      // what would be right
};

using Diagnostics = std::vector<Diagnostic>;

// "FILE:LINE:COL: field: what is wrong; what would be right" (INTERFACE.md §2).
std::string format_diagnostic(const Diagnostic& diagnostic);
// Each problem as format_diagnostic writes it, in order.
std::vector<std::string> formatted(const Diagnostics& problems);

}  // namespace gigasim
