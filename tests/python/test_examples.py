"""examples/python/ run end to end: the default plan's headline from Python is the CLI's, and the
GPU sweep's plans agree with the CLI plan's own scaling table where the two meet."""
import csv
import importlib.util
import json
import os
import subprocess
import sys

import pytest

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
EXAMPLES = os.path.join(ROOT, "examples", "python")
GIGASIM = os.environ.get("GIGASIM", os.path.join(ROOT, "build", "gigasim"))


def example(name):
    spec = importlib.util.spec_from_file_location(name, os.path.join(EXAMPLES, name + ".py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def cli_plan():
    return json.loads(subprocess.run([GIGASIM, "plan", "--json"], check=True, capture_output=True, text=True).stdout)


def run_example(name, *args):
    return subprocess.run([sys.executable, os.path.join(EXAMPLES, name + ".py"), *args], check=True,
                          capture_output=True, text=True, env=os.environ).stdout


def test_default_plan_headline_is_the_clis():
    import gigasim
    default_plan = example("default_plan")
    assert default_plan.headline(gigasim.plan()) == default_plan.headline(cli_plan())
    printed = run_example("default_plan")
    assert printed.startswith("gigafactory-100k-h100 at memphis-tn\n")
    assert "  GPUs                      100,000\n" in printed


def test_gpu_sweep_agrees_with_the_plans_scaling_table(tmp_path):
    pytest.importorskip("pandas")
    pytest.importorskip("matplotlib")
    png, table = tmp_path / "sweep.png", tmp_path / "sweep.csv"
    run_example("gpu_sweep", "--out", str(png), "--csv", str(table))
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with open(table) as rows:
        sweep = {int(row["gpus"]): row for row in csv.DictReader(rows)}
    days = [float(sweep[gpus]["days"]) for gpus in sorted(sweep)]
    assert days == sorted(days, reverse=True)  # more GPUs never train slower
    # The CLI plan's scaling table searches every layout at 1/4, 1/2, 1 and 2x the 100,000 GPUs,
    # as the sweep does for each of its sizes: where they meet, the days are the same.
    for point in cli_plan()["scaling"]:
        assert float(sweep[point["gpus"]]["days"]) == pytest.approx(point["days"], rel=1e-12)
        assert float(sweep[point["gpus"]]["facility_peak_mw"]) == pytest.approx(point["facility_peak_mw"], rel=1e-12)
