#!/usr/bin/env bash
# Golden-output tests of the CLI. `run_golden.sh check GIGASIM` compares every case with its file
# under tests/golden/expected/; `run_golden.sh update GIGASIM` rewrites those files for review.
# Cases: each examples/*.yaml as a table and as JSON, the catalog, the command line's own errors,
# each tests/golden/bad/*.yaml, whose expected output is its stderr and exit status (2 for invalid
# input), and `validate` on the tiny fixed index tests/golden/validate/tiny.csv (not on
# validation/step_runs.csv, whose numbers move as the model improves) and on a broken one.
set -uo pipefail
shopt -s nullglob
mode=$1
gigasim=$(realpath "$2")
root=$(cd "$(dirname "$0")/../.." && pwd)
expected_dir="$root/tests/golden/expected"
cd "$root"

failures=0
checked=0
compare() {  # name, actual text
  local name=$1 actual=$2 file="$expected_dir/$1"
  checked=$((checked + 1))
  if [ "$mode" = update ]; then
    printf '%s\n' "$actual" >"$file"
    return
  fi
  if [ ! -f "$file" ]; then
    echo "MISSING golden file $file (run 'make golden-update')"
    failures=$((failures + 1))
  elif ! diff -u "$file" <(printf '%s\n' "$actual") >/tmp/golden_diff.$$; then
    echo "DIFFERS: $name"
    head -40 /tmp/golden_diff.$$
    failures=$((failures + 1))
  fi
  rm -f /tmp/golden_diff.$$
}

