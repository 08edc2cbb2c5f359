"""P3: logged-in lesson page under load (gunicorn, 2 workers, PostgreSQL, wrk c=8 for 60 s).

Run with ``make bench`` (``pytest -m perf``). Needs PostgreSQL (DATABASE_URL), ``wrk`` and a free
port. Builds a separate ``<db>_bench`` database, a course whose lesson carries about 2 KB of rich
text (like the peer measurement in docs/quality.md), logs the demo learner in, and loads the lesson.
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
PORT = int(os.environ.get("LMS_BENCH_PORT", "8765"))
DURATION = os.environ.get("LMS_BENCH_DURATION", "60s")

pytestmark = pytest.mark.perf

SETUP = r"""
from decimal import Decimal
from courses.models import CourseCompetency, CourseIndexPage, CoursePage, LessonPage, ModulePage
from courses.services import enrollment_create
from lms.competencies.models import Competency
from lms.users.models import User
catalogue = CourseIndexPage.objects.get()
course = CoursePage.objects.filter(code="BENCH-1").first()
if course is None:
    course = CoursePage(title="Kursus uji beban", code="BENCH-1", summary="Uji beban",
                        jp=Decimal(2), category="spbe")
    catalogue.add_child(instance=course)
    CourseCompetency.objects.create(course=course, competency=Competency.objects.get(code="SP.01"),
                                    target_level=2)
    for m in range(3):
        module = ModulePage(title=f"Modul {m + 1}")
        course.add_child(instance=module)
        for n in range(4):
            text = "<h2>Prinsip SPBE</h2>" + "<p>" + ("SPBE menuntut keterpaduan layanan, data dan "
                   "aplikasi antar-OPD agar pelayanan publik efektif dan efisien. ") * 12 + "</p>"
            module.add_child(instance=LessonPage(title=f"Pelajaran {m + 1}.{n + 1}",
                                                 body=[("text", text), ("text", text)]))
learner = User.objects.get(username="198703152010012003")
enrollment_create(user=learner, course=course)
print("LESSON", LessonPage.objects.descendant_of(course).order_by("path")[1].url)
"""


@pytest.fixture(scope="module")
def server():
    if not shutil.which("wrk"):
        pytest.skip("needs wrk (apt-get install wrk)")
    env = bench_env("lms_bench")
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    manage(env, "seed_demo")
    lesson = re.search(r"LESSON (\S+)", manage(env, "shell", input_text=SETUP)).group(1)
    with gunicorn(env, port=PORT, workers=2) as base:
        yield base, lesson


def _login(base: str) -> str:
    session = requests.Session()
    session.get(f"{base}/akun/masuk/", timeout=10)
    response = session.post(
        f"{base}/akun/masuk/",
        data={
            "username": "198703152010012003",
            "password": "Peserta-Belajar-2026",
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        headers={"Referer": f"{base}/akun/masuk/"},
        timeout=30,
    )
    assert response.ok and "sessionid" in session.cookies
    return "; ".join(f"{k}={v}" for k, v in session.cookies.items())


def test_logged_in_lesson_page_p95_and_throughput(server):
    base, lesson = server
    cookie = _login(base)
    page = requests.get(f"{base}{lesson}", headers={"Cookie": cookie}, timeout=10)
    assert page.status_code == 200 and "Pelajaran 1.2" in page.text
    output = subprocess.run(  # noqa: S603,S607
        [
            "wrk",
            "-t2",
            "-c8",
            f"-d{DURATION}",
            "-s",
            str(LUA),
            "-H",
            f"Cookie: {cookie}",
            f"{base}{lesson}",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    ).stdout
    result = dict(re.findall(r"(\w+)=([\d.]+)", output.split("RESULT", 1)[1]))
    print(f"\nP3 lesson page ({len(page.content)} bytes HTML): {result}")  # noqa: T201
    assert float(result["errors"]) == 0 and float(result["non2xx"]) == 0
    assert float(result["p95"]) <= 150
    assert float(result["rps"]) >= 100
