#pragma once
// The server's connections against the clock and against their number. A request must arrive whole,
// headers and body, within a deadline from the moment the connection could send it; past it the
// client gets 408 and the connection is closed, however steadily it trickles bytes (a byte every few
// seconds keeps a connection from ever being idle). Past a number of open connections a new one gets
// 503 at once. libmicrohttpd 0.9.75 closes only idle connections and drops extra ones without a
// word, so the server keeps this ledger beside it, fed by the library's connection notifications.
//
// The answer is written on the socket by this watcher only while the request is still arriving,
// when the server has nothing to write there, and the library is told of it by the socket's
// shutdown: first the sending half (the client reads the answer and the end), then, two seconds
// later, the receiving half (the library reads the end and closes the connection); meanwhile the
// library goes on reading what the client sends, so a client still uploading is not reset before
// it reads the answer. One window is left: the library answers some broken requests itself (a
// malformed header, 431) without telling the server, and a deadline passing while such an answer
// is on its way appends the 408 to it; the connection closes either way.
//
// Between requests on a kept-alive connection the clock gives the client the library's idle
// timeout and a second more before the next request must be in: an idle connection is closed by
// the library, silently, before a 408 could cross a request the client sends on it.

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

namespace gigasim {

class ConnectionWatch {
 public:
  using Clock = std::chrono::steady_clock;
  // How often the clocks are read: a late request is answered within about this past its deadline.
  static constexpr auto kWatchEvery = std::chrono::milliseconds(200);
  // How long a connection answered here has to read the answer, and stop sending, before its
  // reading half closes (and the library closes the connection).
  static constexpr auto kClosingGrace = std::chrono::seconds(2);

  // `request_deadline` from a connection's opening to its first request in whole;
  // `next_request_deadline` from an answer to the next request in whole (at least the request
  // deadline). `timeout_answer` and `full_answer` are whole HTTP responses (status line to body),
  // written as they are.
  ConnectionWatch(Clock::duration request_deadline, Clock::duration next_request_deadline, std::size_t most_connections,
                  std::string timeout_answer, std::string full_answer);
  ConnectionWatch(const ConnectionWatch&) = delete;
  ConnectionWatch& operator=(const ConnectionWatch&) = delete;
  ~ConnectionWatch();

  // A new connection on `socket`; its first request's clock starts. Past `most_connections` open
  // ones it is answered `full_answer` and closed, and this returns false.
  bool opened(const void* connection, int socket);
  // The connection's request is in and about to be answered: its clock stops. False when it was
  // already answered here (408 or 503): the caller drops the request.
  bool answering(const void* connection);
  // Its answer has gone: the clock starts again for the next request on the connection.
  void answered(const void* connection);
  // The library closed it (before it closes the socket, so the socket is never touched after).
  void closed(const void* connection);

  // Open connections, those answered here and still closing aside.
  [[nodiscard]] std::size_t open_connections() const;

 private:
  enum class Phase { receiving, answering, closing };
  struct Watched {
    int socket = -1;
    Phase phase = Phase::receiving;
    Clock::time_point until;  // receiving: the request's deadline; closing: when to close the reading half
  };

  void watch_loop();
  void answer_and_close(Watched& watched, const std::string& answer, Clock::time_point now);

  Clock::duration request_deadline_;
  Clock::duration next_request_deadline_;
  std::size_t most_connections_;
  std::string timeout_answer_;
  std::string full_answer_;
  mutable std::mutex mutex_;
  std::condition_variable stopped_;
  bool stopping_ = false;
  std::unordered_map<const void*, Watched> watched_;
  std::size_t closing_ = 0;  // entries in Phase::closing
  std::thread watcher_;
};

// A whole HTTP/1.1 response with a JSON body, closing the connection: what the watcher writes.
std::string closing_json_response(unsigned status, std::string_view reason, std::string_view json_body);

}  // namespace gigasim
