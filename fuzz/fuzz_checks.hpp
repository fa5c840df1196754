#pragma once
// What every harness asks of a parser's answer to any bytes (issue 23): a value, or problems that
// each say something and format as UTF-8 text, since they reach terminals, JSON and Python's str.
// A broken promise traps, which libFuzzer reports as a crash with the input that caused it.

#include <string>

#include <utf8cpp/utf8.h>

#include "spec/catalog.hpp"
#include "util/diagnostic.hpp"
#include "util/result.hpp"

namespace gigasim::fuzz {

inline void require(bool promise) {
  if (!promise) __builtin_trap();
}

inline void require_utf8(const std::string& text) {
  require(utf8::is_valid(text.begin(), text.end()));
}

template <class Value>
void require_value_or_located_problems(const Result<Value, Diagnostics>& parsed) {
  if (parsed) return;
  require(!parsed.error().empty());
  for (const Diagnostic& problem : parsed.error()) {
    require(!problem.problem.empty());
    require_utf8(format_diagnostic(problem));
  }
}

// The built-in catalog, loaded once (tests/support/builtin_catalog.hpp's twin, without GoogleTest,
// which the harnesses do not link).
inline const Catalog& builtin_catalog() {
  static const Catalog catalog = load_builtin_catalog().value();
  return catalog;
}

}  // namespace gigasim::fuzz
