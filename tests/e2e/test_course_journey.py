"""The learner's course journey on a phone (issue 13, items 3-5), on the demo data: the
pre-test first, worded as a diagnostic and without its key; the lessons, with a withdrawal
that asks first and a re-enrolment that resumes where she was; the last lesson leading to the
post-test; its pass leading to the completion page with the JP the ledger recorded, the
certificate and a next course."""

import re

import pytest

from courses.models import CoursePage, Enrollment, LessonPage
from tests.e2e.conftest import save_screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
LEARNER = ("198703152010012003", "Peserta-Belajar-2026")
# LD-101: the demo learner has completed SPBE-101 already (certificates/demo.py).
COURSE_TITLE = "Literasi dan Keamanan Digital untuk ASN"
NEXT_TITLE = "Keamanan Informasi Lanjutan untuk ASN"
ATTEMPT_URL = re.compile(r"/kuis/percobaan/\d+/$")
RESULT_URL = re.compile(r"/kuis/percobaan/\d+/hasil/$")


def log_in(page, base):
    page.goto(f"{base}/akun/masuk/")
    page.get_by_label("NIP atau e-mail").fill(LEARNER[0])
    page.get_by_label("Kata sandi").fill(LEARNER[1])
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{base}/belajar/dasbor/")


def answer_everything_right(page, attempt) -> None:
    """Fills the attempt form with the key of every question, whatever its type."""
    from assessments.models import QuestionVersion

    versions = QuestionVersion.objects.select_related("question").in_bulk(
        [item["v"] for item in attempt.layout]
    )
    for position, item in enumerate(attempt.layout):
        version = versions[item["v"]]
        data, kind = version.data, version.question.type
        field = page.locator(f'fieldset[data-position="{position}"]')
        if kind in ("single", "multiple", "true_false"):
            for choice in data["choices"]:
                if choice["correct"]:
                    field.locator(f'input[value="{choice["id"]}"]').check()
        elif kind == "short":
            field.locator("input[type=text]").fill(data["accepted"][0])
        elif kind == "numeric":
            field.locator("input[type=text]").fill(str(data["answer"]).replace(".", ","))
        elif kind == "matching":
            for pair in data["pairs"]:
                field.locator(f'select[name="q{position}-{pair["id"]}"]').select_option(
                    value=pair["answer"]
                )
        else:  # pragma: no cover - a new question type needs a line here
            raise AssertionError(f"unknown question type {kind}")


def take_quiz(page, learner, quiz_title: str):
    from assessments.models import Attempt

    page.wait_for_url(ATTEMPT_URL)
    attempt = Attempt.objects.get(user=learner, quiz__title=quiz_title, state="in_progress")
    answer_everything_right(page, attempt)
    page.get_by_role("button", name="Kumpulkan jawaban").click()
    page.wait_for_url(RESULT_URL)
    return attempt


