#pragma once
// The built-in catalog for tests, loaded once; a catalog that fails to load is a test failure
// listing every problem (shared by the spec, workload, cluster and perf tests).

#include <gtest/gtest.h>

#include "spec/catalog.hpp"

namespace gigasim::test_support {

inline const Catalog& builtin_catalog() {
  static const Catalog catalog = [] {
    auto loaded = load_builtin_catalog();
    if (!loaded) {
      for (const Diagnostic& problem : loaded.error()) ADD_FAILURE() << format_diagnostic(problem);
      return Catalog{};
    }
    return std::move(loaded).value();
  }();
  return catalog;
}

}  // namespace gigasim::test_support
