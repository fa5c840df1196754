"""The Python module against the CLI: the same job gives the same dict as `gigasim estimate --json`."""
import json
import os
import subprocess

import numpy
import pytest

import gigasim

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
GIGASIM = os.environ.get("GIGASIM", os.path.join(ROOT, "build", "gigasim"))
JOB = os.path.join(ROOT, "examples", "llama3-8b-8xh100.yaml")
with open(JOB) as job_file:
    JOB_TEXT = job_file.read()


def test_estimate_equals_the_cli():
    cli = json.loads(subprocess.run([GIGASIM, "estimate", JOB, "--json"], check=True, capture_output=True,
                                    text=True).stdout)
    assert gigasim.estimate(gigasim.load_job(JOB)) == cli


def test_estimate_and_simulate_take_any_source_as_search_plan_and_run_do():
    # A path, a pathlib.Path, YAML text, a dict and a gigasim.Job are the same job for every function.
    import pathlib
    expected = gigasim.estimate(gigasim.load_job(JOB))
    assert gigasim.estimate(JOB) == expected
    assert gigasim.estimate(pathlib.Path(JOB)) == expected
    assert gigasim.estimate(JOB_TEXT) == expected
    assert gigasim.simulate(JOB)["step_time_s"] == gigasim.simulate(gigasim.load_job(JOB))["step_time_s"]
    with pytest.raises(gigasim.InputError, match="is not a file"):
        gigasim.estimate("no-such-job.yaml")


def test_estimate_many_rows_that_do_not_fit_have_no_days():
    table = gigasim.estimate_many(JOB, micro_batch=[1, 2], seq_len=[8192, 131072], tokens=1e12, frame=False)
    assert bool(table["fits"][0]) and not numpy.isnan(table["time_to_train_days"][0])
    assert not bool(table["fits"][1]) and numpy.isnan(table["time_to_train_days"][1])
    assert table["problem"][1].startswith("memory: needs ")


def test_counts_out_of_the_command_lines_bounds_are_input_errors():
    with pytest.raises(gigasim.InputError, match="top: 0 is not from 1 to 1000"):
        gigasim.search(JOB_TEXT.replace("parallelism:\n", "parallelism:\n  tp: auto\n"), top=0)
    with pytest.raises(gigasim.InputError, match="trials: -1 is not from 1"):
        gigasim.run(JOB, trials=-1)
    with pytest.raises(gigasim.InputError, match="threads: -5 is not from 0 to 1024"):
        gigasim.estimate_many(JOB, threads=-5, tp=[1, 2])


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


def test_bytes_that_are_not_utf8_are_input_errors_that_say_so():
    # Before, b"\x85" raised a UnicodeDecodeError with the module's own message lost, and a job
    # holding such a byte an internal error from the JSON library.
    with pytest.raises(gigasim.InputError, match="'\ufffd' is not a file"):
        gigasim.load_job(b"\x85")
    with pytest.raises(gigasim.InputError, match=r"^<text>:2:8: byte 0x85 is not UTF-8 text"):
        gigasim.load_job(b'model: llama3-8b\nname: "\x85"\n')


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


def test_a_loaded_job_runs_as_its_file():
    assert gigasim.run(gigasim.load_job(JOB), trials=20, seed=3) == cli_json("run", JOB, "--trials", "20", "--seed", "3")


def test_searching_a_job_opens_every_layout_field():
    job = gigasim.load_job(JOB)
    found = gigasim.search(job, top=3)
    # The job's own layout is one of the candidates, so the best is at least as fast.
    assert found["results"][0]["tokens_per_s"] >= gigasim.estimate(job)["tokens_per_s"]
    assert found["candidates"] > 100 and len(found["results"]) == 3


def test_a_bad_objective_is_an_input_error():
    with pytest.raises(gigasim.InputError, match="objective: 'fastest'"):
        gigasim.search(JOB, objective="fastest")


def examples(folder, pattern=".yaml"):
    where = os.path.join(ROOT, "examples", folder)
    return sorted(os.path.join(where, name) for name in os.listdir(where) if name.endswith(pattern))


@pytest.mark.parametrize("path", examples(""), ids=os.path.basename)
def test_every_example_job_estimates_as_the_cli(path):
    assert gigasim.estimate(gigasim.load_job(path)) == cli_json("estimate", path)


@pytest.mark.parametrize("path", examples("simulate"), ids=os.path.basename)
def test_every_simulate_example_equals_the_cli(path):
    assert gigasim.simulate(gigasim.load_job(path)) == cli_json("simulate", path)


