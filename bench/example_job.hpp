#pragma once
// A job file of examples/ parsed against the built-in catalog, for benchmarks.
#include <fstream>
#include <sstream>
#include <string>

#include "spec/job_parse.hpp"

namespace gigasim::bench {

inline Job load_example_job(const char* name) {
  std::ifstream file(std::string(GIGASIM_SOURCE_DIR) + "/examples/" + name);
  std::stringstream text;
  text << file.rdbuf();
  const auto catalog = load_builtin_catalog();
  return parse_job(text.str(), name, catalog.value()).value();
}

}  // namespace gigasim::bench
