#!/usr/bin/env bash
# Load test of `gigasim serve` over loopback only (issues 11 and 23): wrk from Debian posts the
# 8-GPU Llama 3 8B job to /api/estimate from 8 connections on 2 threads, twice for 10 s (each far
# over 10,000 requests), then sends a mixed load for 10 s (estimates, invalid bodies, /healthz and
# the GPU catalog in turn), and prints requests/s, errors (socket errors, and non-2xx besides the
# invalid bodies' 400s) and the server's resident memory before and after each pass: flat memory
# means the passes did not grow it. Usage: bench/serve_load.sh [GIGASIM]
set -euo pipefail
gigasim=$(realpath "${1:-build/gigasim}")
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT

"$gigasim" serve --port 0 >"$work/serve.out" 2>&1 &
server=$!
for _ in $(seq 50); do grep -q listening "$work/serve.out" && break; sleep 0.1; done
url=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/serve.out")
cat >"$work/post.lua" <<LUA
wrk.method = "POST"
wrk.body = io.open("$root/examples/llama3-8b-8xh100.yaml"):read("*a")
done = function(summary, latency, requests)
  io.write(string.format("non-2xx %d, socket errors %d\n", summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA
cat >"$work/mixed.lua" <<LUA
local job = io.open("$root/examples/llama3-8b-8xh100.yaml"):read("*a")
local requests = {}
local turn = 0
-- Formatted in init, once wrk has set the Host header (HTTP/1.1 requires it).
init = function(args)
  requests = {
    wrk.format("POST", "/api/estimate", nil, job),
    wrk.format("POST", "/api/estimate", nil, "model: nope\\n"),
    wrk.format("GET", "/healthz"),
    wrk.format("GET", "/api/catalog?section=gpus"),
  }
end
request = function()
  turn = turn % #requests + 1
  return requests[turn]
end
done = function(summary, latency, requests)
  io.write(string.format("non-2xx %d (a quarter are the invalid bodies' 400s), socket errors %d\n",
    summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA
rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$server/status"; }
echo "server RSS at start: $(rss_kb) kB"

# Two 10-second runs: the first warms the server up, the second shows whether memory grows.
for pass in 1 2; do
  echo "pass $pass: wrk -t2 -c8 -d10s POST $url/api/estimate"
  wrk -t2 -c8 -d10s -s "$work/post.lua" "$url/api/estimate" | grep -E "requests in|Requests/sec|non-2xx|Latency"
  echo "  server RSS after pass $pass: $(rss_kb) kB"
done
echo "pass 3: wrk -t2 -c8 -d10s, mixed: POST $url/api/estimate (valid and invalid), GET /healthz and /api/catalog"
wrk -t2 -c8 -d10s -s "$work/mixed.lua" "$url" | grep -E "requests in|Requests/sec|non-2xx|Latency"
echo "  server RSS after pass 3: $(rss_kb) kB"
