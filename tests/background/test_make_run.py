"""`make run` serves the portal with its worker beside it and stops both together
(tried on `make serve`, the part of `make run` after migrate and seed_demo)."""

import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

from django.conf import settings

import pytest

ROOT = Path(settings.BASE_DIR)


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _group_commands(pgid):
    listing = subprocess.run(
        ["ps", "-o", "args=", "-g", str(pgid)], capture_output=True, text=True, check=False
    ).stdout
    return [line for line in listing.splitlines() if "manage.py" in line]


def test_make_serve_starts_the_worker_beside_the_web_server_and_stops_both(tmp_path):
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    port = _free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "ELASTICSEARCH_URL", "REDIS_URL", "TASKS_BACKEND"}
    }
    env.update(DJANGO_SETTINGS_MODULE="cms.settings.dev", PORTAL_VAR_DIR=str(tmp_path))
    python = str(ROOT / ".venv" / "bin" / "python")
    subprocess.run(
        [python, "manage.py", "migrate", "--noinput"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    server = subprocess.Popen(
        ["make", "--no-print-directory", "serve", f"PORT={port}"],
        cwd=ROOT, env=env, start_new_session=True,
        # As in a terminal: Ctrl+C interrupts (a test runner may start us ignoring it).
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        report = None
        for _ in range(120):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=5) as r:
                    report = json.loads(r.read())
                break
            except OSError:
                time.sleep(1)
        assert report is not None, "the web server did not answer"
        assert report["queue"]["ready_tasks"] is not None  # the database queue
        running = _group_commands(server.pid)
        assert any("manage.py worker" in line for line in running), running
        assert any(f"manage.py runserver 127.0.0.1:{port}" in line for line in running), running
    finally:
        os.killpg(server.pid, signal.SIGINT)  # Ctrl+C
        server.wait(timeout=60)
    for _ in range(20):
        if not _group_commands(server.pid):
            break
        time.sleep(0.5)
    assert _group_commands(server.pid) == []
