#include "sweep/sweep_run.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <system_error>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "util/number_format.hpp"
#include "util/shared_threads.hpp"

namespace gigasim {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kProgressEvery = std::chrono::milliseconds(500);
constexpr auto kIdleWait = std::chrono::milliseconds(1);  // rank 0's main thread between polls

// The chunks this run must compute, in order, handed out one at a time. It walks the bitmap of
// committed chunks rather than listing the rest: a 10⁹-point sweep has 250M chunks of plans.
class ChunkQueue {
 public:
  ChunkQueue(const SweepWork& work, std::vector<bool> committed) : committed_(std::move(committed)) {
    for (std::uint64_t chunk = 0; chunk < committed_.size(); ++chunk)
      if (!committed_[chunk]) {
        ++chunks_;
        points_ += work.end_point(chunk) - work.first_point(chunk);
      }
  }
  std::optional<std::uint64_t> next() {
    const std::lock_guard lock(mutex_);
    while (!stopped_ && cursor_ < committed_.size() && committed_[cursor_]) ++cursor_;
    if (stopped_ || cursor_ == committed_.size()) return std::nullopt;
    return cursor_++;
  }
  void stop() {
    const std::lock_guard lock(mutex_);
    stopped_ = true;
  }
  [[nodiscard]] std::uint64_t chunks() const { return chunks_; }
  [[nodiscard]] std::uint64_t points() const { return points_; }

 private:
  std::vector<bool> committed_;  // by chunk index
  std::uint64_t chunks_ = 0;     // not committed: this run's
  std::uint64_t points_ = 0;
  std::uint64_t cursor_ = 0;
  bool stopped_ = false;
  std::mutex mutex_;
};

struct FinishedChunk {
  std::uint64_t chunk = 0;
  std::vector<PointRow> rows;
};

// Finished chunks from compute threads to the writing thread.
class Mailbox {
 public:
  void push(FinishedChunk finished) {
    {
      const std::lock_guard lock(mutex_);
      items_.push_back(std::move(finished));
    }
    ready_.notify_one();
  }
  std::optional<FinishedChunk> pop_within(Clock::duration wait) {
    std::unique_lock lock(mutex_);
    if (!ready_.wait_for(lock, wait, [&] { return !items_.empty(); })) return std::nullopt;
    FinishedChunk item = std::move(items_.front());
    items_.pop_front();
    return item;
  }

 private:
  std::deque<FinishedChunk> items_;
  std::mutex mutex_;
  std::condition_variable ready_;
};

std::string time_left(double seconds) {
  constexpr double kMinute = 60;
  constexpr double kHour = 3600;
  if (seconds < 1.5 * kMinute) return fmt::format("{:.0f} s", seconds);
  if (seconds < 1.5 * kHour) return fmt::format("{:.0f} min", seconds / kMinute);
  return fmt::format("{:.1f} h", seconds / kHour);
}

// "sweep: 1,234 of 10,000 points (12%) · 850 points/s · about 10 s left", redrawn in place.
class Progress {
 public:
  Progress(std::uint64_t total, bool enabled, std::ostream& out) : total_(total), enabled_(enabled), out_(out) {}
  void add(std::uint64_t points) {
    done_ += points;
    if (!enabled_ || Clock::now() - shown_ < kProgressEvery) return;
    shown_ = Clock::now();
    const double seconds = std::chrono::duration<double>(shown_ - start_).count();
    const double rate = seconds > 0 ? static_cast<double>(done_) / seconds : 0;
    const double left = rate > 0 ? static_cast<double>(total_ - done_) / rate : 0;
    out_ << fmt::format("\rsweep: {} of {} points ({:.0f}%) · {:.1f} points/s · about {} left   ",
                        with_commas(static_cast<double>(done_)), with_commas(static_cast<double>(total_)),
                        total_ > 0 ? 100.0 * static_cast<double>(done_) / static_cast<double>(total_) : 100.0, rate,
                        time_left(left))
         << std::flush;
  }
  void finish() {
    if (enabled_ && shown_ != Clock::time_point{}) out_ << "\r" << std::string(80, ' ') << "\r" << std::flush;
  }
  [[nodiscard]] std::uint64_t done() const { return done_; }
  [[nodiscard]] double seconds() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }

