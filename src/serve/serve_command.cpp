#include "serve/serve_command.hpp"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstring>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <system_error>

#include <fmt/format.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include "app/cores.hpp"
#include "app/input_files.hpp"
#include "report/html_report.hpp"
#include "serve/api.hpp"
#include "serve/compute_queue.hpp"
#include "serve/connection_watch.hpp"

namespace gigasim {
namespace {

constexpr int kInvalidInput = 2;
constexpr int kJsonIndent = 2;
constexpr unsigned kBadRequest = 400;
constexpr unsigned kNotFound = 404;
constexpr unsigned kRequestTimeout = 408;
constexpr unsigned kPayloadTooLarge = 413;
constexpr unsigned kUnavailable = 503;
constexpr unsigned kIdleTimeoutS = 10;         // a connection silent this long is closed
constexpr unsigned kPollingThreads = 2;        // connections are multiplexed (epoll): none holds a thread
constexpr long long kMostConnections = 10000;  // by default, or what the file limit allows
constexpr long long kSpareDescriptors = 64;    // the listening socket, epoll, the catalog files, …
// Connections the library accepts past the server's bound, to answer them 503 (ConnectionWatch)
// instead of dropping them unanswered; past these too, the library drops them.
constexpr long long kRefusedConnections = 256;
constexpr std::size_t kMostWaiting = 256;  // computations queued beyond the workers: more get a 503
// A body past the limit is read and dropped up to this much, so that a client that sends all of it
// before reading sees the 413 (this libmicrohttpd answers only once the body is in); past it, or a
// Content-Length past it, the connection is answered at once and closed.
constexpr std::size_t kMostDiscardedBytes = std::size_t{1} << 30;
constexpr std::string_view kJsonType = "application/json";

// One request, from its headers to its answer (MHD's per-request pointer holds it).
struct Exchange {
  bool too_large = false;
  std::size_t discarded_bytes = 0;
  std::string body;
  std::optional<ApiResponse> answer;  // a POST /api/…: set by its worker before it wakes the connection
};

struct Server {
  const Catalog* catalog = nullptr;
  const ServeOptions* options = nullptr;
  ComputeQueue* queue = nullptr;
  ConnectionWatch* watch = nullptr;
};

ApiResponse unavailable(const std::string& why) {
  return {static_cast<int>(kUnavailable), api_error({why}), {}};
}

std::string json_text(const nlohmann::json& body) {
  // Invalid UTF-8 reaching an answer (it is refused at the door) is replaced, never a failure.
  return body.dump(kJsonIndent, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

MHD_Result send(MHD_Connection* connection, unsigned status, const std::string& content, std::string_view type) {
  MHD_Response* response =
      MHD_create_response_from_buffer(content.size(), const_cast<char*>(content.data()), MHD_RESPMEM_MUST_COPY);
  if (response == nullptr) return MHD_NO;
  MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE, std::string(type).c_str());
  const MHD_Result queued = MHD_queue_response(connection, status, response);
  MHD_destroy_response(response);
  return queued;
}

MHD_Result send_error(MHD_Connection* connection, unsigned status, const std::string& message) {
  return send(connection, status, json_text(api_error({message})), kJsonType);
}

MHD_Result send_answer(MHD_Connection* connection, const ApiResponse& answer) {
  if (!answer.html.empty()) return send(connection, answer.status, answer.html, "text/html; charset=utf-8");
  return send(connection, answer.status, json_text(answer.body), kJsonType);
}

ApiQuery query_of(MHD_Connection* connection) {
  ApiQuery query;
  MHD_get_connection_values(
      connection, MHD_GET_ARGUMENT_KIND,
      [](void* into, MHD_ValueKind, const char* key, const char* value) {
        static_cast<ApiQuery*>(into)->emplace(key, value == nullptr ? "" : value);  // the first of a repeated name
        return MHD_YES;
      },
      &query);
  return query;
}

int content_length_headers(MHD_Connection* connection) {
  int count = 0;
  MHD_get_connection_values(
      connection, MHD_HEADER_KIND,
      [](void* counted, MHD_ValueKind, const char* key, const char*) {
        if (strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH) == 0) ++*static_cast<int*>(counted);
        return MHD_YES;
      },
      &count);
  return count;
}

std::string too_large_message(const ServeOptions& options) {
  return fmt::format("body: over the server's {} bytes; a job or scenario file is a few kB", options.max_body_bytes);
}

std::string no_endpoint(std::string_view method, std::string_view url) {
  return fmt::format(
      "{} {}: no such endpoint; GET /healthz or /api/catalog, POST /api/estimate, search, simulate, plan or run",
      method, url);
}

// The answers that need no computation: health, the planner page and its scripts (built into the
// binary: no file is read, so no path can reach outside them), sites and the catalog.
std::optional<MHD_Result> answer_get(const Server& server, MHD_Connection* connection, std::string_view url) {
  if (url == "/healthz") return send(connection, MHD_HTTP_OK, "{\"status\": \"ok\"}\n", kJsonType);
  if (url == "/")
    return send(connection, MHD_HTTP_OK, std::string(embedded_web_file("planner.html")), "text/html; charset=utf-8");
  if (url == "/echarts.min.js" || url == "/report-charts.js")
    return send(connection, MHD_HTTP_OK, std::string(embedded_web_file(url.substr(1))), "text/javascript");
  if (url == "/api/sites") return send_answer(connection, api_sites());
  if (url == "/api/catalog") return send_answer(connection, api_catalog(*server.catalog, query_of(connection)));
  return std::nullopt;
}

// Queues POST /api/ENDPOINT for a worker and suspends the connection until it has answered.
MHD_Result start_computing(const Server& server, MHD_Connection* connection, Exchange& exchange, std::string endpoint) {
  auto work = std::make_shared<QueuedWork>();
  const MHD_ConnectionInfo* info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD);
  work->client_socket = info != nullptr ? info->connect_fd : -1;
  work->run = [&server, &exchange, connection, endpoint = std::move(endpoint), query = query_of(connection),
               cancelled = &work->cancelled] {
    ApiLimits limits;
    limits.compute = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::duration<double>(server.options->time_limit_s));
    limits.cancelled = cancelled;
    try {
      exchange.answer = cancelled->load() ? unavailable("the server is stopping, or the client left")
                                          : api_call(endpoint, exchange.body, query, *server.catalog, limits);
    } catch (const std::exception& error) {
      exchange.answer = ApiResponse{
          500,
          api_error(
              {fmt::format("internal error: {} (please report it with the request that caused it)", error.what())}),
          {}};
    }
    MHD_resume_connection(connection);
  };
  // Suspended first: a worker may finish and resume it before submit returns.
  MHD_suspend_connection(connection);
  if (!server.queue->submit(std::move(work))) {
    exchange.answer =
        unavailable(fmt::format("the server is busy: {} requests wait for a worker; try again shortly", kMostWaiting));
    MHD_resume_connection(connection);
  }
  return MHD_YES;
}

