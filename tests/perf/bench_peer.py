"""`make bench-peer`: our logged-in lesson page against wagtail-lms 0.11.1's, side by side.

docs/quality.md (the peer paragraph, P3) asks for at least 1.5× the peer's throughput with fewer
queries, measured in the same run; docs/benchmarks.md records the figures. This script:

* builds two fresh PostgreSQL databases on the server of ``DATABASE_URL`` (default
  ``postgres://postgres@127.0.0.1:5432``): ``lms_bench_ours`` with ``seed_demo`` and the course
  of tests/perf/lesson_course.py, ``lms_bench_peer`` with the peer project of tests/perf/peer/
  (wagtail-lms in a ``wagtail start`` site, its own virtualenv .bench/peer-venv, installed by
  the Makefile) and the same lesson, titles and learner;
* serves both with gunicorn, 2 sync workers, access log off, DEBUG off, ``CONN_MAX_AGE=60``;
  ours with the production-like settings of tests/perf/harness.py's ``bench_env`` and a Redis
  cache (``LMS_BENCH_PEER_CACHE_URL``, flushed first), as in production;
* logs the learner in through each login form, checks that the lesson answers 200 with its text,
  counts each side's queries per request in-process (count_lesson_queries.py, run by each side's
  own interpreter against the same database);
* runs wrk (``-t2 -c8``, a warm-up then the measured run) on ours, then the peer, alternately,
  ``LMS_BENCH_PEER_RUNS`` times each, and prints each run, the medians, p95/p99, HTML bytes, the
  queries and ``RATIO`` (median req/s ours ÷ peer).

Exits non-zero on socket errors, non-2xx answers or a lesson that stops answering 200, and when
the ratio is under ``LMS_BENCH_PEER_MIN_RATIO`` or our queries are over
``LMS_BENCH_PEER_MAX_QUERIES`` (both unset: no gate). The ratio is printed in every case.
Knobs (defaults are the issue's): ``LMS_BENCH_PEER_DURATION`` (20s), ``_WARMUP`` (3s), ``_RUNS``
(3), ``_THREADS`` (2), ``_CONNECTIONS`` (8), ``_WORKERS`` (2), ``_OURS_PORT``/``_PEER_PORT``
(8791/8792), ``_CACHE_URL`` (redis://127.0.0.1:6379/15), ``_VENV`` (.bench/peer-venv),
``_SHOW_SQL=1`` (print each side's statements). Quick development run:
``LMS_BENCH_PEER_DURATION=3s LMS_BENCH_PEER_WARMUP=1s LMS_BENCH_PEER_RUNS=1
.venv/bin/python -m tests.perf.bench_peer``.
"""

import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path

import redis
import requests

from tests.perf import lesson_course as spec
from tests.perf.harness import ROOT, bench_env, gunicorn, session_cookie, wrk

DURATION = os.environ.get("LMS_BENCH_PEER_DURATION", "20s")
WARMUP = os.environ.get("LMS_BENCH_PEER_WARMUP", "3s")
RUNS = int(os.environ.get("LMS_BENCH_PEER_RUNS", "3"))
THREADS = int(os.environ.get("LMS_BENCH_PEER_THREADS", "2"))
CONNECTIONS = int(os.environ.get("LMS_BENCH_PEER_CONNECTIONS", "8"))
WORKERS = int(os.environ.get("LMS_BENCH_PEER_WORKERS", "2"))
OURS_PORT = int(os.environ.get("LMS_BENCH_PEER_OURS_PORT", "8791"))
PEER_PORT = int(os.environ.get("LMS_BENCH_PEER_PEER_PORT", "8792"))
CACHE_URL = os.environ.get("LMS_BENCH_PEER_CACHE_URL", "redis://127.0.0.1:6379/15")
PEER_VENV = Path(os.environ.get("LMS_BENCH_PEER_VENV", ROOT / ".bench" / "peer-venv"))
MIN_RATIO = os.environ.get("LMS_BENCH_PEER_MIN_RATIO", "")
MAX_QUERIES = os.environ.get("LMS_BENCH_PEER_MAX_QUERIES", "")

OURS_LOGIN = "/akun/masuk/"
PEER_LOGIN = "/accounts/login/"


def _say(text: str) -> None:
    print(text, flush=True)  # noqa: T201


