#include "serve/connection_watch.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <sys/socket.h>

namespace gigasim {
namespace {}  // namespace

std::string closing_json_response(unsigned status, std::string_view reason, std::string_view json_body) {
  return fmt::format(
      "HTTP/1.1 {} {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{}", status,
      reason, json_body.size(), json_body);
}

ConnectionWatch::ConnectionWatch(Clock::duration request_deadline, Clock::duration next_request_deadline,
                                 std::size_t most_connections, std::string timeout_answer, std::string full_answer)
    : request_deadline_(request_deadline),
      next_request_deadline_(std::max(request_deadline, next_request_deadline)),
      most_connections_(most_connections),
      timeout_answer_(std::move(timeout_answer)),
      full_answer_(std::move(full_answer)),
      watcher_(&ConnectionWatch::watch_loop, this) {}

ConnectionWatch::~ConnectionWatch() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  stopped_.notify_all();
  watcher_.join();
}

bool ConnectionWatch::opened(const void* connection, int socket) {
  const std::lock_guard lock(mutex_);
  const auto now = Clock::now();
  Watched& watched = watched_[connection];
  watched = Watched{socket, Phase::receiving, now + request_deadline_};
  if (watched_.size() - closing_ <= most_connections_) return true;
  answer_and_close(watched, full_answer_, now);
  return false;
}

bool ConnectionWatch::answering(const void* connection) {
  const std::lock_guard lock(mutex_);
  const auto found = watched_.find(connection);
  if (found == watched_.end()) return true;  // not watched: nothing was written on it
  if (found->second.phase == Phase::closing) return false;
  found->second.phase = Phase::answering;
  return true;
}

void ConnectionWatch::answered(const void* connection) {
  const std::lock_guard lock(mutex_);
  const auto found = watched_.find(connection);
  if (found == watched_.end() || found->second.phase == Phase::closing) return;
  found->second.phase = Phase::receiving;
  found->second.until = Clock::now() + next_request_deadline_;
}

void ConnectionWatch::closed(const void* connection) {
  const std::lock_guard lock(mutex_);
  const auto found = watched_.find(connection);
  if (found == watched_.end()) return;
  if (found->second.phase == Phase::closing) --closing_;
  watched_.erase(found);
}

std::size_t ConnectionWatch::open_connections() const {
  const std::lock_guard lock(mutex_);
  return watched_.size() - closing_;
}

// Called with the mutex held: the library cannot close the socket meanwhile (closed() waits).
void ConnectionWatch::answer_and_close(Watched& watched, const std::string& answer, Clock::time_point now) {
  // One short write that fits any socket's send buffer; a client that cannot take it loses only
  // the text, not the closing.
  (void)::send(watched.socket, answer.data(), answer.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
  ::shutdown(watched.socket, SHUT_WR);
  watched.phase = Phase::closing;
  watched.until = now + kClosingGrace;
  ++closing_;
}

void ConnectionWatch::watch_loop() {
  std::unique_lock lock(mutex_);
  while (!stopped_.wait_for(lock, kWatchEvery, [this] { return stopping_; })) {
    const auto now = Clock::now();
    for (auto& [connection, watched] : watched_) {
      if (watched.phase == Phase::receiving && now > watched.until) {
        answer_and_close(watched, timeout_answer_, now);
      } else if (watched.phase == Phase::closing && watched.socket >= 0 && now >= watched.until) {
        // The library's next read sees the end and closes the connection.
        ::shutdown(watched.socket, SHUT_RD);
        watched.socket = -1;
      }
    }
  }
}

}  // namespace gigasim
