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

}  // namespace gigasim