def _prepare_peer(env: dict[str, str], python: str) -> str:
    def run(*args: str) -> str:
        return subprocess.run(  # noqa: S603 - fixed argv
            [python, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900,
            check=True,
        ).stdout  # fmt: skip

    run("-m", "django", "migrate", "--noinput")
    return re.search(r"LESSON (\S+)", run("-m", "tests.perf.peer.setup_course")).group(1)


def _queries(env: dict[str, str], python: str, login: str, lesson: str) -> tuple[int, float]:
    done = subprocess.run(  # noqa: S603 - fixed argv
        [python, str(ROOT / "tests" / "perf" / "count_lesson_queries.py"), login, lesson],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    if done.returncode:
        raise SystemExit(f"counting queries with {python} failed:\n{done.stderr[-3000:]}")
    output = done.stdout
    for line in output.splitlines():
        if line.startswith("SQL "):
            _say(f"  {line}")
    queries = int(re.search(r"QUERIES (\d+)", output).group(1))
    return queries, float(re.search(r"CPU_MS ([\d.]+)", output).group(1))


def _lesson_html(url: str, cookie: str) -> bytes:
    """The lesson as the learner gets it; fails unless it is a 200 with the lesson's text."""
    page = requests.get(url, headers={"Cookie": cookie}, timeout=30, allow_redirects=False)
    if page.status_code != 200 or spec.LESSON_PHRASE not in page.text:
        raise SystemExit(f"{url} answered {page.status_code} without the lesson text")
    if spec.LESSON_TITLE not in page.text:
        raise SystemExit(f"{url} is not the lesson {spec.LESSON_TITLE!r}")
    return page.content


def main() -> int:
    if not shutil.which("wrk"):
        raise SystemExit("needs wrk (apt-get install wrk; `make bench-peer` installs it)")
    peer_python = PEER_VENV / "bin" / "python"
    if not peer_python.exists():
        raise SystemExit(f"no peer virtualenv at {PEER_VENV}: run `make bench-peer`")
    database_url = os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/lms")
    if not database_url.startswith("postgres"):
        raise SystemExit("DATABASE_URL must name a PostgreSQL server")

    started = time.monotonic()
    ours_env = {**bench_env("lms_bench_ours"), "CACHE_URL": CACHE_URL}
    peer_env = {**bench_env("lms_bench_peer"), "DJANGO_SETTINGS_MODULE": "tests.perf.peer.settings"}
    peer_env.pop("CACHE_URL", None)
    redis.Redis.from_url(CACHE_URL).flushdb()
    _say("Building ours (migrate, seed_demo, course) and the peer's (migrate, course)…")
    ours_lesson = spec.prepare_ours(ours_env)
    peer_lesson = _prepare_peer(peer_env, str(peer_python))

    with ExitStack() as stack:
        ours_base = stack.enter_context(gunicorn(ours_env, port=OURS_PORT, workers=WORKERS))
        peer_base = stack.enter_context(
            gunicorn(
                peer_env, port=PEER_PORT, workers=WORKERS, python=str(peer_python),
                app="tests.perf.peer.wsgi", ready_path=PEER_LOGIN,
            )
        )  # fmt: skip
        sides = {
            "ours": {
                "url": f"{ours_base}{ours_lesson}",
                "cookie": session_cookie(
                    ours_base, OURS_LOGIN, spec.LEARNER_USERNAME, spec.LEARNER_PASSWORD
                ),
                "runs": [],
            },
            "peer": {
                "url": f"{peer_base}{peer_lesson}",
                "cookie": session_cookie(
                    peer_base, PEER_LOGIN, spec.LEARNER_USERNAME, spec.LEARNER_PASSWORD
                ),
                "runs": [],
            },
        }
        sides["ours"]["queries"], sides["ours"]["cpu"] = _queries(
            ours_env, sys.executable, OURS_LOGIN, ours_lesson
        )
        sides["peer"]["queries"], sides["peer"]["cpu"] = _queries(
            peer_env, str(peer_python), PEER_LOGIN, peer_lesson
        )
        for name, side in sides.items():
            side["html"] = len(_lesson_html(side["url"], side["cookie"]))
            _say(
                f"{name}: {side['url']}  {side['html']} bytes HTML, {side['queries']} queries, "
                f"{side['cpu']:.1f} ms Python CPU per request in-process"
            )

        _say(f"wrk -t{THREADS} -c{CONNECTIONS}: {WARMUP} warm-up, then {DURATION}, {RUNS}× each")
        failed = False
        for run in range(1, RUNS + 1):
            for name, side in sides.items():
                load = {"threads": THREADS, "connections": CONNECTIONS}
                wrk(side["url"], side["cookie"], duration=WARMUP, **load)
                result = wrk(side["url"], side["cookie"], duration=DURATION, **load)
                _lesson_html(side["url"], side["cookie"])  # still the lesson, still signed in
                side["runs"].append(result)
                bad = result["errors"] or result["non2xx"]
                failed = failed or bool(bad)
                _say(
                    f"run {run} {name}: {result['rps']:.1f} req/s, p50 {result['p50']:.1f} ms, "
                    f"p95 {result['p95']:.1f} ms, p99 {result['p99']:.1f} ms, "
                    f"{int(result['requests'])} requests, {int(result['errors'])} errors, "
                    f"{int(result['non2xx'])} non-2xx, {int(result.get('timeouts', 0))} timeouts"
                )

    medians = {}
    for name, side in sides.items():
        runs = side["runs"]
        medians[name] = {k: statistics.median(r[k] for r in runs) for k in ("rps", "p95", "p99")}
        each = ", ".join(f"{r['rps']:.1f}" for r in runs)
        _say(
            f"{name}: median {medians[name]['rps']:.1f} req/s (runs {each}), "
            f"p95 {medians[name]['p95']:.1f} ms, p99 {medians[name]['p99']:.1f} ms, "
            f"{side['html']} bytes HTML, {side['queries']} queries per request, "
            f"{side['cpu']:.1f} ms Python CPU per request in-process"
        )
    ratio = medians["ours"]["rps"] / medians["peer"]["rps"] if medians["peer"]["rps"] else 0.0
    _say(
        f"RATIO {ratio:.2f} (median req/s ours ÷ peer); queries ours {sides['ours']['queries']}, "
        f"peer {sides['peer']['queries']}; in-process CPU ours ÷ peer "
        f"{sides['ours']['cpu'] / sides['peer']['cpu']:.2f}; "
        f"{time.monotonic() - started:.0f} s in all"
    )
    if failed:
        _say("FAIL: socket errors or non-2xx answers (see the runs above)")
        return 1
    if MIN_RATIO and ratio < float(MIN_RATIO):
        _say(f"FAIL: ratio {ratio:.2f} < LMS_BENCH_PEER_MIN_RATIO {MIN_RATIO}")
        return 1
    if MAX_QUERIES and sides["ours"]["queries"] > int(MAX_QUERIES):
        _say(f"FAIL: {sides['ours']['queries']} queries > LMS_BENCH_PEER_MAX_QUERIES {MAX_QUERIES}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
