#pragma once
// A command's progress on the terminal while the layout search runs: "searched 12,288 of 92,160
// layouts (41.2k/s, about 2 s left)", redrawn at most five times a second, and nothing when stderr
// is a file or a pipe.

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <ostream>
#include <string>

#include "search/layout_search.hpp"

namespace gigasim {

class ProgressLine {
 public:
  explicit ProgressLine(std::ostream& err);
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;
  ~ProgressLine();  // clear()s
  // Erases the line, before the command prints anything else; a later update draws it again.
  void clear();
  void update(std::size_t done, std::size_t total);  // "searched N of M layouts (…/s, about … left)"
  // Any other line, redrawn at most five times a second unless `last`.
  void show(const std::string& line, bool last = false);

 private:
  std::ostream& err_;
  bool enabled_;
  bool drawn_ = false;
  std::mutex mutex_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();  // of the search under way
  std::size_t last_done_ = 0;
  std::size_t last_total_ = 0;
  std::chrono::steady_clock::time_point last_;
};

// The options a command searches with: `threads` (0: every core), when to stop, and `progress`
// drawing the search's progress.
SearchOptions command_search_options(ProgressLine& progress, int threads = 0, const WorkLimit& limit = {});

}  // namespace gigasim
