"""Shared by `bench/portal.py` and `bench/load.py`: the data directory, the
environment of the bench settings, preparing the dataset and serving the
portal with gunicorn (2 sync workers) on 127.0.0.1.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
BENCH_DIR = ROOT / "var" / "bench"


def scale_label(scale):
    return f"{scale:g}"


def configure(scale, data_dir=None):
    """Point this process at the bench settings and the scale's data directory.

    Must run before Django is imported anywhere. Returns the data directory.
    SQLite and media live in var/bench/data-<scale>/ (or `data_dir`); with
    DATABASE_URL set, the database is that one and only media live there.
    """
    data = Path(data_dir) if data_dir else BENCH_DIR / f"data-{scale_label(scale)}"
    data.mkdir(parents=True, exist_ok=True)
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.bench"
    os.environ["PORTAL_VAR_DIR"] = str(data)
    os.environ.setdefault("STATIC_ROOT", str(BENCH_DIR / "static"))
    # Measure the embedded search unless the caller chose Elasticsearch explicitly.
    os.environ.setdefault("SEARCH_BACKEND", "database")
    sys.path.insert(0, str(ROOT))
    return data


def prepare(scale, fresh=False, out=print):
    """Set Django up and make sure the database holds this scale's dataset."""
    import django

    if fresh:
        _wipe(out)
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench import dataset

    if fresh and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", interactive=False, verbosity=0)
    if dataset.is_built(scale):
        out(
            f"Набор данных масштаба {scale_label(scale)} уже есть ({_where()}): --fresh, чтобы пересоздать"
        )
    else:
        dataset.build(scale, out=out)
    # Fresh planner statistics, as PostgreSQL's autovacuum keeps them and SQLite
    # never gathers on its own: the bench measures the plans a tended server runs.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    collect_static(out)


def collect_static(out):
    """collectstatic (hashed, compressed: minutes on a busy machine) only when a
    static source changed since the last run: a fingerprint of the sources is kept
    beside the collected files."""
    import hashlib

    from django.conf import settings
    from django.contrib.staticfiles.finders import get_finders
    from django.core.management import call_command

    digest = hashlib.sha256()
    for finder in get_finders():
        for path, storage in finder.list([]):
            stat = os.stat(storage.path(path))
            digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    stamp = Path(settings.STATIC_ROOT) / ".bench-sources"
    if stamp.exists() and stamp.read_text() == digest.hexdigest():
        return
    out(f"collectstatic → {settings.STATIC_ROOT} (сжатие и хеши, это небыстро)…")
    call_command("collectstatic", interactive=False, verbosity=0)
    stamp.write_text(digest.hexdigest())


def _where():
    from django.db import connection

    return f"{connection.vendor}: {connection.settings_dict['NAME']}"


def _wipe(out):
    data = Path(os.environ["PORTAL_VAR_DIR"])
    if not os.environ.get("DATABASE_URL"):
        for name in ("db.sqlite3", "db.sqlite3-wal", "db.sqlite3-shm"):
            (data / name).unlink(missing_ok=True)
    shutil.rmtree(data / "media", ignore_errors=True)
    out(f"--fresh: данные в {data} удалены")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(page_cache_seconds=0, extra=None):
    env = dict(os.environ)
    env["PAGE_CACHE_SECONDS"] = str(page_cache_seconds)
    env["PYTHONPATH"] = str(ROOT)
    env.update(extra or {})
    return env


class Server:
    """gunicorn serving the portal (bench settings) on 127.0.0.1 until stopped."""

    def __init__(self, page_cache_seconds=0, workers=2, port=None, log_path=None, env=None):
        self.extra_env = env or {}
        self.port = port or free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.page_cache_seconds = page_cache_seconds
        self.workers = workers
        self.log_path = Path(log_path or BENCH_DIR / "gunicorn.log")
        self.process = None

    def __enter__(self):
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = open(self.log_path, "ab")  # noqa: SIM115 - closed in __exit__
        self.process = subprocess.Popen(
            [
                str(VENV_BIN / "gunicorn"),
                "cms.wsgi",
                "--workers",
                str(self.workers),
                "--worker-class",
                "sync",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--timeout",
                "120",
                "--log-level",
                "warning",
            ],  # fmt: skip
            cwd=ROOT,
            env=server_env(self.page_cache_seconds, self.extra_env),
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited at start; see {self.log_path}")
            try:
                with urllib.request.urlopen(f"{self.base}/__floor__/", timeout=5) as response:
                    if response.status == 200:
                        return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.3)
        self.__exit__(None, None, None)
        raise RuntimeError(f"gunicorn did not answer on {self.base} within 60 s")

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()


def load_average():
    one, five, fifteen = os.getloadavg()
    return {"1min": round(one, 2), "5min": round(five, 2), "15min": round(fifteen, 2)}


def write_report(report, out, kind, latest=False):
    """Write a bench report as JSON to `out`, or to var/bench/<kind>-<time>.json
    (and, with `latest`, var/bench/latest.json too). Returns the path written."""
    import datetime
    import json

    stamp = f"{datetime.datetime.now(datetime.UTC):%Y%m%d-%H%M%S}"
    path = Path(out) if out else BENCH_DIR / f"{kind}-{stamp}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(report, ensure_ascii=False, indent=2)
    path.write_text(text, encoding="utf-8")
    if latest and not out:
        (BENCH_DIR / "latest.json").write_text(text, encoding="utf-8")
    return path
