#!/usr/bin/env python3
"""What a hostile client gets from `gigasim serve` (issue 23), one line per attack: a 100-part Range
request, a 300 MiB chunked body, 80 clients sending a byte every few seconds while /healthz is
asked (and what they get at the 30 s request deadline), 600 idle connections against a bound of
500, Content-Length twice, a body that is not UTF-8, a full simulation of the 100k-GPU gigafactory
under a 2 s limit, and SIGTERM while it computes. Prints what came back, how long it took and the
server's resident memory. Loopback only. Usage: bench/serve_attacks.py [GIGASIM]"""

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GIGASIM = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build", "gigasim"))
GIGAFACTORY = open(os.path.join(ROOT, "examples", "gigafactory-100k-h100.yaml"), "rb").read()


def start(*extra):
    server = subprocess.Popen([GIGASIM, "serve", "--port", "0", *extra], stdout=subprocess.PIPE, text=True)
    port = int(re.search(r":(\d+) ", server.stdout.readline()).group(1))
    return server, port


def rss_mb(server):
    with open(f"/proc/{server.pid}/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS")) / 1024


def exchange(port, request, timeout=60.0, body_chunks=None):
    """Sends `request` (and then `body_chunks`, if any) and reads until the server closes or stalls."""
    connection = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    started = time.monotonic()
    try:
        connection.sendall(request)
        for chunk in body_chunks or ():
            connection.sendall(chunk)
        received = b""
        while True:
            piece = connection.recv(1 << 20)
            if not piece:
                break
            received += piece
            if b"Connection: close" not in received and re.search(rb"Content-Length: (\d+)\r\n\r\n", received):
                length = int(re.search(rb"Content-Length: (\d+)", received).group(1))
                if len(received.split(b"\r\n\r\n", 1)[1]) >= length:
                    break
    except OSError as error:
        received = f"({error.__class__.__name__})".encode()
    finally:
        connection.close()
    return received, time.monotonic() - started


def status_of(answer):
    first = answer.split(b"\r\n", 1)[0].decode(errors="replace")
    return first if first.startswith("HTTP/") else (first or "(closed, no answer)")


def report(name, answer, seconds, server):
    print(f"{name:44s} {status_of(answer)[:40]:40s} {len(answer):>12,} B {seconds:7.2f} s  RSS {rss_mb(server):6.1f} MB")


def main():
    server, port = start("--time-limit", "2")
    try:
        parts = ",".join(f"{i * 10}-{i * 10 + 5}" for i in range(100))
        answer, seconds = exchange(port, f"GET /echarts.min.js HTTP/1.1\r\nHost: x\r\nRange: bytes={parts}\r\n"
                                         "Connection: close\r\n\r\n".encode())
        report("Range with 100 parts", answer, seconds, server)

        chunk = b"a" * (1 << 20)
        body = (b"%x\r\n" % len(chunk) + chunk + b"\r\n" for _ in range(300))
        answer, seconds = exchange(port, b"POST /api/estimate HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                                         b"Connection: close\r\n\r\n", body_chunks=list(body) + [b"0\r\n\r\n"])
        report("300 MiB chunked body", answer, seconds, server)

        slow = []
        stop = threading.Event()
        dripping_since = time.monotonic()
        for _ in range(80):
            s = socket.create_connection(("127.0.0.1", port))
            s.sendall(b"P")
            slow.append(s)

        def drip():
            while not stop.wait(5):
                for s in slow:
                    try:
                        s.sendall(b"O")
                    except OSError:
                        pass
        threading.Thread(target=drip, daemon=True).start()
        time.sleep(1)
        answer, seconds = exchange(port, b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", timeout=30)
        report("/healthz beside 80 clients dripping bytes", answer, seconds, server)
        # What the dripping clients get: the first one's answer, timed from its first byte.
        slow[0].settimeout(120)
        try:
            answer = slow[0].recv(1 << 16)
        except OSError as error:
            answer = f"({error.__class__.__name__})".encode()
        report("a client dripping a byte every 5 s", answer, time.monotonic() - dripping_since, server)
        stop.set()
        for s in slow:
            s.close()

        answer, seconds = exchange(port, b"POST /api/estimate HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                                         b"Content-Length: 5\r\nConnection: close\r\n\r\nhello")
        report("Content-Length twice", answer, seconds, server)

        body = b'model: llama3-8b\nname: "\x85"\n'
        answer, seconds = exchange(port, b"POST /api/estimate HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n"
                                         b"Connection: close\r\n\r\n%s" % (len(body), body))
        report("a body that is not UTF-8", answer, seconds, server)

        answer, seconds = exchange(port, b"POST /api/simulate?full=true HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n"
                                         b"Connection: close\r\n\r\n%s" % (len(GIGAFACTORY), GIGAFACTORY), timeout=120)
        report("simulate full=true, 100k GPUs, 2 s limit", answer, seconds, server)
    finally:
        server.kill()
        server.wait()

    # 600 idle connections against a server bounded to 500: the rest answered 503 at once.
    server, port = start("--max-connections", "500")
    try:
        started = time.monotonic()
        flood = [socket.create_connection(("127.0.0.1", port)) for _ in range(600)]
        time.sleep(0.5)  # which 500 are served depends on the order the server's two threads accept them
        refused = 0
        for s in flood:
            s.setblocking(False)
            try:
                refused += s.recv(1 << 12).startswith(b"HTTP/1.1 503")
            except OSError:
                pass
        print(f"{'600 idle connections, --max-connections 500':44s} {refused} answered 503 "
              f"{time.monotonic() - started - 0.5:26.2f} s  RSS {rss_mb(server):6.1f} MB")
        for s in flood:
            s.close()
    finally:
        server.kill()
        server.wait()

    server, port = start("--time-limit", "600")
    connection = socket.create_connection(("127.0.0.1", port))
    connection.sendall(b"POST /api/simulate?full=true HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n%s"
                       % (len(GIGAFACTORY), GIGAFACTORY))
    time.sleep(1)
    started = time.monotonic()
    server.send_signal(signal.SIGTERM)
    try:
        code = server.wait(timeout=60)
        print(f"{'SIGTERM while simulating':44s} exit {code:<35d} {time.monotonic() - started:24.2f} s")
    except subprocess.TimeoutExpired:
        print(f"{'SIGTERM while simulating':44s} still running after 60 s")
        server.kill()
    connection.close()


if __name__ == "__main__":
    main()