def test_pre_test_lessons_withdraw_resume_post_test_and_completion(live_server, page, axe):
    from lms.core.seeding import seed_demo
    from lms.users.models import User
    from tests.factories.courses import build_course

    seed_demo()
    base = live_server.url
    course = CoursePage.objects.get(title=COURSE_TITLE)
    lessons = list(LessonPage.objects.live().descendant_of(course).order_by("path"))
    follow_up = build_course(
        modules=1, lessons=1, targets=(("LD.07", 3),), title=NEXT_TITLE, code="LD-201"
    )
    learner = User.objects.get(username=LEARNER[0])
    pre_title = f"Tes awal {COURSE_TITLE}"
    post_title = f"Tes akhir {COURSE_TITLE}"
    log_in(page, base)

    # Enrol: the pre-test is offered above the lessons, as a diagnostic.
    page.goto(base + course.url)
    page.get_by_role("button", name="Daftar dan mulai belajar").click()
    pre_card = page.locator("section.course-step-pre")
    assert pre_card.get_by_role("heading", name="Tes awal (tidak dinilai)").is_visible()
    assert "tidak memengaruhi kelulusan" in pre_card.inner_text()
    outline = page.locator("ol.outline")
    assert pre_card.bounding_box()["y"] < outline.bounding_box()["y"]
    save_screenshot(page, "course-journey-1-course-with-pre-test")
    violations = axe()
    assert not violations, [(v["id"], v["help"], v["nodes"][:2]) for v in violations]

    # The pre-test: no pass mark, no verdict, no key.
    pre_card.get_by_role("link", name="Kerjakan tes awal").click()
    landing = page.locator("main").inner_text()
    assert "Nilai lulus" not in landing and "tidak dinilai" in landing and "1 kali" in landing
    save_screenshot(page, "course-journey-2-pre-test-landing")
    page.get_by_role("button", name="Mulai tes awal").click()
    take_quiz(page, learner, pre_title)
    result = page.locator("main").inner_text()
    assert page.get_by_role("heading", level=1).inner_text() == "Hasil tes awal"
    for exam_word in ("Lulus", "Belum lulus", "batas lulus"):
        assert exam_word not in result, exam_word
    assert page.locator(".quiz-key, .quiz-review").count() == 0
    assert "Kunci jawaban tes awal tidak ditampilkan" in result
    save_screenshot(page, "course-journey-3-pre-test-result")
    violations = axe()
    assert not violations, [(v["id"], v["help"], v["nodes"][:2]) for v in violations]

    # Lessons: the first one, then on to the second.
    page.get_by_role("link", name="Mulai belajar").click()
    assert page.get_by_role("heading", level=1).inner_text() == lessons[0].title
    # The pre-test sits first in the lesson it was placed in (at its end, in the demo).
    first_block = page.locator(".lesson-body > section").first
    assert "Tes awal (tidak dinilai)" in first_block.inner_text()
    assert "Sudah dikerjakan" in first_block.inner_text()
    save_screenshot(page, "course-journey-3b-first-lesson")
    page.get_by_role("button", name="Tandai selesai dan lanjut").click()
    assert page.get_by_role("heading", level=1).inner_text() == lessons[1].title

    # Withdraw: a link at the foot of the course page, then a confirmation page.
    page.goto(base + course.url)
    status = page.locator("section[aria-labelledby='status-title']")
    assert status.get_by_role("link", name="Lanjutkan belajar").is_visible()
    assert status.get_by_text("Berhenti mengikuti kursus").count() == 0
    assert page.get_by_text("Keluar dari kursus").count() == 0
    save_screenshot(page, "course-journey-4-course-in-progress")
    page.get_by_role("link", name="Berhenti mengikuti kursus").click()
    assert page.get_by_role("heading", name="Berhenti mengikuti kursus?").is_visible()
    assert page.get_by_text("Kemajuan Anda tetap tersimpan").first.is_visible()
    assert page.get_by_text("1 dari").first.is_visible()
    save_screenshot(page, "course-journey-5-withdraw-confirm")
    page.set_viewport_size({"width": 1280, "height": 900})
    save_screenshot(page, "course-journey-5-withdraw-confirm-desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    violations = axe()
    assert not violations, [(v["id"], v["help"], v["nodes"][:2]) for v in violations]
    page.get_by_role("button", name="Ya, berhenti mengikuti kursus").click()
    page.wait_for_url(base + course.url)
    assert page.get_by_text("Anda berhenti mengikuti kursus ini").is_visible()
    assert Enrollment.objects.get(user=learner, course=course).status == "withdrawn"
    save_screenshot(page, "course-journey-6-withdrawn")

    # Re-enrol: back at the lesson she had open, the first lesson still done.
    page.get_by_role("button", name="Daftar lagi dan lanjutkan").click()
    assert page.get_by_role("heading", level=1).inner_text() == lessons[1].title
    assert page.get_by_text("Kemajuan Anda sebelumnya tetap tersimpan").is_visible()
    assert Enrollment.objects.filter(user=learner, course=course).count() == 1
    for _lesson in lessons[1:-1]:
        page.get_by_role("button", name="Tandai selesai dan lanjut").click()

    # The last lesson leads to the post-test.
    assert page.get_by_role("heading", level=1).inner_text() == lessons[-1].title
    next_step = page.locator(".lesson-next-step")
    assert next_step.get_by_role("link", name="Kerjakan tes akhir").is_visible()
    save_screenshot(page, "course-journey-7-last-lesson")
    page.get_by_role("button", name="Tandai selesai dan lanjut").click()
    assert page.get_by_text("Langkah terakhir: kerjakan tes akhir").is_visible()
    assert page.get_by_role("heading", level=1).inner_text() == post_title
    page.get_by_role("button", name="Mulai mengerjakan").click()
    take_quiz(page, learner, post_title)

    # Its pass completes the course: the result says so and leads to the completion page.
    done = page.locator("section.course-done")
    assert done.get_by_role("heading", name="Kursus selesai · 4 JP tercatat").is_visible()
    save_screenshot(page, "course-journey-8-post-test-result")
    done.get_by_role("link", name="Lihat sertifikat dan kursus berikutnya").click()
    page.wait_for_url(f"{base}/belajar/kursus/{course.pk}/selesai/")
    assert page.get_by_role("heading", level=1).inner_text() == "Kursus selesai · 4 JP tercatat"
    assert page.get_by_role("link", name="Unduh sertifikat (PDF)").is_visible()
    assert page.get_by_role("link", name=NEXT_TITLE).first.is_visible()
    assert page.get_by_role("link", name=NEXT_TITLE).first.get_attribute("href") == follow_up.url
    save_screenshot(page, "course-journey-9-completion-phone")
    violations = axe()
    assert not violations, [(v["id"], v["help"], v["nodes"][:2]) for v in violations]
    page.set_viewport_size({"width": 1280, "height": 900})
    save_screenshot(page, "course-journey-9-completion-desktop")
    page.goto(base + course.url)
    save_screenshot(page, "course-journey-10-course-completed-desktop")
    assert page.get_by_role("link", name="Lihat ringkasan penyelesaian").is_visible()
