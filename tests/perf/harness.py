"""Shared pieces of the load benchmarks: a fresh bench database, manage.py, and gunicorn."""

import contextlib
import http.client
import os
import re
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
def gunicorn(
    env: dict[str, str],
    *,
    port: int,
    workers: int | None = None,
    python: str = sys.executable,
    app: str = "lms.wsgi",
    ready_path: str = "/healthz",
    worker_class: str | None = None,
    threads: int | None = None,
    config: bool = False,
) -> Iterator[str]:
    """Serves ``app`` (the project by default) with gunicorn until the block ends; yields the base
    URL. ``python`` is the interpreter of another virtualenv for the peer (bench_peer.py).

    ``config=True`` reads deploy/gunicorn.conf.py, the production choice of worker model and
    count (docs/deployment.md); ``workers``, ``worker_class`` (``sync``, ``gthread``) and
    ``threads`` override it, as command-line options do. With neither, 1 sync worker."""
    argv = [python, "-m", "gunicorn"]
    if config:
        argv += ["-c", str(ROOT / "deploy" / "gunicorn.conf.py")]
    for option, value in (("-w", workers), ("-k", worker_class), ("--threads", threads)):
        if value is not None:
            argv += [option, str(value)]
    process = subprocess.Popen(  # noqa: S603 - fixed argv
        [*argv, app, "-b", f"127.0.0.1:{port}",
         "--access-logfile", "/dev/null", "--error-logfile", "-"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn {app} on port {port} exited ({process.returncode})")
            try:
                requests.get(f"{base}{ready_path}", timeout=5)
                break
            except requests.RequestException:
                time.sleep(0.2)
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def session_cookie(base: str, login_path: str, username: str, password: str) -> str:
    """Logs ``username`` in through the login form at ``login_path`` (a success redirects);
    returns the Cookie header of the session."""
    session = requests.Session()
    session.get(f"{base}{login_path}", timeout=10)
    response = session.post(
        f"{base}{login_path}",
        data={"username": username, "password": password,
              "csrfmiddlewaretoken": session.cookies["csrftoken"]},
        headers={"Referer": f"{base}{login_path}"}, timeout=30, allow_redirects=False,
    )  # fmt: skip
    signed_in = any("sessionid" in name for name in session.cookies.get_dict())
    assert response.status_code == 302 and signed_in, (
        f"login at {base}{login_path} failed ({response.status_code})"
    )
    return "; ".join(f"{k}={v}" for k, v in session.cookies.items())


WRK_REPORT = Path(__file__).parent / "scripts" / "wrk_report.lua"


def wrk(url: str, cookie: str, *, duration: str, threads: int = 2, connections: int = 8) -> dict:
    """One wrk run against ``url`` with the session ``cookie``; returns wrk_report.lua's figures
    (requests, rps, p50/p95/p99/max in ms, errors, non2xx) as floats."""
    output = subprocess.run(  # noqa: S603,S607 - fixed argv
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}", "-s", str(WRK_REPORT),
         "-H", f"Cookie: {cookie}", url],
        capture_output=True, text=True, timeout=900, check=True,
    ).stdout  # fmt: skip
    return {k: float(v) for k, v in re.findall(r"(\w+)=([\d.]+)", output.split("RESULT", 1)[1])}


def http_request(
    port: int,
    method: str,
    path: str,
    *,
    ip: str = "127.0.0.1",
    body: str | None = None,
    headers: dict | None = None,
    timeout: float = 30.0,
) -> tuple[int, float, dict]:
    """One request to 127.0.0.1:``port`` on a new connection from ``ip`` (the socket is bound to
    it, so ``REMOTE_ADDR`` really is ``ip``; Linux routes all of 127.0.0.0/8 to lo): (status,
    seconds, headers); status 0 when the connection failed."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout,
                                            source_address=(ip, 0))  # fmt: skip
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        response.read()
        return response.status, time.perf_counter() - started, dict(response.getheaders())
    except OSError:
        return 0, time.perf_counter() - started, {}
    finally:
        connection.close()


def login_form(port: int, *, ip: str = "127.0.0.1", path: str = "/akun/masuk/") -> tuple[str, str]:
    """GETs the login form: its CSRF cookie and token, as a browser (or a script) fetches them."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30, source_address=(ip, 0))
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        page = response.read().decode()
        cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie", "")).group(1)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    finally:
        connection.close()
    return cookie, token


def percentile_ms(values: list[float], q: float) -> float:
    """The ``q`` quantile (nearest rank) of ``values`` in seconds, in milliseconds."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] * 1000


def send_paced(pool, rate: float, total: int, task) -> tuple[float, list[float]]:
    """Submits ``task(n)`` for n in 0..total-1 to ``pool`` at a steady ``rate`` a second (open
    loop: each at its scheduled time, whether or not the earlier ones were answered); returns the
    seconds the sending took and how late each late submission was."""
    lateness: list[float] = []
    started = time.perf_counter()
    for n in range(total):
        delay = started + n / rate - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        else:
            lateness.append(-delay)
        pool.submit(task, n)
    return time.perf_counter() - started, lateness
