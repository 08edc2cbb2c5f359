"""Shared pieces of the load benchmarks: a fresh bench database, manage.py, and gunicorn."""

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]


def bench_env(database: str) -> dict[str, str]:
    """Environment for a production-like server on a freshly created ``database``."""
    base_url = os.environ.get("DATABASE_URL", "")
    if not base_url.startswith("postgres"):
        pytest.skip("needs DATABASE_URL (PostgreSQL)")
    server = base_url.rsplit("/", 1)[0]
    for sql in (f"DROP DATABASE IF EXISTS {database}", f"CREATE DATABASE {database}"):
        subprocess.run(["psql", f"{server}/postgres", "-qc", sql], check=True)  # noqa: S603,S607
    return {
        **os.environ, "DATABASE_URL": f"{server}/{database}",
        "DJANGO_SETTINGS_MODULE": "lms.settings.dev", "DJANGO_DEBUG": "0",
        "CELERY_BROKER_URL": "", "DATABASE_CONN_MAX_AGE": "60",
    }  # fmt: skip


def manage(env: dict[str, str], *args: str, input_text: str | None = None) -> str:
    return subprocess.run(  # noqa: S603 - fixed argv
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, input=input_text,
        capture_output=True, text=True, timeout=900, check=True,
    ).stdout  # fmt: skip


@contextlib.contextmanager
def gunicorn(env: dict[str, str], *, port: int, workers: int) -> Iterator[str]:
    """Serves the project with gunicorn until the block ends; yields the base URL."""
    process = subprocess.Popen(  # noqa: S603 - fixed argv
        [sys.executable, "-m", "gunicorn", "lms.wsgi", "-w", str(workers), "-b",
         f"127.0.0.1:{port}", "--access-logfile", "/dev/null", "--error-logfile", "-"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                requests.get(f"{base}/healthz", timeout=5)
                break
            except requests.RequestException:
                time.sleep(0.2)
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
