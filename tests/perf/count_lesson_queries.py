"""Queries of one logged-in lesson request, counted in-process (`make bench-peer`).

``python tests/perf/count_lesson_queries.py LOGIN_PATH LESSON_PATH`` with the side's own
interpreter (our .venv or the peer's), its ``DJANGO_SETTINGS_MODULE`` and the benchmark's
``DATABASE_URL``: logs the learner of tests/perf/lesson_course.py in through the login form with
Django's test Client, loads the lesson once to warm the caches, then counts the queries of the
next load with ``CaptureQueriesContext``. Prints ``QUERIES <n>`` (and each statement when
``LMS_BENCH_PEER_SHOW_SQL=1``), then ``CPU_MS <ms>``: the process's CPU time per load over
``LMS_BENCH_PEER_CPU_LOADS`` (50) more loads.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from tests.perf import lesson_course as spec  # noqa: E402


def main(login_path: str, lesson_path: str) -> None:
    client = Client(SERVER_NAME="127.0.0.1")
    response = client.post(
        login_path, {"username": spec.LEARNER_USERNAME, "password": spec.LEARNER_PASSWORD}
    )
    if response.status_code != 302:
        sys.exit(f"login at {login_path} answered {response.status_code}, not a redirect")
    warm = client.get(lesson_path)
    if warm.status_code != 200 or spec.LESSON_PHRASE not in warm.content.decode():
        sys.exit(f"{lesson_path} answered {warm.status_code} without the lesson text")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(lesson_path)
    if response.status_code != 200:
        sys.exit(f"{lesson_path} answered {response.status_code} on the counted load")
    if os.environ.get("LMS_BENCH_PEER_SHOW_SQL") == "1":
        for query in queries.captured_queries:
            print("SQL", query["sql"])  # noqa: T201
    print("QUERIES", len(queries))  # noqa: T201
    # Python CPU time of the request in this process (not PostgreSQL's, not the wall clock): on a
    # busy machine it moves far less than req/s, so it shows where the two pages stand.
    loads = int(os.environ.get("LMS_BENCH_PEER_CPU_LOADS", "50"))
    started = time.process_time()
    for _ in range(loads):
        client.get(lesson_path)
    print("CPU_MS", f"{(time.process_time() - started) * 1000 / loads:.2f}")  # noqa: T201


if __name__ == "__main__":
    main(*sys.argv[1:3])
