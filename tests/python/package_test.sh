#!/usr/bin/env bash
# `pip install .` into a fresh venv over Debian's Python, offline, as the README shows; the
# installed module must give the CLI's numbers. Usage: package_test.sh SOURCE_DIR WORK_DIR GIGASIM
set -euo pipefail
source_dir=$1 work=$2 gigasim=$3
rm -rf "$work" && mkdir -p "$work"
/usr/bin/python3 -m venv --system-site-packages "$work/venv"
"$work/venv/bin/pip" install --quiet --no-index --no-build-isolation "$source_dir" >"$work/pip.log" 2>&1 ||
  { cat "$work/pip.log"; exit 1; }
job="$source_dir/examples/llama3-8b-8xh100.yaml"
"$gigasim" estimate "$job" --json >"$work/cli.json"
cd "$work"  # away from the source tree and build/python: only the installed module can be found
"$work/venv/bin/python" - "$job" "$work/cli.json" <<'PY'
import json, os, sys
import gigasim
assert gigasim.__file__.startswith(os.path.join(os.getcwd(), "venv")), gigasim.__file__
assert os.path.exists(os.path.join(os.path.dirname(gigasim.__file__), "gigasim.pyi"))
with open(sys.argv[2]) as cli:
    assert gigasim.estimate(gigasim.load_job(sys.argv[1])) == json.load(cli)
print("installed", gigasim.__file__)
PY
