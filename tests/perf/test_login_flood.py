"""R7 / quality goal: 100 bad logins a second for 30 s leave ``/healthz`` p95 under 100 ms.

Run with ``make bench`` (``pytest -m perf``); needs PostgreSQL (DATABASE_URL) and Redis on
127.0.0.1:6379 (the rate limiter's counters must be shared by the gunicorn workers, as in
production). Builds a ``lms_bench_login`` database with the demo data, serves it with gunicorn
(4 sync workers, 2 × cores as docs/deployment.md says; the production hasher, Argon2id: about
25 ms of a core per password; Django's PBKDF2 before it, about 0.25-0.5 s), and:

* posts wrong passwords to ``/akun/masuk/`` at a steady 100 a second (a thread pool sending
  each request at its scheduled time; usernames mixed: 40 NIPs and e-mails, known and unknown)
  for ``LMS_BENCH_LOGIN_SECONDS`` (30), with a valid CSRF cookie and token, like a script
  that fetched the form once;
* meanwhile asks ``/healthz`` every 50 ms (a new connection each time, like a load balancer)
  and reports p50/p95/max of those samples, with an idle baseline before the flood;
* **one address**: every request from 127.0.0.1 (the attack the per-IP limit answers);
* **several addresses**: the same flood spread over 20 loopback addresses 127.0.0.10-29
  (the socket is bound to each, so ``REMOTE_ADDR`` really differs; Linux routes all of
  127.0.0.0/8 to lo). This is a small distributed attack: the per-IP limit allows one hashed
  failure per 2 s per address, 10 a second in all, more than two cores can hash. Reported,
  not asserted;
* ``LMS_BENCH_LOGIN_BEFORE=1`` adds the run with the limits off (``AXES_ENABLED=0``,
  ``LMS_LOGIN_IP_RATE=0``): the code before R7, for the "before" figure (10 s only: the server
  saturates at once).

Everything (load generator, gunicorn, PostgreSQL, Redis) shares the machine's cores, so the
figures are conservative. Gunicorn's and Django's logs are at WARNING (each refused attempt
still logs one line).
"""

from __future__ import annotations

import contextlib
import os
import re
import statistics
import threading
import time
import urllib.parse
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.perf.harness import (
    bench_env,
    gunicorn,
    http_request,
    login_form,
    manage,
    percentile_ms,
    send_paced,
)

PORT = int(os.environ.get("LMS_BENCH_LOGIN_PORT", "8767"))
SECONDS = int(os.environ.get("LMS_BENCH_LOGIN_SECONDS", "30"))
RATE = 100
# docs/deployment.md: 2 × cores sync workers (the bench machine has 2 cores).
WORKERS = int(os.environ.get("LMS_BENCH_LOGIN_WORKERS", "4"))
HEALTH_EVERY = 0.05
HOST = "127.0.0.1"
LEARNER = ("198703152010012003", "Peserta-Belajar-2026")  # seed_demo's learner

pytestmark = pytest.mark.perf

COUNT_ENTRIES = r"""
from django.db.models import Count
from lms.core.models import AuditEntry
for row in AuditEntry.objects.values("action").annotate(n=Count("id")).order_by("action"):
    print("ENTRY", row["action"], row["n"])
"""
# Each run starts without the previous run's locks (axes' records).
CLEAR_LOCKS = "from axes.models import AccessAttempt\nAccessAttempt.objects.all().delete()\n"


@pytest.fixture(scope="module")
def database():
    """A fresh ``lms_bench_login`` database with the demo data; ``LMS_BENCH_LOGIN_REUSE=1``
    keeps the one an earlier run built (the seed takes minutes on a busy machine)."""
    reuse = os.environ.get("LMS_BENCH_LOGIN_REUSE") == "1"
    if reuse and os.environ.get("DATABASE_URL", "").startswith("postgres"):
        server = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
        env = {**os.environ, "DATABASE_URL": f"{server}/lms_bench_login",
               "DJANGO_SETTINGS_MODULE": "lms.settings.dev", "DJANGO_DEBUG": "0",
               "CELERY_BROKER_URL": "", "DATABASE_CONN_MAX_AGE": "60"}  # fmt: skip
    else:
        env = bench_env("lms_bench_login")
    env.update({"CACHE_URL": os.environ.get("LMS_BENCH_CACHE_URL", "redis://127.0.0.1:6379/12"),
                "LOG_LEVEL": "WARNING"})  # fmt: skip
    if not reuse:
        manage(env, "migrate", "--noinput")
        manage(env, "collectstatic", "--noinput", "-v", "0")
        manage(env, "seed_demo")
    return env


def _request(method, path, *, ip=HOST, body=None, headers=None, timeout=30.0):
    """One request on a new connection from ``ip``: (status, seconds, headers)."""
    return http_request(PORT, method, path, ip=ip, body=body, headers=headers, timeout=timeout)


def _csrf() -> tuple[str, str]:
    """A CSRF cookie and the form's token, as a script would fetch them once."""
    return login_form(PORT)


def _usernames() -> list[str]:
    """40 usernames: the demo's NIPs and e-mails and unknown ones, in several written forms."""
    names = [LEARNER[0], "19870315 201001 2 003", "198001012005011001"]
    names += [f"19850101201001{1 + n % 2}{n:03d}" for n in range(1, 20)]
    names += [f"tamu{n}@contoh.go.id" for n in range(15)]
    names += ["PESERTA@CONTOH.GO.ID", "admin@contoh.go.id", "x@y.id"]
    return names


_percentile = percentile_ms