 private:
  std::uint64_t total_;
  bool enabled_;
  std::ostream& out_;
  std::uint64_t done_ = 0;
  Clock::time_point start_ = Clock::now();
  Clock::time_point shown_{};
};

// A chunk's points split into one part per thread, each thread with its own point texts; the parts
// are taken from a counter, so a thread the system refuses leaves its part to the others.
std::vector<PointRow> compute_chunk(const SweepWork& work, std::vector<SweepPoints>& points, std::uint64_t chunk) {
  const std::uint64_t first = work.first_point(chunk);
  const std::uint64_t end = work.end_point(chunk);
  const std::size_t threads = std::min<std::size_t>(points.size(), end - first);
  if (threads <= 1) return compute_points(work, points.front(), first, end);
  std::vector<std::vector<PointRow>> parts(threads);
  const std::uint64_t share = (end - first + threads - 1) / threads;
  std::atomic<std::size_t> next{0};
  run_on_threads(static_cast<int>(threads), [&](int t) {
    for (std::size_t part = next++; part < threads; part = next++) {
      const std::uint64_t from = first + part * share;
      parts[part] = compute_points(work, points[static_cast<std::size_t>(t)], from, std::min(end, from + share));
    }
  });
  std::vector<PointRow> rows;
  for (auto& part : parts) std::move(part.begin(), part.end(), std::back_inserter(rows));
  return rows;
}

SweepPoints points_for(const SweepWork& work) {
  return std::move(SweepPoints::make(work.spec, work.base_text, work.base_origin)).value();  // checked by check_sweep
}

// Threads that take chunks from `queue` and post them to `mailbox` until the queue is empty.
class ComputeThreads {
 public:
  // A thread the system refuses is left out while one runs (the others drain the queue); with
  // none running the std::system_error goes to the caller.
  ComputeThreads(const SweepWork& work, ChunkQueue& queue, Mailbox& mailbox, int threads) {
    for (int t = 0; t < threads; ++t) {
      try {
        pool_.emplace_back([&work, &queue, &mailbox] {
          std::vector<SweepPoints> points{points_for(work)};
          while (const auto chunk = queue.next()) mailbox.push({*chunk, compute_chunk(work, points, *chunk)});
        });
      } catch (const std::system_error&) {
        if (pool_.empty()) throw;
        break;
      }
    }
  }
  ComputeThreads(const ComputeThreads&) = delete;
  ComputeThreads& operator=(const ComputeThreads&) = delete;
  ~ComputeThreads() {
    for (std::thread& thread : pool_) thread.join();
  }

 private:
  std::vector<std::thread> pool_;
};

nlohmann::json rows_json(const FinishedChunk& finished) {
  nlohmann::json rows = nlohmann::json::array();
  for (const PointRow& row : finished.rows)
    rows.push_back(
        {row.point, row.outputs, row.error ? nlohmann::json(*row.error) : nlohmann::json(nullptr), row.json});
  return {{"chunk", finished.chunk}, {"rows", std::move(rows)}};
}

FinishedChunk rows_of(const nlohmann::json& message) {
  FinishedChunk finished{message.at("chunk").get<std::uint64_t>(), {}};
  for (const nlohmann::json& row : message.at("rows")) {
    PointRow point{row.at(0).get<std::uint64_t>(), row.at(1).get<std::vector<nlohmann::json>>(), std::nullopt,
                   row.at(3).get<std::string>()};
    if (!row.at(2).is_null()) point.error = row.at(2).get<std::string>();
    finished.rows.push_back(std::move(point));
  }
  return finished;
}

