#pragma once
// The server's computations, apart from its connections: a fixed number of worker threads take
// requests in order from a bounded queue. Each request carries a flag its work checks (WorkLimit):
// raised when its client goes away (a watcher polls the waiting clients' sockets for a hang-up) or
// when the server stops, so no work runs on for nobody.

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace gigasim {

struct QueuedWork {
  int client_socket = -1;  // watched for a hang-up while the work waits or runs
  std::atomic<bool> cancelled{false};
  std::function<void()> run;  // the computation; it answers and wakes the connection itself
};

class ComputeQueue {
 public:
  ComputeQueue(int workers, std::size_t most_waiting);
  ComputeQueue(const ComputeQueue&) = delete;
  ComputeQueue& operator=(const ComputeQueue&) = delete;
  ~ComputeQueue();  // stop()s

  // False when `most_waiting` requests already wait (the caller answers 503) or the queue stopped.
  bool submit(std::shared_ptr<QueuedWork> work);
  // Cancels every waiting and running request, runs what waits (each sees its flag raised and
  // answers at once) and joins the workers.
  void stop();

 private:
  void work_loop();
  void watch_loop();

  std::size_t most_waiting_;
  std::mutex mutex_;
  std::condition_variable ready_;    // workers: work waits, or stop
  std::condition_variable stopped_;  // the watcher: stop
  std::deque<std::shared_ptr<QueuedWork>> waiting_;
  std::vector<std::shared_ptr<QueuedWork>> running_;  // waiting or running, for the watcher
  bool stopping_ = false;
  std::vector<std::thread> workers_;
  std::thread watcher_;
};

}  // namespace gigasim
