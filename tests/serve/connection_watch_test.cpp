// ConnectionWatch on socket pairs standing in for clients: a request that does not arrive whole by
// its deadline is answered 408, the sending half of the server's end closes at once and the
// reading half two seconds later; one answered in time is left alone, and the next request on the
// connection has its own, longer deadline; a connection past the bound is answered 503 at once.
#include "serve/connection_watch.hpp"

#include <array>
#include <chrono>
#include <string>

#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace gigasim {
namespace {

using std::chrono::milliseconds;

// One client: [0] the server's end, as the library holds it; [1] the client's.
struct Pair {
  std::array<int, 2> ends{-1, -1};
  Pair() { EXPECT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, ends.data()), 0); }
  ~Pair() {
    ::close(ends[0]);
    ::close(ends[1]);
  }
  Pair(const Pair&) = delete;
  Pair& operator=(const Pair&) = delete;
  [[nodiscard]] int server() const { return ends[0]; }
  [[nodiscard]] int client() const { return ends[1]; }
};

// What the client can read within `wait`, up to the end the server sent ("" when nothing came).
std::string read_all(int socket, milliseconds wait) {
  std::string text;
  for (;;) {
    pollfd ready{socket, POLLIN, 0};
    if (::poll(&ready, 1, static_cast<int>(wait.count())) <= 0) return text;
    std::array<char, 512> piece{};
    const auto got = ::read(socket, piece.data(), piece.size());
    if (got <= 0) return text;
    text.append(piece.data(), static_cast<std::size_t>(got));
  }
}

// True once the server's end reads the end of input within `wait`: the library would see it and close.
bool server_reads_end(int socket, milliseconds wait) {
  pollfd ready{socket, POLLIN, 0};
  std::array<char, 16> piece{};
  return ::poll(&ready, 1, static_cast<int>(wait.count())) > 0 && ::read(socket, piece.data(), piece.size()) == 0;
}

constexpr auto kDeadline = milliseconds(300);
constexpr auto kNextDeadline = milliseconds(600);
const std::string kTimeout = closing_json_response(408, "Request Timeout", "{\"error\": \"late\"}\n");
const std::string kFull = closing_json_response(503, "Service Unavailable", "{\"error\": \"full\"}\n");

TEST(ConnectionWatch, AResponseIsWholeHttp) {
  // 18 bytes of body: {"error": "late"} (17) and a newline.
  EXPECT_EQ(kTimeout,
            "HTTP/1.1 408 Request Timeout\r\nContent-Type: application/json\r\nContent-Length: 18\r\n"
            "Connection: close\r\n\r\n{\"error\": \"late\"}\n");
}

TEST(ConnectionWatch, ALateRequestGets408AndTheConnectionCloses) {
  ConnectionWatch watch(kDeadline, kNextDeadline, 10, kTimeout, kFull);
  Pair trickling;
  int key = 0;
  const auto started = std::chrono::steady_clock::now();
  ASSERT_TRUE(watch.opened(&key, trickling.server()));
  // Bytes keep coming (the connection is never idle), but the request is never whole.
  ASSERT_EQ(::write(trickling.client(), "P", 1), 1);
  EXPECT_EQ(read_all(trickling.client(), milliseconds(2000)), kTimeout);
  const auto waited = std::chrono::steady_clock::now() - started;
  EXPECT_GE(waited, kDeadline);
  EXPECT_LT(waited, kDeadline + 5 * ConnectionWatch::kWatchEvery);  // a tick past it, with room for a slow machine
  // The byte sent, and more while the client has time to read the answer; then, two seconds after
  // the answer, the end: the library reads its way to the end of input and closes.
  std::array<char, 4> sent{};
  EXPECT_EQ(::read(trickling.server(), sent.data(), sent.size()), 1);
  ASSERT_EQ(::write(trickling.client(), "O", 1), 1);
  EXPECT_EQ(::read(trickling.server(), sent.data(), sent.size()), 1);
  EXPECT_FALSE(server_reads_end(trickling.server(), ConnectionWatch::kClosingGrace / 2));
  EXPECT_TRUE(server_reads_end(trickling.server(), ConnectionWatch::kClosingGrace + milliseconds(1000)));
  // The request that arrives after all is dropped, not answered a second time.
  EXPECT_FALSE(watch.answering(&key));
  EXPECT_EQ(watch.open_connections(), 0U);
  watch.closed(&key);
}

TEST(ConnectionWatch, ARequestAnsweredInTimeIsLeftAlone) {
  ConnectionWatch watch(kDeadline, kNextDeadline, 10, kTimeout, kFull);
  Pair prompt;
  int key = 0;
  ASSERT_TRUE(watch.opened(&key, prompt.server()));
  ASSERT_TRUE(watch.answering(&key));
  // Computing past the deadline is the time limit's business (422), not the watch's.
  EXPECT_EQ(read_all(prompt.client(), kDeadline * 2), "");
  // Answered: the next request's clock starts now, with the longer deadline, and runs out in its turn.
  watch.answered(&key);
  const auto answered = std::chrono::steady_clock::now();
  EXPECT_EQ(read_all(prompt.client(), kDeadline + milliseconds(100)), "");
  EXPECT_EQ(read_all(prompt.client(), milliseconds(2000)), kTimeout);
  EXPECT_GE(std::chrono::steady_clock::now() - answered, kNextDeadline);
  watch.closed(&key);
}

TEST(ConnectionWatch, PastTheBoundANewConnectionGets503AtOnce) {
  ConnectionWatch watch(std::chrono::seconds(60), std::chrono::seconds(60), 2, kTimeout, kFull);
  Pair first;
  Pair second;
  Pair third;
  int keys[3] = {};
  EXPECT_TRUE(watch.opened(&keys[0], first.server()));
  EXPECT_TRUE(watch.opened(&keys[1], second.server()));
  EXPECT_FALSE(watch.opened(&keys[2], third.server()));
  EXPECT_EQ(read_all(third.client(), milliseconds(100)), kFull);
  EXPECT_EQ(watch.open_connections(), 2U);
  // One closes: a place is free again, and the refused one's closing does not count.
  watch.closed(&keys[0]);
  watch.closed(&keys[2]);
  Pair fourth;
  EXPECT_TRUE(watch.opened(&keys[0], fourth.server()));
  EXPECT_EQ(read_all(fourth.client(), milliseconds(100)), "");
  watch.closed(&keys[0]);
  watch.closed(&keys[1]);
  EXPECT_EQ(watch.open_connections(), 0U);
}

}  // namespace
}  // namespace gigasim
