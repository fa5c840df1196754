#include "app/progress_line.hpp"

#include <cstdio>

#include <fmt/format.h>
#include <unistd.h>

#include "app/cores.hpp"
#include "util/number_format.hpp"

namespace gigasim {
namespace {

constexpr std::chrono::milliseconds kProgressRedraw{200};  // five redraws a second

}  // namespace

ProgressLine::ProgressLine(std::ostream& err) : err_(err), enabled_(isatty(fileno(stderr)) != 0) {}

ProgressLine::~ProgressLine() {
  clear();
}

void ProgressLine::clear() {
  const std::lock_guard lock(mutex_);
  if (drawn_) err_ << "\r\033[K" << std::flush;
  drawn_ = false;
}

void ProgressLine::update(std::size_t done, std::size_t total) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point started;
  {
    // A plan or a sizing runs one search after another: each one's rate counts from its own start.
    // (Threads may report a search's counts a little out of order: only a large fall is a new one.)
    const std::lock_guard lock(mutex_);
    if (total != last_total_ || done * 2 < last_done_) start_ = now;
    last_done_ = done;
    last_total_ = total;
    started = start_;
  }
  const double elapsed_s = std::chrono::duration<double>(now - started).count();
  const double rate = elapsed_s > 0 ? double(done) / elapsed_s : 0.0;
  const double left_s = rate > 0 ? double(total - done) / rate : 0.0;
  const std::string pace =
      rate > 0 ? fmt::format(" ({}/s, about {} left)", with_suffix(rate), duration_text(left_s)) : "";
  show(fmt::format("searched {} of {} layouts{}", with_commas(double(done)), with_commas(double(total)), pace),
       done >= total);
}

void ProgressLine::show(const std::string& line, bool last) {
  if (!enabled_) return;
  const std::lock_guard lock(mutex_);
  const auto now = std::chrono::steady_clock::now();
  if (drawn_ && now - last_ < kProgressRedraw && !last) return;
  last_ = now;
  drawn_ = true;
  err_ << "\r\033[K" << line << std::flush;
}

SearchOptions command_search_options(ProgressLine& progress, int threads, const WorkLimit& limit) {
  SearchOptions options;
  options.threads = threads_or_every_core(threads);
  options.progress = [&progress](std::size_t done, std::size_t total) { progress.update(done, total); };
  options.limit = limit;
  return options;
}

}  // namespace gigasim
