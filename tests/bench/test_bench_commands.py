"""The bench commands really run, at a tiny scale: `make bench` (bench/portal.py)
and `make bench-load` (bench/load.py) serve the portal with gunicorn, load it with
wrk and locust, and write their JSON. Figures are not asserted (the machine is
shared); that every key URL was measured, answered 200 and was counted, is.
"""

import fcntl
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import in_ci

ROOT = Path(__file__).resolve().parents[2]
SCALE = "0.002"
KEY_URLS = [
    "home",
    "content page",
    "region hub",
    "practices",
    "practices filtered",
    "practice page",
    "materials",
    "events",
    "event page",
    "forum index",
    "forum",
    "topic (50 posts)",
    "search 1",
    "search 2",
    "search 3",
]


def bench_env():
    """The caller's environment minus what points at the test setup or shared services."""
    env = dict(os.environ)
    for name in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "ELASTICSEARCH_URL", "SEARCH_BACKEND"):
        env.pop(name, None)
    return env


def run(script, *args, timeout=600):
    return subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), *args],
        cwd=ROOT,
        env=bench_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture(scope="session")
def bench_data(tmp_path_factory):
    """One tiny dataset for every test (and every xdist worker), built once."""
    for tool in ("wrk", "locust"):
        if not shutil.which(tool) and not (Path(sys.executable).parent / tool).exists():
            message = f"{tool} is missing (make bench-deps / make install)"
            if in_ci():
                pytest.fail(message)
            pytest.skip(message)
    base = tmp_path_factory.getbasetemp()
    # Under xdist each worker's base sits in the run's own directory: share that.
    shared = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "bench-data"
    shared.mkdir(exist_ok=True)
    with open(shared.parent / "bench-data.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (shared / "ready").exists():
            result = run("portal.py", "--scale", SCALE, "--data-dir", str(shared), "--prepare-only")
            assert result.returncode == 0, result.stdout + result.stderr
            (shared / "ready").write_text("ok")
    return shared


def test_make_bench_measures_every_key_url_against_the_floor_in_every_cache_mode(
    bench_data, tmp_path
):
    out = tmp_path / "bench.json"
    result = run(
        "portal.py", "--scale", SCALE, "--duration", "2", "--data-dir", str(bench_data),
        "--out", str(out),
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["dataset"] == {"practices": 10, "materials": 2, "events": 1, "posts": 100}
    assert set(report["modes"]) == {"off", "on", "cold"}
    for name, mode in report["modes"].items():
        assert [row["name"] for row in mode["urls"]] == KEY_URLS
        for row in mode["urls"]:
            assert row["requests"] > 0 and row["rps"] > 0, row
            assert row["errors"] == 0, row
            # With nothing kept between requests every page reads the database;
            # with memoised blocks or whole pages, one may not at all.
            assert row["queries"] > 0 if name == "cold" else row["queries"] >= 0, row
            assert row["writes"] >= 0, row
            assert row["ratio"] == pytest.approx(row["rps"] / row["floor_rps"], abs=1e-3)
        assert len(mode["floor"]["rps_runs"]) == len(KEY_URLS) + 1
    assert "/practices/?region=karelia&target=" in report["modes"]["off"]["urls"][4]["url"]
    assert report["modes"]["off"]["urls"][1]["url"].endswith("/about/")
    assert report["modes"]["on"]["page_cache_seconds"] > 0
    assert report["modes"]["off"]["page_cache_seconds"] == 0
    assert report["modes"]["cold"]["page_cache_seconds"] == 0
    assert report["modes"]["cold"]["settings"] == {
        "LOOKUP_CACHE_SECONDS": "0",
        "FRAGMENT_CACHE_SECONDS": "0",
    }
    # The printed table names every URL too.
    for name in KEY_URLS:
        assert name in result.stdout
    transfer = report["transfer"]
    assert transfer["target_bytes"] == 300 * 1024
    assert transfer["total_bytes"] == sum(transfer["by_type"].values()) > 0
    assert {"document", "stylesheet"} <= set(transfer["by_type"])
    assert report["machine"]["load_before"] and report["machine"]["cpus"]


def test_make_bench_refuses_an_unknown_cache_mode_and_writes_nothing(tmp_path):
    out = tmp_path / "bench.json"
    result = run("portal.py", "--modes", "off,fast", "--out", str(out))
    assert result.returncode == 2
    assert "--modes: только off, on и cold, а не fast" in result.stderr
    assert not out.exists()


def test_make_bench_load_runs_the_mixed_workload_without_errors(bench_data, tmp_path):
    out = tmp_path / "load.json"
    result = run(
        "load.py", "--scale", SCALE, "--duration", "8", "--users", "6", "--spawn-rate", "6",
        "--data-dir", str(bench_data), "--out", str(out),
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["users"] == 6 and report["duration_s"] == 8
    assert report["total"]["requests"] > 0
    assert report["failures"] == [] and report["total"]["failures"] == 0, report["failures"]
    assert report["total"]["p95_ms"] > 0 and report["total"]["rps"] > 0
    assert "ВСЕГО" in result.stdout and "p95" in result.stdout