MHD_Result on_request(void* context, MHD_Connection* connection, const char* url_text, const char* method_text,
                      const char* /*version*/, const char* upload, std::size_t* upload_size, void** request) {
  const Server& server = *static_cast<const Server*>(context);
  const std::string_view url(url_text);
  const std::string_view method(method_text);
  // Every answer below starts here: a request the watch already answered (408) is dropped.
  const auto answering = [&] { return server.watch->answering(connection); };
  auto* exchange = static_cast<Exchange*>(*request);
  if (exchange == nullptr) {  // the headers are in; the body, if any, follows in later calls
    exchange = new Exchange;
    *request = exchange;
    if (content_length_headers(connection) > 1)
      return answering() ? send_error(connection, kBadRequest, "Content-Length: given more than once; send it once")
                         : MHD_NO;
    const char* length = MHD_lookup_connection_value(connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    const unsigned long long declared = length != nullptr ? std::strtoull(length, nullptr, 10) : 0;
    if (declared > kMostDiscardedBytes)
      return answering() ? send_error(connection, kPayloadTooLarge, too_large_message(*server.options)) : MHD_NO;
    exchange->too_large = declared > server.options->max_body_bytes;
    return MHD_YES;
  }
  if (*upload_size > 0) {  // a piece of the body, whatever its transfer encoding
    if (!exchange->too_large && exchange->body.size() + *upload_size > server.options->max_body_bytes) {
      exchange->too_large = true;
      exchange->body.clear();
      exchange->body.shrink_to_fit();
    }
    if (exchange->too_large) {
      exchange->discarded_bytes += *upload_size;
      if (exchange->discarded_bytes > kMostDiscardedBytes) return MHD_NO;  // closed, unanswered
    } else {
      exchange->body.append(upload, *upload_size);
    }
    *upload_size = 0;
    return MHD_YES;
  }
  if (!answering()) return MHD_NO;
  if (exchange->answer) return send_answer(connection, *exchange->answer);  // a worker's answer, once woken
  if (exchange->too_large) return send_error(connection, kPayloadTooLarge, too_large_message(*server.options));
  if (method == MHD_HTTP_METHOD_GET || method == MHD_HTTP_METHOD_HEAD)
    if (const auto answered = answer_get(server, connection, url)) return *answered;
  constexpr std::string_view kApi = "/api/";
  if (method == MHD_HTTP_METHOD_POST && url.starts_with(kApi))
    return start_computing(server, connection, *exchange, std::string(url.substr(kApi.size())));
  return send_error(connection, kNotFound, no_endpoint(method, url));
}

void on_completed(void* context, MHD_Connection* connection, void** request, MHD_RequestTerminationCode /*why*/) {
  static_cast<ConnectionWatch*>(context)->answered(connection);
  auto* exchange = static_cast<Exchange*>(*request);
  if (exchange == nullptr) return;
  // A suspended request completes only after its worker resumed it: the work is done with it.
  delete exchange;
  *request = nullptr;
}

void on_connection(void* context, MHD_Connection* connection, void** /*socket_context*/,
                   MHD_ConnectionNotificationCode what) {
  auto& watch = *static_cast<ConnectionWatch*>(context);
  if (what == MHD_CONNECTION_NOTIFY_CLOSED) {
    watch.closed(connection);
    return;
  }
  const MHD_ConnectionInfo* info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD);
  if (info != nullptr) watch.opened(connection, info->connect_fd);
}

