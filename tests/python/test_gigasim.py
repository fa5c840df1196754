"""The Python module against the CLI: the same job gives the same dict as `gigasim estimate --json`."""
import json
import os
import subprocess

import pytest

import gigasim

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
GIGASIM = os.environ.get("GIGASIM", os.path.join(ROOT, "build", "gigasim"))
JOB = os.path.join(ROOT, "examples", "llama3-8b-8xh100.yaml")


def test_estimate_equals_the_cli():
    cli = json.loads(subprocess.run([GIGASIM, "estimate", JOB, "--json"], check=True, capture_output=True,
                                    text=True).stdout)
    assert gigasim.estimate(gigasim.load_job(JOB)) == cli


def test_text_dict_and_path_are_the_same_job():
    text = "model: llama3-8b\ncluster: { gpu: h100-sxm, gpus: 8 }\nparallelism: { tp: 2, global_batch: 64 }\n"
    as_dict = {"model": "llama3-8b", "cluster": {"gpu": "h100-sxm", "gpus": 8},
               "parallelism": {"tp": 2, "global_batch": 64}}
    from_text = gigasim.estimate(gigasim.load_job(text))
    assert from_text == gigasim.estimate(gigasim.load_job(as_dict))
    # Llama 3 8B on 8 GPUs at tp 2: dp = 8 / 2 = 4, so 64 sequences are 16 per replica.
    assert from_text["job"]["parallelism"]["dp"] == 4


def test_invalid_input_raises_located_messages():
    with pytest.raises(gigasim.InputError) as raised:
        gigasim.load_job("model: nope\n")
    assert str(raised.value).startswith("<text>:1:8: model: no model named 'nope'")
    assert isinstance(raised.value, ValueError)


def test_catalog_lists_the_h100_with_its_sources():
    catalog = gigasim.catalog()
    h100 = catalog["gpus"]["h100-sxm"]
    # H100 SXM5's "80 GB" is the 81,559 MiB nvidia-smi reports: 81559 / 1024 = 79.65 GiB.
    assert h100["hbm_capacity_gib"] == pytest.approx(81559 / 1024, abs=0.01)
    assert h100["sources"]


def test_job_repr_names_model_and_cluster():
    job = gigasim.load_job(JOB)
    assert repr(job) == "<gigasim.Job llama3-8b on 8 x h100-sxm>"
    assert job.gpus == 8


def cli_json(*args):
    return json.loads(subprocess.run([GIGASIM, *args, "--json"], check=True, capture_output=True, text=True).stdout)


SCENARIO = os.path.join(ROOT, "data", "scenarios", "gpt3-10k-v100.yaml")


def test_plan_equals_the_cli():
    assert gigasim.plan(SCENARIO) == cli_json("plan", SCENARIO)


def test_run_with_the_same_seed_equals_the_cli():
    assert gigasim.run(SCENARIO, trials=50, seed=7) == cli_json("run", SCENARIO, "--trials", "50", "--seed", "7")


def test_search_ranks_the_same_layouts_as_the_cli():
    job = os.path.join(ROOT, "examples", "search", "mixtral-8x7b-experts.yaml")
    assert gigasim.search(job, top=3) == cli_json("search", job, "--top", "3")


def test_simulate_equals_the_cli():
    assert gigasim.simulate(gigasim.load_job(JOB)) == cli_json("simulate", JOB)


def test_a_bad_objective_is_an_input_error():
    with pytest.raises(gigasim.InputError, match="objective: 'fastest'"):
        gigasim.search(JOB, objective="fastest")
