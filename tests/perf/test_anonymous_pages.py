"""P2: anonymous public pages from the shared cache (docs/quality.md P2, lms/core/pagecache.py).

gunicorn (2 workers, PostgreSQL, Redis as the cache) serves the demo twice, with the page cache
and with ``LMS_PAGE_CACHE_SECONDS=0``; wrk loads the course page and the catalogue with no
cookie (a first visit: every answer sets the visitor's CSRF cookie, as in production). The
lesson page itself needs an enrolment: anonymously its URL answers a redirect to the login page,
which is checked here and never cached.

Run with ``make bench`` (``pytest -m perf -s tests/perf/test_anonymous_pages.py``); needs
PostgreSQL (DATABASE_URL), Redis and wrk. ``LMS_BENCH_DURATION`` (30s), ``LMS_BENCH_CONNECTIONS``
(4), ``LMS_BENCH_PORT`` (8775), ``LMS_BENCH_CACHE_URL`` (redis://127.0.0.1:6379/14, flushed).
"""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import requests

from tests.perf.harness import bench_env, gunicorn, manage

LUA = Path(__file__).parent / "scripts" / "wrk_report.lua"
PORT = int(os.environ.get("LMS_BENCH_PORT", "8775"))
DURATION = os.environ.get("LMS_BENCH_DURATION", "30s")
CONNECTIONS = int(os.environ.get("LMS_BENCH_CONNECTIONS", "4"))
CACHE_URL = os.environ.get("LMS_BENCH_CACHE_URL", "redis://127.0.0.1:6379/14")

pytestmark = pytest.mark.perf

URLS = r"""
from courses.models import CoursePage, LessonPage
course = CoursePage.objects.live().order_by("path").first()
print("COURSE", course.url)
print("LESSON", LessonPage.objects.live().descendant_of(course).order_by("path").first().url)
"""


def _flush_cache() -> None:
    import redis

    redis.Redis.from_url(CACHE_URL).flushdb()


@pytest.fixture(scope="module")
def site():
    if not shutil.which("wrk"):
        pytest.skip("needs wrk (apt-get install wrk)")
    env = bench_env("lms_bench_pages") | {"CACHE_URL": CACHE_URL}
    _flush_cache()
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    manage(env, "seed_demo")
    output = manage(env, "shell", input_text=URLS)
    urls = dict(re.findall(r"(COURSE|LESSON) (\S+)", output))
    return env, urls["COURSE"], urls["LESSON"]


def _wrk(url: str) -> dict[str, float]:
    output = subprocess.run(  # noqa: S603,S607 - fixed argv
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}", "-s", str(LUA), url],
        capture_output=True, text=True, timeout=900, check=True,
    ).stdout  # fmt: skip
    return {k: float(v) for k, v in re.findall(r"(\w+)=([\d.]+)", output.split("RESULT", 1)[1])}


def _load(env: dict[str, str], seconds: int, paths: list[str], port: int) -> dict[str, dict]:
    results = {}
    with gunicorn(env | {"LMS_PAGE_CACHE_SECONDS": str(seconds)}, port=port, workers=2) as base:
        for path in paths:
            for _ in range(3):  # the first fills the cache (and Wagtail's own caches)
                page = requests.get(f"{base}{path}", timeout=30, allow_redirects=False)
            assert page.status_code == 200, path
            assert page.headers.get("X-Page-Cache") == ("hit" if seconds else None), path
            results[path] = _wrk(f"{base}{path}") | {"bytes": len(page.content)}
    return results


def test_p2_anonymous_pages_from_the_cache(site):
    env, course, lesson = site
    paths = [course, "/kursus/"]
    _flush_cache()
    cached = _load(env, 300, paths, PORT)
    # The lesson itself is for enrolled learners: anonymously, the login page (never cached).
    with gunicorn(env, port=PORT, workers=1) as base:
        for _ in range(2):
            answer = requests.get(f"{base}{lesson}", timeout=30, allow_redirects=False)
            assert answer.status_code == 302 and "/akun/masuk/" in answer.headers["Location"]
            assert "X-Page-Cache" not in answer.headers
    uncached = _load(env, 0, paths, PORT + 1)
    failures = []
    for path in paths:
        hit, miss = cached[path], uncached[path]
        ratio = hit["rps"] / miss["rps"]
        print(  # noqa: T201
            f"\nP2 {path} ({hit['bytes']:.0f} bytes, c={CONNECTIONS}, {DURATION}): cached "
            f"{hit['rps']:.0f} req/s p50 {hit['p50']} p99 {hit['p99']} ms, uncached "
            f"{miss['rps']:.0f} req/s p50 {miss['p50']} p99 {miss['p99']} ms, ratio {ratio:.1f}"
        )
        assert hit["errors"] == 0 and hit["non2xx"] == 0 and miss["non2xx"] == 0
        if hit["rps"] < 1000:
            failures.append(f"{path}: {hit['rps']:.0f} req/s < 1,000")
        if hit["p99"] > 10:
            failures.append(f"{path}: p99 {hit['p99']} ms > 10 ms")
        if ratio < 8:
            failures.append(f"{path}: cached ÷ uncached {ratio:.1f} < 8")
    assert not failures, failures
