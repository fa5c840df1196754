#include "serve/compute_queue.hpp"

#include <algorithm>
#include <chrono>
#include <system_error>

#include <poll.h>

namespace gigasim {
namespace {

// How often the waiting clients' sockets are checked for a hang-up: work stops within about this.
constexpr auto kWatchEvery = std::chrono::milliseconds(100);

// True when the peer closed its end (FIN or reset): nobody will read the answer.
bool hung_up(int socket) {
  pollfd probe{socket, POLLRDHUP, 0};
  return ::poll(&probe, 1, 0) > 0 && (probe.revents & (POLLRDHUP | POLLHUP | POLLERR | POLLNVAL)) != 0;
}

}  // namespace

ComputeQueue::ComputeQueue(int workers, std::size_t most_waiting) : most_waiting_(most_waiting) {
  try {
    for (int w = 0; w < std::max(1, workers); ++w) {
      try {
        workers_.emplace_back(&ComputeQueue::work_loop, this);
      } catch (const std::system_error&) {
        if (workers_.empty()) throw;  // not one worker: the caller reports it
        break;                        // fewer workers than asked: the queue still drains
      }
    }
    watcher_ = std::thread(&ComputeQueue::watch_loop, this);
  } catch (const std::system_error&) {
    stop();  // join what started before the error leaves
    throw;
  }
}

ComputeQueue::~ComputeQueue() {
  stop();
}

bool ComputeQueue::submit(std::shared_ptr<QueuedWork> work) {
  {
    const std::lock_guard lock(mutex_);
    if (stopping_ || waiting_.size() >= most_waiting_) return false;
    running_.push_back(work);
    waiting_.push_back(std::move(work));
  }
  ready_.notify_one();
  return true;
}

void ComputeQueue::stop() {
  {
    const std::lock_guard lock(mutex_);
    if (stopping_ && workers_.empty()) return;
    stopping_ = true;
    for (const auto& work : running_) work->cancelled = true;
  }
  ready_.notify_all();
  stopped_.notify_all();
  for (std::thread& worker : workers_) worker.join();
  workers_.clear();
  if (watcher_.joinable()) watcher_.join();
}

void ComputeQueue::work_loop() {
  for (;;) {
    std::shared_ptr<QueuedWork> work;
    {
      std::unique_lock lock(mutex_);
      ready_.wait(lock, [this] { return stopping_ || !waiting_.empty(); });
      if (waiting_.empty()) return;  // stopping, and nothing left to answer
      work = std::move(waiting_.front());
      waiting_.pop_front();
    }
    work->run();
    const std::lock_guard lock(mutex_);
    std::erase(running_, work);
  }
}

void ComputeQueue::watch_loop() {
  for (;;) {
    std::vector<std::shared_ptr<QueuedWork>> watched;
    {
      std::unique_lock lock(mutex_);
      if (stopped_.wait_for(lock, kWatchEvery, [this] { return stopping_; })) return;
      watched = running_;
    }
    for (const auto& work : watched)
      if (!work->cancelled && hung_up(work->client_socket)) work->cancelled = true;
  }
}

}  // namespace gigasim