// The answers the watch writes itself, whole.
std::string timeout_answer(const ServeOptions& options) {
  return closing_json_response(
      kRequestTimeout, "Request Timeout",
      json_text(api_error({fmt::format("the request did not arrive whole within the server's {:g} s; send it at once",
                                       options.request_timeout_s)})));
}

std::string full_answer(long long most_connections) {
  return closing_json_response(
      kUnavailable, "Service Unavailable",
      json_text(api_error({fmt::format("the server holds its {} connections; try again shortly", most_connections)})));
}

// The address to listen on: a numeric IPv4 or IPv6 address, or a name.
std::optional<sockaddr_storage> address_of(const std::string& host, int port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* found = nullptr;
  if (getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found) != 0 || found == nullptr)
    return std::nullopt;
  sockaddr_storage address{};
  std::memcpy(&address, found->ai_addr, found->ai_addrlen);
  freeaddrinfo(found);
  return address;
}

// The files this process may open, its soft limit raised to the hard one first (Debian's default
// soft limit, 1,024, would refuse the 2,000th client).
long long open_file_limit() {
  constexpr long long kDebianSoftLimit = 1024;  // assumed when the limit cannot be read
  rlimit files{};
  if (getrlimit(RLIMIT_NOFILE, &files) != 0) return kDebianSoftLimit;
  if (files.rlim_cur < files.rlim_max) {
    files.rlim_cur = files.rlim_max;
    setrlimit(RLIMIT_NOFILE, &files);
    getrlimit(RLIMIT_NOFILE, &files);
  }
  return static_cast<long long>(std::min<rlim_t>(files.rlim_cur, std::numeric_limits<int>::max()));
}

// The connections `open_files` allow: each needs a file, and so does each one being refused.
long long connections_allowed(long long open_files) {
  return std::max(0LL, open_files - kSpareDescriptors - kRefusedConnections);
}

// The connections served at once: --max-connections, or as many as the files allow up to 10,000.
// Nothing when --max-connections is more than the files allow.
std::optional<long long> most_connections(const ServeOptions& options, long long open_files) {
  const long long allowed = connections_allowed(open_files);
  if (options.max_connections > 0)
    return options.max_connections <= allowed ? std::optional<long long>(options.max_connections) : std::nullopt;
  return std::max(1LL, std::min(kMostConnections, allowed));
}

}  // namespace

