#include "util/diagnostic.hpp"

#include <fmt/format.h>

namespace gigasim {

std::string format_diagnostic(const Diagnostic& diagnostic) {
  std::string text = fmt::format("{}:{}:{}: ", diagnostic.where.file, diagnostic.where.line, diagnostic.where.column);
  if (!diagnostic.field.empty()) text += diagnostic.field + ": ";
  text += diagnostic.problem;
  if (!diagnostic.fix.empty()) text += "; " + diagnostic.fix;
  return text;
}

std::vector<std::string> formatted(const Diagnostics& problems) {
  std::vector<std::string> lines;
  lines.reserve(problems.size());
  for (const auto& problem : problems) lines.push_back(format_diagnostic(problem));
  return lines;
}

}  // namespace gigasim
