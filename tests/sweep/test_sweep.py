"""gigasim sweep end to end: two MPI ranks give the database one process gives, a sweep killed with
SIGKILL and resumed gives exactly the rows of an uninterrupted one, and queries see what SQLite
sees. Run by ctest (sweep_cli) with Debian's python3 and pytest; GIGASIM names the binary."""
import csv
import io
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import tempfile
import time

import pytest

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
GIGASIM = os.path.abspath(os.environ.get("GIGASIM", os.path.join(ROOT, "build", "gigasim")))
SWEEPS = os.path.join(os.path.abspath(ROOT), "examples", "sweeps")
# Open MPI refuses to start as root unless told; containers and CI often run as root.
MPI_ENV = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")


def sweep(*args, **kwargs):
    return subprocess.run([GIGASIM, "sweep", *args], capture_output=True, text=True, **kwargs)


def results(path):
    """Every table but the run metadata, in key order: what must depend on the sweep file alone."""
    with sqlite3.connect(path) as db:
        return {table: db.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
                for table in ("sweep", "points", "chunks")}


def runs(path):
    with sqlite3.connect(path) as db:
        return db.execute("SELECT processes, threads_per_process, points_computed FROM runs ORDER BY run").fetchall()


EXAMPLES = sorted(name[:-len(".yaml")] for name in os.listdir(SWEEPS) if name.endswith(".yaml"))


@pytest.mark.parametrize("name", EXAMPLES)
def test_two_mpi_ranks_write_what_one_process_writes(tmp_path, name):
    alone, ranks = tmp_path / "alone.sqlite", tmp_path / "ranks.sqlite"
    sweep_file = os.path.join(SWEEPS, name + ".yaml")
    assert sweep(sweep_file, "--db", str(alone), "--threads", "2").returncode == 0
    two = subprocess.run(["mpirun", "-n", "2", "--oversubscribe", GIGASIM, "sweep", sweep_file, "--db", str(ranks)],
                         capture_output=True, text=True, env=MPI_ENV, timeout=300)
    assert two.returncode == 0, two.stderr
    assert "on 2 processes × 1 thread" in two.stdout
    assert results(ranks) == results(alone)
    assert runs(ranks)[0][:2] == (2, 1)
    assert runs(alone)[0][:2] == (1, 2)