for job in examples/*.yaml; do
  name=$(basename "$job" .yaml)
  compare "$name.txt" "$("$gigasim" estimate "$job" 2>&1; echo "exit $?")"
  compare "$name.json" "$("$gigasim" estimate "$job" --json 2>&1; echo "exit $?")"
done
for job in examples/search/*.yaml; do
  name=search-$(basename "$job" .yaml)
  compare "$name.txt" "$("$gigasim" search "$job" --top 5 2>&1; echo "exit $?")"
  compare "$name.json" "$("$gigasim" search "$job" --top 2 --json 2>&1; echo "exit $?")"
  compare "$name-estimate.txt" "$("$gigasim" estimate "$job" 2>&1; echo "exit $?")"
done
compare "search-sizing-405b-54-days.txt" \
  "$("$gigasim" search examples/search/llama3-405b-16k-h100.yaml --deadline-days 54 --top 3 2>&1; echo "exit $?")"
compare "search-sizing-no-tokens.err" \
  "$("$gigasim" search examples/search/mixtral-8x7b-experts.yaml --deadline-days 30 2>&1 >/dev/null; echo "exit $?")"
compare "simulate-all-reduce-8.txt" \
  "$("$gigasim" simulate --collective all-reduce --bytes 1GiB --gpus 8 2>&1; echo "exit $?")"
compare "simulate-all-gather-16k.json" \
  "$("$gigasim" simulate --collective all-gather --bytes 1GiB --gpus 16384 --json 2>&1; echo "exit $?")"
compare "simulate-bad-bytes.err" \
  "$("$gigasim" simulate --collective all-reduce --bytes 1 --gpus 8 2>&1 >/dev/null; echo "exit $?")"
compare "simulate-send-recv.err" \
  "$("$gigasim" simulate --collective send-recv --bytes 1GiB --gpus 8 2>&1 >/dev/null; echo "exit $?")"
compare "simulate-all-to-all-16.txt" \
  "$("$gigasim" simulate --collective all-to-all --bytes 1GiB --gpus 16 2>&1; echo "exit $?")"
compare "simulate-step-405b-16k.txt" \
  "$("$gigasim" simulate examples/llama3-405b-16k-h100.yaml 2>&1; echo "exit $?")"
compare "simulate-step-70b-stragglers.json" \
  "$("$gigasim" simulate examples/simulate/llama3-70b-64xh100.yaml --json 2>&1; echo "exit $?")"
compare "simulate-step-8b-fsdp.txt" \
  "$("$gigasim" simulate examples/llama3-8b-8xh100.yaml 2>&1; echo "exit $?")"
compare "simulate-job-and-collective.err" \
  "$("$gigasim" simulate examples/llama3-8b-8xh100.yaml --collective all-reduce 2>&1 >/dev/null; echo "exit $?")"
compare "simulate-tree-1024.txt" \
  "$("$gigasim" simulate --collective all-reduce --bytes 1GiB --gpus 1024 --algorithm tree 2>&1; echo "exit $?")"
compare "simulate-astra-8x128.txt" \
  "$("$gigasim" simulate --collective all-reduce --bytes 1GiB --gpus 1024 --network examples/networks/astra-8x128.yaml 2>&1; echo "exit $?")"
compare "simulate-astra-wrong-gpus.err" \
  "$("$gigasim" simulate --collective all-reduce --bytes 1GiB --gpus 100 --network examples/networks/astra-8x128.yaml 2>&1 >/dev/null; echo "exit $?")"
compare "simulate-cluster-meta-24k-contiguous.txt" \
  "$("$gigasim" simulate examples/cluster/meta-24k-nine-jobs-contiguous.yaml 2>&1; echo "exit $?")"
compare "simulate-cluster-gigafactory-faults.txt" \
  "$("$gigasim" simulate examples/cluster/gigafactory-100k-spine-faults.yaml 2>&1; echo "exit $?")"
compare "simulate-cluster-too-many-gpus.err" \
  "$("$gigasim" simulate examples/cluster/bad-too-many-gpus.yaml 2>&1 >/dev/null; echo "exit $?")"
compare "plan-default.txt" "$("$gigasim" plan 2>&1; echo "exit $?")"
compare "plan-gpt3.json" "$("$gigasim" plan gpt3-10k-v100 --json 2>&1; echo "exit $?")"
compare "plan-sized-austin.txt" \
  "$("$gigasim" plan examples/scenarios/llama3-405b-54-days-austin.yaml --threads 1 2>&1; echo "exit $?")"
compare "plan-compare-sites.txt" "$("$gigasim" plan --compare-sites 2>&1; echo "exit $?")"
compare "plan-blackwell-vs-hopper.txt" "$("$gigasim" plan blackwell-vs-hopper 2>&1; echo "exit $?")"
compare "run-llama3-24k.txt" "$("$gigasim" run meta-llama3-24k-h100 --trials 300 --threads 2 2>&1; echo "exit $?")"
compare "run-gpt3-window.json" "$("$gigasim" run gpt3-10k-v100 --days 3 --trials 100 --seed 7 --json 2>&1; echo "exit $?")"
compare "run-unknown.err" "$("$gigasim" run no-such-job 2>&1 >/dev/null; echo "exit $?")"
# The HTML reports' inlined JSON (the --json output and each chart's ECharts option), pretty-printed
# by node (needed for the browser test anyway); the pages themselves are checked in Chromium.
report_data() {  # report file
  node -e 'const page = require("fs").readFileSync(process.argv[1], "utf8");
const inlined = page.match(/<script id="gigasim-data" type="application\/json">(.*?)<\/script>/s)[1];
console.log(JSON.stringify(JSON.parse(inlined), null, 1));' "$1"
}
report=$(mktemp --suffix=.html)
compare "report-estimate-llama3-8b.json" \
  "$("$gigasim" estimate examples/llama3-8b-8xh100.yaml --report "$report" >/dev/null 2>&1; echo "exit $?"; report_data "$report")"
compare "report-run-gpt3-window.json" \
  "$("$gigasim" run gpt3-10k-v100 --days 3 --trials 100 --seed 7 --report "$report" >/dev/null 2>&1; echo "exit $?"; report_data "$report")"
rm -f "$report"
compare "report-unwritable.err" \
  "$("$gigasim" estimate examples/llama3-8b-8xh100.yaml --report /no-such-folder/r.html 2>&1 >/dev/null; echo "exit $?")"
compare "report-not-html.err" \
  "$("$gigasim" plan --report examples/gigafactory-100k-h100.yaml 2>&1 >/dev/null; echo "exit $?")"
compare "report-collective.err" \
  "$("$gigasim" simulate --collective all-reduce --bytes 1GiB --gpus 8 --report r.html 2>&1 >/dev/null; echo "exit $?")"
compare "report-cluster-file.err" \
  "$("$gigasim" simulate examples/cluster/meta-24k-nine-jobs-contiguous.yaml --report r.html 2>&1 >/dev/null; echo "exit $?")"
compare "plan-bad-fields.err" "$("$gigasim" plan examples/scenarios/bad-fields.yaml 2>&1 >/dev/null; echo "exit $?")"
compare "plan-unknown.err" "$("$gigasim" plan no-such-scenario 2>&1 >/dev/null; echo "exit $?")"
compare "catalog.txt" "$("$gigasim" catalog 2>&1; echo "exit $?")"
compare "catalog-options.json" "$("$gigasim" catalog options --json 2>&1; echo "exit $?")"
compare "cli-no-command.txt" "$("$gigasim" 2>&1; echo "exit $?")"
compare "cli-unknown-command.txt" "$("$gigasim" frobnicate 2>&1; echo "exit $?")"
compare "cli-missing-file.txt" "$("$gigasim" estimate tests/golden/bad/no-such-file.yaml 2>&1; echo "exit $?")"
compare "cli-bad-catalog.txt" "$("$gigasim" catalog --catalog tests/golden/bad/empty.yaml 2>&1; echo "exit $?")"
compare "cli-nan-days.txt" "$("$gigasim" run examples/llama3-8b-8xh100.yaml --days nan 2>&1; echo "exit $?")"
compare "cli-inf-deadline.txt" "$("$gigasim" search examples/search/llama3-405b-16k-h100.yaml --deadline-days inf 2>&1; echo "exit $?")"
compare "cli-negative-bytes.txt" "$("$gigasim" simulate --collective all-reduce --bytes -1GiB --gpus 8 2>&1; echo "exit $?")"
compare "cli-huge-bytes.txt" "$("$gigasim" simulate --collective all-reduce --bytes 1e22B --gpus 8 2>&1; echo "exit $?")"
compare "cli-simulate-time-limit.txt" "$("$gigasim" simulate examples/gigafactory-100k-h100.yaml --full --time-limit 0.5 2>&1; echo "exit $?")"
compare "cli-simulate-cluster-time-limit.txt" "$("$gigasim" simulate examples/cluster/meta-24k-nine-jobs-random.yaml --time-limit 0.1 2>&1; echo "exit $?")"
compare "cli-run-time-limit.txt" "$("$gigasim" run examples/llama3-8b-8xh100.yaml --trials 700000 --days 30 --time-limit 0.1 2>&1; echo "exit $?")"
# About a second of work each, stopped at 0.01 s: the sizing's searches, and a plan's.
compare "cli-search-time-limit.txt" "$("$gigasim" search examples/search/llama3-405b-16k-h100.yaml --deadline-days 54 --time-limit 0.01 2>&1; echo "exit $?")"
compare "cli-plan-time-limit.txt" "$("$gigasim" plan grok2-20k-h100 --time-limit 0.01 2>&1; echo "exit $?")"
compare "search-nothing-fits.err" "$("$gigasim" search tests/golden/bad/search-nothing-fits.yaml 2>&1 >/dev/null; echo "exit $?")"
compare "cli-device-file.txt" "$("$gigasim" estimate /dev/zero 2>&1; echo "exit $?")"
compare "cli-all-to-all-too-many.txt" "$("$gigasim" simulate --collective all-to-all --bytes 1GiB --gpus 16384 2>&1; echo "exit $?")"
compare "validate-tiny.txt" "$("$gigasim" validate tests/golden/validate/tiny.csv 2>&1; echo "exit $?")"
compare "validate-tiny.json" "$("$gigasim" validate tests/golden/validate/tiny.csv --json 2>&1; echo "exit $?")"
compare "validate-bad-index.err" "$("$gigasim" validate tests/golden/validate/bad-index.csv 2>&1 >/dev/null; echo "exit $?")"
# Sweeps: the database is results.sqlite in a fresh folder, so messages naming it are the same
# on every run.
sweeps=$(mktemp -d)
for sweep in tests/golden/bad-sweeps/*.yaml; do
  name=$(basename "$sweep" .yaml)
  compare "bad-sweep-$name.err" "$("$gigasim" sweep "$sweep" --db "$sweeps/bad.sqlite" 2>&1 >/dev/null; echo "exit $?"; [ -e "$sweeps/bad.sqlite" ] && echo "a database was created")"
done
in_sweeps() { (cd "$sweeps" && "$gigasim" sweep "$@"); }
in_sweeps "$root/examples/sweeps/llama3-405b-gpus-and-generations.yaml" --db results.sqlite --threads 1 >/dev/null
compare "sweep-query-405b.txt" "$(in_sweeps --db results.sqlite --top 5 --order days --where "fits = 1" 2>&1; echo "exit $?")"
compare "sweep-query-405b.csv" "$(in_sweeps --db results.sqlite --top 3 --csv 2>&1; echo "exit $?")"
compare "sweep-query-bad-where.err" "$(in_sweeps --db results.sqlite --where "facility < 150" 2>&1 >/dev/null; echo "exit $?")"
compare "sweep-query-bad-order.err" "$(in_sweeps --db results.sqlite --order speed 2>&1 >/dev/null; echo "exit $?")"
compare "sweep-rerun-refused.err" \
  "$(in_sweeps "$root/examples/sweeps/llama3-405b-gpus-and-generations.yaml" --db results.sqlite 2>&1 >/dev/null; echo "exit $?")"
compare "sweep-other-sweep-refused.err" \
  "$(in_sweeps "$root/examples/sweeps/llama3-405b-failures.yaml" --db results.sqlite --resume 2>&1 >/dev/null; echo "exit $?")"
rm -rf "$sweeps"
for job in tests/golden/bad/*.yaml; do
  name=$(basename "$job" .yaml)
  compare "bad-$name.err" "$("$gigasim" estimate "$job" 2>&1 >/dev/null; echo "exit $?")"
done

if [ "$mode" = update ]; then
  echo "golden: rewrote $checked files under tests/golden/expected; review with git diff"
  exit 0
fi
echo "golden: $checked cases, $failures differ"
[ "$failures" -eq 0 ]