@pytest.mark.parametrize("path", examples("search"), ids=os.path.basename)
def test_every_search_example_equals_the_cli(path):
    assert gigasim.search(path) == cli_json("search", path)


def test_the_scenario_example_plans_and_runs_as_the_cli():
    path = os.path.join(ROOT, "examples", "scenarios", "llama3-405b-54-days-austin.yaml")
    assert gigasim.plan(path) == cli_json("plan", path)
    assert gigasim.run(path, trials=20, seed=3) == cli_json("run", path, "--trials", "20", "--seed", "3")


def test_the_trace_is_the_clis_trace(tmp_path):
    ours, theirs = tmp_path / "python.json", tmp_path / "cli.json"
    gigasim.simulate(gigasim.load_job(JOB), trace=ours)
    subprocess.run([GIGASIM, "simulate", JOB, "--trace", str(theirs)], check=True, capture_output=True)
    assert ours.read_bytes() == theirs.read_bytes()


def test_a_trace_that_cannot_be_written_is_an_os_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        gigasim.simulate(gigasim.load_job(JOB), trace=tmp_path / "missing" / "step.json")


BAD_JOB = "model: llama3-8b\ncluster: { gpu: h100-sxm, gpus: 8 }\nparallelism: { tp: 3, global_batch: 64 }\n"
BAD_NAMES = "model: llama3-8x\ncluster: { gpu: h100, gpus: 8 }\nparallelism: { global_batch: 64 }\n"
BAD_SEARCH = "model: llama3-8b\ncluster: { gpu: h100-sxm, gpus: 8 }\nparallelism: { tp: [1, 0], global_batch: 64 }\n"
BAD_SYNTAX = "model: llama3-8b\ncluster: { gpu: h100-sxm, gpus: 8\n"


@pytest.mark.parametrize("command, text, call", [
    ("estimate", BAD_JOB, gigasim.load_job),
    ("estimate", BAD_NAMES, gigasim.load_job),
    ("estimate", BAD_SYNTAX, gigasim.load_job),
    ("search", BAD_SEARCH, gigasim.search),
    ("run", BAD_JOB, gigasim.run),
], ids=["layout", "names", "syntax", "search", "run"])
def test_bad_input_raises_the_clis_message(tmp_path, command, text, call):
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    cli = subprocess.run([GIGASIM, command, str(path)], capture_output=True, text=True)
    assert cli.returncode == 2
    with pytest.raises(gigasim.InputError) as raised:
        call(str(path))
    assert str(raised.value) == cli.stderr.rstrip("\n")


def test_a_bad_scenario_raises_the_clis_message():
    path = os.path.join(ROOT, "examples", "scenarios", "bad-fields.yaml")
    cli = subprocess.run([GIGASIM, "plan", path], capture_output=True, text=True)
    with pytest.raises(gigasim.InputError) as raised:
        gigasim.plan(path)
    assert str(raised.value) == cli.stderr.rstrip("\n")


def test_estimate_many_rows_equal_single_estimates():
    tp = numpy.array([1, 2, 4, 8, 16])
    table = gigasim.estimate_many(JOB, tp=tp, frame=False)
    for row, value in enumerate(tp[:4]):
        alone = gigasim.estimate(gigasim.load_job(JOB_TEXT.replace("parallelism:\n", f"parallelism:\n  tp: {value}\n")))
        assert table["step_time_s"][row] == alone["step_time_s"]
        assert table["memory_per_gpu_gib"][row] == alone["memory_per_gpu_gib"]
        assert table["time_to_train_days"][row] == alone["time_to_train_days"]
        assert table["dp_comm_s"][row] == alone["breakdown_s"]["dp_comm"]
        # 8 GPUs: dp = 8 / tp.
        assert table["dp"][row] == 8 // value
        assert table["problem"][row] is None
    # Llama 3 8B has 8 KV heads: tp 16 cannot split them, and the row says so in the CLI's words.
    assert table["problem"][4].startswith("parallelism.tp: 16 does not divide the model's 8 KV heads")
    assert numpy.isnan(table["step_time_s"][4]) and not table["fits"][4]


def test_estimate_many_repeats_scalars_and_returns_a_dataframe_with_pandas():
    frame = gigasim.estimate_many(JOB, gpus=[8, 16, 32], global_batch=128)
    pandas = pytest.importorskip("pandas")
    assert isinstance(frame, pandas.DataFrame)
    assert list(frame["global_batch"]) == [128, 128, 128]
    assert list(frame["dp"]) == [8, 16, 32]  # the job's tp 1: dp = gpus


