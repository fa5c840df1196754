#include "serve/serve_command.hpp"

#include <algorithm>
#include <atomic>
#include <csignal>
#include <semaphore>

#include <fmt/format.h>
#include <httplib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include "serve/api.hpp"
#include "app/cores.hpp"
#include "app/input_files.hpp"
#include "report/html_report.hpp"

namespace gigasim {
namespace {

constexpr int kInvalidInput = 2;
constexpr int kJsonIndent = 2;
constexpr int kPayloadTooLarge = 413;
constexpr std::time_t kSocketTimeoutS = 10;     // a client that stalls mid-request is dropped
constexpr std::size_t kConnectionThreads = 64;  // open connections served at once
constexpr std::time_t kKeepAliveS = 2;          // an idle kept-alive connection is closed after this
constexpr std::string_view kJsonType = "application/json";

httplib::Server* running_server = nullptr;

extern "C" void stop_serving(int /*signal*/) {
  if (running_server != nullptr) running_server->stop();
}

// Holds one of the `workers` compute slots for a scope, released even when the work throws.
class ComputePermit {
 public:
  explicit ComputePermit(std::counting_semaphore<>& slots) : slots_(slots) { slots_.acquire(); }
  ComputePermit(const ComputePermit&) = delete;
  ComputePermit& operator=(const ComputePermit&) = delete;
  ~ComputePermit() { slots_.release(); }

 private:
  std::counting_semaphore<>& slots_;
};

ApiQuery query_of(const httplib::Request& request) {
  ApiQuery query;
  for (const auto& [name, value] : request.params) query.emplace(name, value);  // the first of a repeated name
  return query;
}

void answer(httplib::Response& response, const ApiResponse& result) {
  response.status = result.status;
  if (!result.html.empty())
    response.set_content(result.html, "text/html; charset=utf-8");
  else
    response.set_content(result.body.dump(kJsonIndent) + "\n", std::string(kJsonType));
}

}  // namespace

int run_serve(const ServeOptions& options, std::ostream& out, std::ostream& err) {
  const auto catalog = load_catalog(options.catalog_files);
  if (!catalog) {
    for (const std::string& line : catalog.error()) err << line << "\n";
    return kInvalidInput;
  }
  const int workers = threads_or_every_core(options.workers);
  ApiLimits limits;
  limits.compute = std::chrono::milliseconds(static_cast<long long>(options.time_limit_s * 1000));

  httplib::Server server;
  // Connections and computations are bounded apart: a kept-alive connection holds its thread while
  // idle, so with one thread per core 40 clients took 57 s to serve; the connection threads wait on
  // sockets, and only `workers` requests compute at once.
  server.new_task_queue = [] { return new httplib::ThreadPool(kConnectionThreads); };
  server.set_keep_alive_timeout(kKeepAliveS);
  std::counting_semaphore<> computing(workers);
  server.set_payload_max_length(options.max_body_bytes);
  // SO_REUSEADDR (a restart need not wait out TIME_WAIT) but not the library's SO_REUSEPORT, which
  // let a second server bind the same port and take half its requests; and TCP_NODELAY (inherited
  // by accepted sockets on Linux): without it a response written as headers then body waits on the
  // client's delayed ACK, ~40 ms a request.
  server.set_socket_options([](socket_t socket) {
    const int yes = 1;
    setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    setsockopt(socket, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof(yes));
  });
  server.set_read_timeout(kSocketTimeoutS);
  server.set_write_timeout(kSocketTimeoutS);

  server.Get("/healthz", [](const httplib::Request&, httplib::Response& response) {
    response.set_content("{\"status\": \"ok\"}\n", std::string(kJsonType));
  });
  // The planner page and its scripts, built into the binary: no file is read, so no path can
  // reach outside them.
  const auto page = [](std::string_view name, std::string type) {
    return [content = std::string(embedded_web_file(name)), type](
               const httplib::Request&, httplib::Response& response) { response.set_content(content, type); };
  };
  server.Get("/", page("planner.html", "text/html; charset=utf-8"));
  server.Get("/echarts.min.js", page("echarts.min.js", "text/javascript"));
  server.Get("/report-charts.js", page("report-charts.js", "text/javascript"));
  server.Get("/api/sites", [](const httplib::Request&, httplib::Response& response) { answer(response, api_sites()); });
  server.Get("/api/catalog", [&](const httplib::Request& request, httplib::Response& response) {
    answer(response, api_catalog(catalog.value(), query_of(request)));
  });
  server.Post(R"(/api/([a-z]+))", [&](const httplib::Request& request, httplib::Response& response) {
    const ComputePermit permit(computing);
    answer(response, api_call(request.matches[1].str(), request.body, query_of(request), catalog.value(), limits));
  });
  // Every other request, and the library's own refusals (413 for a body over the limit), as JSON.
  server.set_error_handler(
      httplib::Server::HandlerWithResponse([&options](const httplib::Request& request, httplib::Response& response) {
        if (!response.body.empty()) return httplib::Server::HandlerResponse::Unhandled;  // the API's own answer
        const std::string message =
            response.status == kPayloadTooLarge
                ? fmt::format("body: over the server's {} bytes; a job or scenario file is a few kB",
                              options.max_body_bytes)
                : fmt::format(
                      "{} {}: no such endpoint; GET /healthz or /api/catalog, POST /api/estimate, search, "
                      "simulate, plan or run",
                      request.method, request.path);
        response.set_content(api_error({message}).dump(kJsonIndent) + "\n", std::string(kJsonType));
        return httplib::Server::HandlerResponse::Handled;
      }));
  server.set_exception_handler([](const httplib::Request&, httplib::Response& response, std::exception_ptr error) {
    std::string what = "unknown";
    try {
      std::rethrow_exception(error);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    response.status = 500;
    response.set_content(
        api_error({fmt::format("internal error: {} (please report it with the request that caused it)", what)})
                .dump(kJsonIndent) +
            "\n",
        std::string(kJsonType));
  });

  const int port = options.port == 0 ? server.bind_to_any_port(options.host)
                                     : (server.bind_to_port(options.host, options.port) ? options.port : -1);
  if (port < 0) {
    err << fmt::format(
        "gigasim serve: cannot listen on {}:{} (in use, or not an address of this machine); give "
        "another --port, or --port 0 for any free one\n",
        options.host, options.port);
    return kInvalidInput;
  }
  out << fmt::format("gigasim serve: listening on http://{}:{} ({} workers, {:g} s per request)\n", options.host, port,
                     workers, options.time_limit_s)
      << std::flush;
  running_server = &server;
  std::signal(SIGINT, stop_serving);
  std::signal(SIGTERM, stop_serving);
  server.listen_after_bind();
  running_server = nullptr;
  return 0;
}

}  // namespace gigasim
