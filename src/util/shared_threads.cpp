#include "util/shared_threads.hpp"

#include <system_error>
#include <thread>
#include <vector>

namespace gigasim {

int run_on_threads(int threads, const std::function<void(int thread)>& work) {
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) {
    try {
      pool.emplace_back(work, t);
    } catch (const std::system_error&) {
      break;  // the threads already running, and this one, take the rest
    }
  }
  work(0);
  for (std::thread& thread : pool) thread.join();
  return static_cast<int>(pool.size()) + 1;
}

}  // namespace gigasim
