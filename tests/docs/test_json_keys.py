"""Every key the commands' --json emits is documented in docs/: a key missing from the reference
fails here, so the reference cannot drift from the code (issue 22).

A key counts as documented when it appears in inline code or a code block of docs/*.md, alone or in
a dotted path (`training.sizing_note`). Keys that are data rather than names (the failure classes
under `by_cause`, the catalog's entry names) are not checked, but what each such entry holds is.
"""
import glob
import json
import os
import re
import subprocess

import pytest

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
GIGASIM = os.environ.get("GIGASIM", os.path.join(ROOT, "build", "gigasim"))
# Objects whose keys are names from the data, with how many levels of names: data/failures.yaml's
# classes, catalog entries, and the catalog's options (job field, then each value it accepts).
DATA_KEYED = {"by_cause": 1, "gpus": 1, "nodes": 1, "fabrics": 1, "models": 1, "scenarios": 1, "options": 2}

COMMANDS = {
    "estimate": ["estimate", "examples/llama3-8b-8xh100.yaml"],
    "estimate-moe": ["estimate", "examples/deepseek-v3-2048xh800-fp8.yaml"],
    "search": ["search", "examples/search/llama3-405b-16k-h100.yaml", "--top", "2"],
    "simulate": ["simulate", "examples/llama3-8b-8xh100.yaml"],
    "run": ["run", "meta-llama3-24k-h100", "--trials", "20"],
    "plan": ["plan", "blackwell-vs-hopper"],
    "plan-sites": ["plan", "--compare-sites"],
    "catalog": ["catalog"],
}


def documented_names():
    text = "".join(open(path, encoding="utf-8").read() for path in sorted(glob.glob(os.path.join(ROOT, "docs", "*.md"))))
    names = set()
    for block in re.findall(r"```.*?```", text, flags=re.S):
        names.update(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", block))
    for span in re.findall(r"`([^`]+)`", re.sub(r"```.*?```", "", text, flags=re.S)):
        names.update(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", span))
    return names


def emitted_keys(value, path, out):
    if isinstance(value, dict):
        for key, child in value.items():
            out.setdefault(key, path + key)
            if key not in DATA_KEYED:
                emitted_keys(child, path + key + ".", out)
            else:  # skip the data's names, check what each entry holds
                skip_names(child, DATA_KEYED[key], f"{path}{key}.", out)
    elif isinstance(value, list):
        for child in value:
            emitted_keys(child, path, out)


def skip_names(value, levels, path, out):
    if levels == 0 or not isinstance(value, dict):
        emitted_keys(value, path, out)
        return
    for name, entry in value.items():
        skip_names(entry, levels - 1, f"{path}{name}.", out)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_emitted_key_is_documented(name):
    answer = subprocess.run([GIGASIM] + COMMANDS[name] + ["--json"], cwd=ROOT, check=True, capture_output=True,
                            text=True).stdout
    keys = {}
    emitted_keys(json.loads(answer), "", keys)
    known = documented_names()
    missing = sorted(path for key, path in keys.items() if key not in known)
    assert not missing, f"gigasim {name} --json emits keys docs/ does not document: {missing}"
