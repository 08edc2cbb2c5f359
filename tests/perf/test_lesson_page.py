"""P3: logged-in lesson page under load (gunicorn, 2 workers, PostgreSQL, wrk c=8 for 60 s).

Run with ``make bench`` (``pytest -m perf``). Needs PostgreSQL (DATABASE_URL), ``wrk`` and a free
port. Builds a separate ``<db>_bench`` database, a course whose lesson carries about 2 KB of rich
text (like the peer measurement in docs/quality.md), logs the demo learner in, and loads the lesson.
The course is tests/perf/lesson_course.py's, shared with ``make bench-peer`` (bench_peer.py).
"""

import os
import shutil

import pytest
import requests

from tests.perf import lesson_course as spec
from tests.perf.harness import bench_env, gunicorn, session_cookie, wrk

PORT = int(os.environ.get("LMS_BENCH_PORT", "8765"))
DURATION = os.environ.get("LMS_BENCH_DURATION", "60s")

pytestmark = pytest.mark.perf


@pytest.fixture(scope="module")
def server():
    if not shutil.which("wrk"):
        pytest.skip("needs wrk (apt-get install wrk)")
    env = bench_env("lms_bench")
    lesson = spec.prepare_ours(env)
    with gunicorn(env, port=PORT, workers=2) as base:
        yield base, lesson


def test_logged_in_lesson_page_p95_and_throughput(server):
    base, lesson = server
    cookie = session_cookie(base, "/akun/masuk/", spec.LEARNER_USERNAME, spec.LEARNER_PASSWORD)
    page = requests.get(f"{base}{lesson}", headers={"Cookie": cookie}, timeout=10)
    assert page.status_code == 200 and spec.LESSON_TITLE in page.text
    result = wrk(f"{base}{lesson}", cookie, duration=DURATION)
    print(f"\nP3 lesson page ({len(page.content)} bytes HTML): {result}")  # noqa: T201
    assert result["errors"] == 0 and result["non2xx"] == 0
    assert result["p95"] <= 150
    assert result["rps"] >= 100