constexpr std::string_view kStop = "stop";

// Rank 0's (or the only process's) side: the chunks left, their progress, and each finished chunk
// written as it comes. A failed write stops the queue; later chunks are dropped.
class Writer {
 public:
  Writer(const SweepWork& work, SweepDatabase& db, const SweepRunSettings& settings, std::ostream& progress_out)
      : db_(db),
        queue_(work, db.committed_chunks(work.chunks())),
        progress_(queue_.points(), settings.progress, progress_out),
        summary_{work.spec.points(), work.spec.points() - queue_.points(), 0, 0} {}

  ChunkQueue& queue() { return queue_; }
  [[nodiscard]] bool all_written() const { return written_ == queue_.chunks() || failure_.has_value(); }
  void idle() { progress_.add(0); }

  void store(const FinishedChunk& finished) {
    if (failure_) return;
    if (auto stored = db_.write_chunk(finished.chunk, finished.rows); !stored) {
      failure_ = stored.error();
      queue_.stop();  // compute threads end after the chunk in hand
      return;
    }
    ++written_;
    progress_.add(finished.rows.size());
  }

  Result<SweepRunSummary, std::string> finish() {
    progress_.finish();
    if (failure_) return fail(*failure_);
    summary_.computed = progress_.done();
    summary_.seconds = progress_.seconds();
    return summary_;
  }

 private:
  SweepDatabase& db_;
  ChunkQueue queue_;
  Progress progress_;
  SweepRunSummary summary_;
  std::uint64_t written_ = 0;
  std::optional<std::string> failure_;
};

}  // namespace

Result<SweepRunSummary, std::string> run_sweep_here(const SweepWork& work, SweepDatabase& db,
                                                    const SweepRunSettings& settings, std::ostream& progress_out) {
  Writer writer(work, db, settings, progress_out);
  Mailbox mailbox;
  {
    ComputeThreads threads(work, writer.queue(), mailbox, std::max(1, settings.threads));
    while (!writer.all_written()) {
      if (auto finished = mailbox.pop_within(kProgressEvery))
        writer.store(*finished);
      else
        writer.idle();
    }
  }
  return writer.finish();
}

Result<SweepRunSummary, std::string> run_sweep_root(const SweepWork& work, SweepDatabase& db,
                                                    const SweepRunSettings& settings, const MpiWorld& world,
                                                    std::ostream& progress_out) {
  Writer writer(work, db, settings, progress_out);
  Mailbox mailbox;
  int working = world.size() - 1;  // ranks not yet told to stop
  {
    ComputeThreads threads(work, writer.queue(), mailbox, std::max(1, settings.threads));
    while (working > 0 || !writer.all_written()) {
      bool busy = false;
      while (const auto message = world.poll()) {
        busy = true;
        const nlohmann::json request = nlohmann::json::parse(message->second);
        if (request.contains("rows")) writer.store(rows_of(request));
        if (const auto chunk = writer.queue().next()) {
          world.send(message->first, std::to_string(*chunk));
        } else {
          world.send(message->first, std::string(kStop));
          --working;
        }
      }
      if (auto finished = mailbox.pop_within(busy ? Clock::duration::zero() : Clock::duration(kIdleWait)))
        writer.store(*finished);
      else if (!busy)
        writer.idle();
    }
  }
  return writer.finish();
}

void run_sweep_worker(const SweepWork& work, int threads, const MpiWorld& world) {
  std::vector<SweepPoints> points;
  for (int t = 0; t < std::max(1, threads); ++t) points.push_back(points_for(work));
  world.send(0, "{}");  // ready, nothing done yet
  for (std::string reply = world.receive_from_root(); reply != kStop; reply = world.receive_from_root()) {
    const std::uint64_t chunk = std::stoull(reply);
    world.send(0, rows_json({chunk, compute_chunk(work, points, chunk)}).dump());
  }
}

}  // namespace gigasim
