#!/usr/bin/env bash
# Points per second of `gigasim sweep` (issue 13), per core and from 1 to 2 MPI ranks, for an
# estimate-only sweep (bench/sweeps/llama3-70b-estimate-throughput.yaml, 11,520 points) and a
# search-per-point sweep (bench/sweeps/llama3-70b-search-throughput.yaml, 54 full layout searches).
# Usage: bench/sweep_throughput.sh [build/gigasim]. Prints the summary line of each run.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
gigasim=$(realpath "${1:-$root/build/gigasim}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1  # containers run as root
for sweep in "$root"/bench/sweeps/llama3-70b-{estimate,search}-throughput.yaml; do
  echo "== $(basename "$sweep")"
  for run in "threads 1" "threads 2" "ranks 1" "ranks 2"; do
    set -- $run
    db="$work/$(basename "$sweep" .yaml)-$1-$2.sqlite"
    if [ "$1" = threads ]; then
      line=$("$gigasim" sweep "$sweep" --db "$db" --threads "$2" | head -1)
    else
      line=$(mpirun -n "$2" --oversubscribe "$gigasim" sweep "$sweep" --db "$db" | head -1)
    fi
    echo "  $run: ${line#sweep: }"
  done
done