def _health_samples(stop: threading.Event, out: list[float], failures: list[int]) -> None:
    while not stop.is_set():
        started = time.perf_counter()
        status, seconds, _headers = _request("GET", "/healthz", timeout=30)
        out.append(seconds)
        if status != 200:
            failures.append(status)
        time.sleep(max(0.0, HEALTH_EVERY - (time.perf_counter() - started)))


def _flood(ips: list[str], seconds: int) -> dict:
    cookie, token = _csrf()
    usernames = _usernames()
    headers = {"Content-Type": "application/x-www-form-urlencoded",
               "Cookie": f"csrftoken={cookie}"}  # fmt: skip
    statuses: Counter = Counter()
    latencies: list[float] = []
    lock = threading.Lock()

    def post(n: int) -> None:
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token,
                                       "username": usernames[n % len(usernames)],
                                       "password": f"salah-{n}"})  # fmt: skip
        status, elapsed, _ = _request("POST", "/akun/masuk/", ip=ips[n % len(ips)],
                                      body=body, headers=headers)  # fmt: skip
        with lock:
            statuses[status] += 1
            latencies.append(elapsed)

    baseline: list[float] = []
    stop, failures = threading.Event(), []
    sampler = threading.Thread(target=_health_samples, args=(stop, baseline, failures))
    sampler.start()
    time.sleep(3)
    stop.set()
    sampler.join()

    health: list[float] = []
    stop = threading.Event()
    sampler = threading.Thread(target=_health_samples, args=(stop, health, failures))
    total = RATE * seconds
    with ThreadPoolExecutor(max_workers=96) as pool:
        sampler.start()
        started = time.perf_counter()
        sent_in, _lateness = send_paced(pool, RATE, total, post)
    answered_in = time.perf_counter() - started  # the pool waited for every answer
    stop.set()
    sampler.join()
    return {
        "addresses": len(ips),
        "posts": total,
        "sent_per_s": round(total / sent_in, 1),
        "answered_in_s": round(answered_in, 1),
        "statuses": dict(statuses),
        "post_p50_ms": round(_percentile(latencies, 0.50), 1),
        "post_p95_ms": round(_percentile(latencies, 0.95), 1),
        "healthz_idle_p95_ms": round(_percentile(baseline, 0.95), 1),
        "healthz_samples": len(health),
        "healthz_p50_ms": round(_percentile(health, 0.50), 1),
        "healthz_p95_ms": round(_percentile(health, 0.95), 1),
        "healthz_max_ms": round(max(health) * 1000, 1),
        "healthz_mean_ms": round(statistics.fmean(health) * 1000, 1),
        "healthz_not_200": len(failures),
    }


def _entries(env) -> dict[str, int]:
    output = manage(env, "shell", input_text=COUNT_ENTRIES)
    return {action: int(n) for action, n in re.findall(r"ENTRY (\S+) (\d+)", output)}


@contextlib.contextmanager
def _server(env, **overrides):
    manage(env, "shell", input_text=CLEAR_LOCKS)
    with gunicorn({**env, **overrides}, port=PORT, workers=WORKERS) as base:
        yield base


def _report(name: str, result: dict, before: dict, after: dict) -> None:
    counted = {k: after.get(k, 0) - before.get(k, 0) for k in after}
    print(f"\nlogin flood, {name}: {result}\n  audit entries written: {counted}")  # noqa: T201


def test_100_bad_logins_a_second_from_one_address_leave_healthz_p95_under_100_ms(database):
    with _server(database):
        before = _entries(database)
        result = _flood([HOST], SECONDS)
        # The account itself is not locked out: its owner logs in from another address.
        cookie, token = _csrf()
        status, _, headers = _request(
            "POST", "/akun/masuk/", ip="127.0.0.99",
            body=urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": LEARNER[0],
                                         "password": LEARNER[1]}),
            headers={"Content-Type": "application/x-www-form-urlencoded",
                     "Cookie": f"csrftoken={cookie}"},
        )  # fmt: skip
    after = _entries(database)
    _report("one address", result, before, after)
    assert status == 302, headers
    assert result["healthz_not_200"] == 0
    assert result["statuses"].get(429, 0) >= 0.9 * result["posts"]
    # Hashed attempts (LOGIN_FAILED): at most one per 2-s window of the client while the flood
    # was being answered (the slot is taken atomically), plus the window the run started in.
    hashed = after.get("login.failed", 0) - before.get("login.failed", 0)
    assert hashed <= result["answered_in_s"] / 2 + 2
    assert result["healthz_p95_ms"] < 100


def test_the_same_flood_from_20_addresses(database):
    """Reported, not asserted: a distributed flood gets one hashed failure per 2 s per address
    past the per-IP limit (docs/benchmarks.md)."""
    ips = [f"127.0.0.{n}" for n in range(10, 30)]
    with _server(database):
        before = _entries(database)
        result = _flood(ips, SECONDS)
    after = _entries(database)
    _report("20 addresses", result, before, after)
    # The per-IP limit still holds for each address under load.
    hashed = after.get("login.failed", 0) - before.get("login.failed", 0)
    assert hashed <= len(ips) * (result["answered_in_s"] / 2 + 2)


@pytest.mark.skipif(
    os.environ.get("LMS_BENCH_LOGIN_BEFORE") != "1", reason="set LMS_BENCH_LOGIN_BEFORE=1"
)
def test_before_the_limits(database):
    """The same flood (10 s) with the lockout and the per-IP limit off: every attempt hashes."""
    with _server(database, AXES_ENABLED="0", LMS_LOGIN_IP_RATE="0"):
        before = _entries(database)
        result = _flood([HOST], 10)
    _report("limits off (before R7)", result, before, _entries(database))
