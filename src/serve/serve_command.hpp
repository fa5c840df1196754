#pragma once
// `gigasim serve [--host 127.0.0.1] [--port 8080]`: the HTTP API (serve/api.hpp) on libmicrohttpd,
// loopback by default, with a body size limit, a deadline to send a request, a bound on open
// connections, a per-request time limit on all work and a fixed pool of worker threads; SIGINT or
// SIGTERM stop it within a moment, computations cancelled.

#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

namespace gigasim {

struct ServeOptions {
  std::string host = "127.0.0.1";        // loopback: other machines reach it only when asked for
  int port = 8080;                       // 0: any free port (printed on start)
  int workers = 0;                       // 0: one per core
  std::size_t max_body_bytes = 1 << 20;  // a job or scenario is a few kB
  double time_limit_s = 10;              // per request: searches, simulations and runs stop there
  double request_timeout_s = 30;         // to send a request whole, headers and body: past it, 408
  int max_connections = 0;               // open at once, more get 503; 0: what the file limit allows, up to 10,000
  std::vector<std::string> catalog_files;
};

// Serves until interrupted (SIGINT/SIGTERM); 0 after a clean stop, 2 when the address is taken.
int run_serve(const ServeOptions& options, std::ostream& out, std::ostream& err);

}  // namespace gigasim