def wait_for_chunks(db_path, at_least, process):
    """Polls the database (WAL lets it read while the sweep writes) until `at_least` chunks are in."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, "the sweep finished before it could be killed; make the sweep longer"
        if os.path.exists(db_path):
            try:
                with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as db:
                    if db.execute("SELECT count(*) FROM chunks").fetchone()[0] >= at_least:
                        return
            except sqlite3.OperationalError:
                pass  # the tables are not created yet
        time.sleep(0.005)
    raise AssertionError("no progress within 60 s")


def test_killed_twice_and_resumed_gives_the_uninterrupted_rows(tmp_path):
    sweep_file = os.path.join(SWEEPS, "llama3-405b-layout-grid.yaml")  # 10,368 points in 162 chunks
    whole, killed = tmp_path / "whole.sqlite", tmp_path / "killed.sqlite"
    assert sweep(sweep_file, "--db", str(whole), "--threads", "2").returncode == 0
    for resume, at_least in ((False, 10), (True, 60)):
        command = [GIGASIM, "sweep", sweep_file, "--db", str(killed), "--threads", "1"] + (["--resume"] if resume else [])
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for_chunks(str(killed), at_least, process)
        process.send_signal(signal.SIGKILL)
        assert process.wait() == -signal.SIGKILL
        partial = results(killed)
        # Only whole chunks: every committed chunk has all its rows and no row lacks its chunk.
        assert at_least <= len(partial["chunks"]) < 162
        assert len(partial["points"]) == sum(points for _, points in partial["chunks"])
        assert {point // 64 for point, *_ in partial["points"]} == {chunk for chunk, _ in partial["chunks"]}
    finished = sweep(sweep_file, "--db", str(killed), "--resume")
    assert finished.returncode == 0, finished.stderr
    assert "were done already" in finished.stdout
    # The summary names the field most points failed on: 2,048 sequences do not split over the
    # widest data-parallel groups (e.g. 131,072 GPUs at tp 1, pp 1).
    assert "points like: parallelism.global_batch: 2048 sequences do not split" in finished.stdout
    assert results(killed) == results(whole)
    assert len(runs(killed)) == 3  # three runs wrote into it; their metadata is apart from the results


def test_queries_select_what_sqlite_selects(tmp_path):
    db = tmp_path / "405b.sqlite"
    assert sweep(os.path.join(SWEEPS, "llama3-405b-gpus-and-generations.yaml"), "--db", str(db)).returncode == 0
    shown = sweep("--db", str(db), "--where", "fits = 1 AND cluster_gpu = 'h200'", "--order", "days", "--top", "4",
                  "--csv")
    assert shown.returncode == 0, shown.stderr
    rows = list(csv.DictReader(io.StringIO(shown.stdout)))
    with sqlite3.connect(db) as direct:
        expected = direct.execute("SELECT point, days FROM points WHERE fits = 1 AND cluster_gpu = 'h200' "
                                  "ORDER BY days LIMIT 4").fetchall()
    assert [(int(row["point"]), float(row["days"])) for row in rows] == expected
    assert len(rows) == 4
    as_json = sweep("--db", str(db), "--where", "cluster_gpus = 8192", "--order", "mfu", "--desc", "--json")
    rows = json.loads(as_json.stdout)
    assert [row["mfu"] for row in rows] == sorted((row["mfu"] for row in rows), reverse=True)
    assert {row["cluster_gpus"] for row in rows} == {8192} and len(rows) == 8  # 4 GPUs × 2 tp


def test_a_query_cannot_change_the_database(tmp_path):
    db = tmp_path / "405b.sqlite"
    assert sweep(os.path.join(SWEEPS, "llama3-405b-gpus-and-generations.yaml"), "--db", str(db)).returncode == 0
    before = results(db)
    attempt = sweep("--db", str(db), "--where", "1); DELETE FROM points; --")
    assert attempt.returncode == 2
    assert results(db) == before


def test_resuming_into_a_read_only_database_is_a_message_and_exit_2():
    # Before, exit 1. The database and its folder are read-only (SQLite's journal lives beside it);
    # root may write any file, so as root the sweep runs as nobody (65534), who cannot enter pytest's
    # tmp_path (under a 0700 folder): hence a folder of its own.
    folder = tempfile.mkdtemp(prefix="gigasim-read-only-")
    try:
        sweep_file = os.path.join(folder, "sweep.yaml")
        shutil.copy(os.path.join(SWEEPS, "gigafactory-sizes-and-sites.yaml"), sweep_file)
        db = os.path.join(folder, "done.sqlite")
        assert sweep(sweep_file, "--db", db).returncode == 0
        os.chmod(db, 0o444)
        os.chmod(folder, 0o555)
        as_nobody = dict(user=65534, group=65534, extra_groups=[]) if os.geteuid() == 0 else {}
        attempt = sweep(sweep_file, "--db", db, "--resume", **as_nobody)
        assert attempt.returncode == 2, attempt.stderr
        assert "cannot be written" in attempt.stderr
    finally:
        os.chmod(folder, 0o755)
        shutil.rmtree(folder)


def test_a_query_that_never_ends_is_stopped_at_its_time_limit(tmp_path):
    # A recursive WITH counting for ever: before, the query never returned.
    db = tmp_path / "405b.sqlite"
    assert sweep(os.path.join(SWEEPS, "llama3-405b-gpus-and-generations.yaml"), "--db", str(db)).returncode == 0
    forever = "point IN (WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT x FROM n)"
    started = time.monotonic()
    attempt = sweep("--db", str(db), "--where", forever, "--time-limit", "0.2")
    assert attempt.returncode == 2
    assert "the query ran past 0.2 s and was stopped" in attempt.stderr
    assert time.monotonic() - started < 10


def test_a_report_plots_the_sweep(tmp_path):
    db, page = tmp_path / "runs.sqlite", tmp_path / "sweep.html"
    assert sweep(os.path.join(SWEEPS, "llama3-405b-failures.yaml"), "--db", str(db)).returncode == 0
    shown = sweep("--db", str(db), "--report", str(page))
    assert shown.returncode == 0, shown.stderr
    text = page.read_text()
    # One chart per numeric output against the first numeric axis (cluster_gpus), a line per GPU.
    assert '"id":"sweep-wall_days"' in text.replace(" ", "")
    assert "cluster_gpu b200" in text


def test_ranks_get_the_catalog_files_from_rank_0(tmp_path):
    """A model that only a --catalog file defines: every rank must know it, from rank 0's text."""
    catalog = tmp_path / "models.yaml"
    catalog.write_text("models:\n  narrow-8b:\n    layers: 32\n    hidden: 2048\n    heads: 16\n    kv_heads: 8\n"
                       "    ffn: 8192\n    vocab: 128256\n    seq_len: 8192\n    activation: swiglu\n"
                       "    sources: [test]\n")
    sweep_file = tmp_path / "narrow.yaml"
    sweep_file.write_text("job:\n  model: narrow-8b\n  cluster: { gpu: h100-sxm, gpus: 8 }\n"
                          "  parallelism: { global_batch: 64 }\naxes:\n  cluster.gpus: [8, 16, 32, 64]\nchunk: 1\n")
    alone, ranks = tmp_path / "alone.sqlite", tmp_path / "ranks.sqlite"
    assert sweep(str(sweep_file), "--db", str(alone), "--catalog", str(catalog)).returncode == 0
    two = subprocess.run(["mpirun", "-n", "2", "--oversubscribe", GIGASIM, "sweep", str(sweep_file), "--db", str(ranks),
                          "--catalog", str(catalog)], capture_output=True, text=True, env=MPI_ENV, timeout=120)
    assert two.returncode == 0, two.stderr
    assert results(ranks) == results(alone)
    with sqlite3.connect(alone) as db:
        assert db.execute("SELECT count(*) FROM points WHERE error IS NULL").fetchone()[0] == 4