int run_serve(const ServeOptions& options, std::ostream& out, std::ostream& err) {
  const auto catalog = load_catalog(options.catalog_files);
  if (!catalog) {
    for (const std::string& line : catalog.error()) err << line << "\n";
    return kInvalidInput;
  }
  // SIGINT and SIGTERM wait for sigwait below: blocked here, before any thread starts, so that
  // every thread inherits the mask and none is interrupted.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  auto address = address_of(options.host, options.port);
  const auto cannot_listen = [&] {
    err << fmt::format(
        "gigasim serve: cannot listen on {}:{} (in use, or not an address of this machine); give another --port, or "
        "--port 0 for any free one\n",
        options.host, options.port);
    return kInvalidInput;
  };
  if (!address) return cannot_listen();

  const long long open_files = open_file_limit();
  const auto connections = most_connections(options, open_files);
  if (!connections) {
    err << fmt::format(
        "gigasim serve: --max-connections {}: this process may open {} files, enough for {} connections; give fewer, "
        "or raise the limit (ulimit -n)\n",
        options.max_connections, open_files, connections_allowed(open_files));
    return kInvalidInput;
  }
  // Connections and computations are bounded apart: connections wait on sockets in a couple of
  // polling threads (a slow or idle client holds no thread) under the watch's deadline and bound,
  // and only `workers` requests compute at once, the rest waiting in a bounded queue.
  const int workers = threads_or_every_core(options.workers);
  std::optional<ComputeQueue> queue;
  std::optional<ConnectionWatch> watch;
  try {
    queue.emplace(workers, kMostWaiting);
    const auto request_deadline = std::chrono::duration_cast<ConnectionWatch::Clock::duration>(
        std::chrono::duration<double>(options.request_timeout_s));
    // Between requests the library's idle timeout closes a silent connection first.
    const auto next_request_deadline = std::chrono::seconds(kIdleTimeoutS + 1);
    watch.emplace(request_deadline, next_request_deadline, static_cast<std::size_t>(*connections),
                  timeout_answer(options), full_answer(*connections));
  } catch (const std::system_error& error) {  // not one worker thread, or not the watcher, could start
    err << fmt::format("gigasim serve: cannot start worker threads ({}); give fewer --workers, or free memory\n",
                       error.what());
    return kInvalidInput;
  }
  Server server{&catalog.value(), &options, &*queue, &*watch};
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME;
  if (address->ss_family == AF_INET6) flags |= MHD_USE_IPv6;
  MHD_Daemon* daemon = MHD_start_daemon(flags, 0, nullptr, nullptr, &on_request, &server,              //
                                        MHD_OPTION_SOCK_ADDR, reinterpret_cast<sockaddr*>(&*address),  //
                                        MHD_OPTION_THREAD_POOL_SIZE, kPollingThreads,                  //
                                        MHD_OPTION_CONNECTION_TIMEOUT, kIdleTimeoutS,                  //
                                        MHD_OPTION_CONNECTION_LIMIT,
                                        static_cast<unsigned>(*connections + kRefusedConnections),  //
                                        MHD_OPTION_STRICT_FOR_CLIENT, 1,                            //
                                        MHD_OPTION_NOTIFY_COMPLETED, &on_completed, &*watch,        //
                                        MHD_OPTION_NOTIFY_CONNECTION, &on_connection, &*watch,      //
                                        MHD_OPTION_END);
  if (daemon == nullptr) return cannot_listen();
  const MHD_DaemonInfo* bound = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
  const int port = bound != nullptr ? bound->port : options.port;
  out << fmt::format("gigasim serve: listening on http://{}:{} ({} workers, {:g} s per request)\n", options.host, port,
                     workers, options.time_limit_s)
      << std::flush;

  int signal = 0;
  sigwait(&stop_signals, &signal);
  // Computations first: each sees its flag raised, answers and resumes its connection; then the
  // daemon stops (it may not while a connection is suspended).
  queue->stop();
  MHD_stop_daemon(daemon);
  return 0;
}

}  // namespace gigasim
