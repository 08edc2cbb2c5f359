"""The learner journey on a phone: catalogue → enrol → lessons (resume) → completion, and a
lesson on emulated slow 3G (about 400 kbps, 400 ms round trip) showing its text within 3 s."""

import time

import pytest

from courses.models import CoursePage, LessonPage
from tests.e2e.conftest import save_screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
LEARNER = ("198703152010012003", "Peserta-Belajar-2026")
# LD-101: the demo learner has completed SPBE-101 already (certificates/demo.py).
COURSE_TITLE = "Literasi dan Keamanan Digital untuk ASN"


def log_in(page, base):
    page.goto(f"{base}/akun/masuk/")
    page.get_by_label("NIP atau e-mail").fill(LEARNER[0])
    page.get_by_label("Kata sandi").fill(LEARNER[1])
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{base}/belajar/dasbor/")


def test_learner_enrols_learns_resumes_and_completes(live_server, page, axe):
    from lms.core.seeding import seed_demo

    seed_demo()
    base = live_server.url
    course = CoursePage.objects.get(title=COURSE_TITLE)
    lessons = list(LessonPage.objects.live().descendant_of(course).order_by("path"))
    log_in(page, base)
    save_screenshot(page, "journey-dashboard")

    page.get_by_role("link", name="Katalog kursus").first.click()
    page.get_by_role("link", name=COURSE_TITLE).click()
    page.get_by_role("button", name="Daftar dan mulai belajar").click()
    assert page.get_by_text("Anda terdaftar di kursus ini").is_visible()
    save_screenshot(page, "journey-course")
    assert not axe(), "accessibility violations on the course page"

    page.get_by_role("link", name="Lanjutkan belajar").click()
    assert page.get_by_role("heading", level=1).inner_text() == lessons[0].title
    save_screenshot(page, "journey-lesson")
    assert not axe(), "accessibility violations on the lesson page"
    page.get_by_role("button", name="Tandai selesai dan lanjut").click()
    assert page.get_by_role("heading", level=1).inner_text() == lessons[1].title

    # Leave and come back: the course page offers to resume where the learner was.
    page.goto(base + course.url)
    page.get_by_role("link", name="Lanjutkan belajar").click()
    assert page.get_by_role("heading", level=1).inner_text() == lessons[1].title

    for _lesson in lessons[1:-1]:
        page.get_by_role("button", name="Tandai selesai dan lanjut").click()
    # The last lesson holds the post-test: the course completes only when it is passed.
    assert page.get_by_role("heading", level=1).inner_text() == lessons[-1].title
    assert page.get_by_role("link", name="Buka kuis").is_visible()
    save_screenshot(page, "journey-post-test-lesson")
    page.get_by_role("button", name="Tandai selesai dan lanjut").click()
    # Every lesson done: the final test opens (the course completes only when it is passed).
    assert page.get_by_text("Langkah terakhir: kerjakan tes akhir").is_visible()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Tes akhir")


def test_lesson_text_visible_within_3_seconds_on_slow_3g(live_server, browser):
    from courses.services import enrollment_create
    from lms.core.seeding import seed_demo
    from lms.users.models import User

    seed_demo()
    course = CoursePage.objects.get(title=COURSE_TITLE)
    enrollment_create(user=User.objects.get(username=LEARNER[0]), course=course)
    lesson = LessonPage.objects.live().descendant_of(course).order_by("path").first()
    context = browser.new_context(locale="id-ID", viewport={"width": 360, "height": 740})
    page = context.new_page()
    try:
        log_in(page, live_server.url)
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send(
            "Network.emulateNetworkConditions",
            {"offline": False, "latency": 400, "downloadThroughput": 400_000 / 8,
             "uploadThroughput": 400_000 / 8},
        )  # fmt: skip
        started = time.monotonic()
        page.goto(live_server.url + lesson.url, wait_until="commit")
        page.locator(".lesson-body p").first.wait_for(state="visible", timeout=10_000)
        elapsed = time.monotonic() - started
        save_screenshot(page, "journey-lesson-slow-3g")
        assert elapsed <= 3.0, f"lesson text took {elapsed:.2f} s on slow 3G"
    finally:
        context.close()
