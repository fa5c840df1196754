#!/usr/bin/env python3
"""Times gigasim.estimate_many on the 1,000,000 rows bench/batch_bench.cpp times in C++ (issue 12's
bar: within 2x of that rate). Run after `make build`:

    PYTHONPATH=build/python /usr/bin/python3 bench/estimate_many.py [--threads N]
    build/bench/gigasim_bench --benchmark_filter=EstimateBatch

and divide the two rates. Prints rows per second, with NumPy columns and with a pandas DataFrame.
"""
import argparse
import os
import time

import numpy

import gigasim

ROWS = 1_000_000
JOB = os.path.join(os.path.dirname(__file__), "..", "examples", "llama3-405b-16k-h100.yaml")
# Fastest-varying first, as batch_bench.cpp's grid_columns().
AXES = [("tp", [2, 4, 8]), ("pp", [8, 16]), ("vpp", [1, 2]), ("zero", [0, 1, 2, 3]), ("micro_batch", [1, 2]),
        ("gpus", [8192, 16384, 32768])]


def grid_columns():
    rest = numpy.arange(ROWS)
    columns = {}
    for field, values in AXES:
        columns[field] = numpy.array(values)[rest % len(values)]
        rest = rest // len(values)
    return columns


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=0, help="0: every core")
    threads = parser.parse_args().threads
    job = gigasim.load_job(JOB)
    columns = grid_columns()
    for frame in (False, True):
        start = time.perf_counter()
        table = gigasim.estimate_many(job, threads=threads, frame=frame, **columns)
        seconds = time.perf_counter() - start
        estimated = int(numpy.sum(numpy.asarray(table["problem"]) == None))  # noqa: E711 (element-wise)
        kind = "DataFrame" if frame else "NumPy dict"
        print(f"estimate_many ({kind}): {ROWS:,} rows in {seconds:.2f} s = {ROWS / seconds:,.0f} rows/s "
              f"({estimated:,} estimated)")


if __name__ == "__main__":
    main()