def test_estimate_many_varies_modes_by_name():
    table = gigasim.estimate_many(JOB, recompute=["none", "full"], frame=False)
    for row, mode in enumerate(["none", "full"]):
        alone = gigasim.estimate(gigasim.load_job(JOB_TEXT.replace("recompute: op-selective", f"recompute: {mode}")))
        assert table["step_time_s"][row] == alone["step_time_s"]
    assert list(table["recompute"]) == ["none", "full"]


def test_estimate_many_varies_the_gpu_by_name():
    table = gigasim.estimate_many(JOB, gpu=["h100-sxm", "b200"], gpus=[8, 16], frame=False)
    for row, (gpu, gpus) in enumerate([("h100-sxm", 8), ("b200", 16)]):
        text = JOB_TEXT.replace("gpu: h100-sxm", f"gpu: {gpu}").replace("gpus: 8", f"gpus: {gpus}")
        assert table["step_time_s"][row] == gigasim.estimate(gigasim.load_job(text))["step_time_s"]
    assert list(table["gpu"]) == ["h100-sxm", "b200"]
    # A file that names its node keeps it, and a B200 in an H100 node is refused as the parser words it.
    named = gigasim.estimate_many(os.path.join(ROOT, "examples", "llama3-405b-16k-h100.yaml"), gpu=["b200"],
                                  frame=False)
    assert named["problem"][0].startswith("cluster.node: node 'hgx-h100' holds h100-sxm, not b200")


@pytest.mark.parametrize("columns, message", [
    ({"tp": numpy.array([2, 0])}, "tp[1]: 0 is out of range; use a value between 1 and 1024"),
    ({"gpus": [8.5]}, "gpus[0]: 8.5 is not a whole number; use an integer"),
    ({"gpus": [8, 16], "tp": [1, 2, 4]}, "tp: has 3 values but gpus has 2; give every column the same length"),
    ({"flops": [1]}, "flops: is not a field a batch can vary; use one of gpus, dp, tp"),
    ({"tp": [[1, 2]]}, "tp: is not a value or a 1-D array of values"),
    ({}, "no columns: vary at least one field"),
    ({"recompute": ["full", "most"]}, "recompute[1]: 'most' is not a recompute mode; use none | selective"),
    ({"tp": "eight"}, "tp: takes numbers, not names"),
    ({"gpu": ["b20"]}, "gpu[0]: 'b20' is not in the catalog; did you mean 'b200'?"),
    ({"gpu": [1]}, "gpu: takes names, not numbers"),
    ({"gpu": ["b200", "h200"], "tp": [1]}, "gpu: has 2 values but tp has 1"),
    # Before, each of these was computed as something else: the imaginary part dropped (a
    # ComplexWarning), the mask ignored, a ragged or empty list taken for 0 rows.
    ({"tp": numpy.array([1 + 2j, 2])}, "tp: has complex values; give real numbers"),
    ({"tp": numpy.ma.masked_array([1, 2], mask=[0, 1])}, "tp: has masked values; fill them"),
    ({"tp": [[1, 2], [3]]}, "tp: is not a value or a 1-D array of values"),
    ({"tp": []}, "tp: is empty; give at least one value"),
    ({"tp": [True, False]}, "tp: has true/false values; give numbers"),
])
def test_estimate_many_refuses_bad_columns(columns, message):
    with pytest.raises(gigasim.InputError) as raised:
        gigasim.estimate_many(JOB, **columns)
    assert str(raised.value).startswith(message)


def parameters(function):
    """Names of positional, keyword-only and ** parameters of an ast function definition."""
    arguments = function.args
    return ([a.arg for a in arguments.args], [a.arg for a in arguments.kwonlyargs], arguments.kwarg is not None)


def test_the_type_stubs_match_the_module():
    import ast
    stub_path = os.path.join(os.path.dirname(gigasim.__file__), "gigasim.pyi")
    with open(stub_path) as stub_file:
        stub = ast.parse(stub_file.read())
    stubbed = {node.name: node for node in stub.body if isinstance(node, ast.FunctionDef)}
    public = {name for name in dir(gigasim) if not name.startswith("_") and callable(getattr(gigasim, name))
              and name not in ("InputError", "Job")}
    assert set(stubbed) == public
    for name, function in stubbed.items():
        # pybind11 writes each function's signature as its docstring's first line.
        signature = getattr(gigasim, name).__doc__.splitlines()[0].split(" -> ")[0]
        runtime = ast.parse(f"def {signature}: pass").body[0]
        assert parameters(function) == parameters(runtime), name
        assert len(function.args.defaults) == len(runtime.args.defaults), name
