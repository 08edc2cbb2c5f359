"""The pre-test as a diagnostic (issue 13, item 4): offered at the top of the course, before
the lessons, worded as "not graded" everywhere a learner meets it (no pass mark, no pass/fail
verdict), never showing its key, and one attempt unless the trainer sets another limit."""

import pytest
from django.test import Client
from django.urls import reverse

from assessments.models import ReviewPolicy
from assessments.selectors import quiz_landing, review_allowed
from assessments.services import attempt_start, attempt_submit
from courses.models import LessonPage
from courses.selectors import course_lessons
from courses.services import enrollment_create
from lms.core.errors import ApplicationError
from tests.factories.assessments import correct_answers, make_quiz
from tests.factories.courses import add_quiz, build_course
from tests.factories.people import EmployeeFactory, OPDFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner():
    opd = OPDFactory(code="2.16", name="Diskominfo")
    return EmployeeFactory(nip="198703152010012003", name="Siti Rahmawati", opd=opd).user


def setup_course(learner, **pre_fields):
    """A course whose first lesson holds a pre-test placed after the lesson text (as a trainer
    might), and whose last lesson holds the post-test."""
    course = build_course(modules=2, lessons=1, title="Dasar-dasar SPBE")
    first, last = course_lessons(course)
    pre = make_quiz(
        banks=(("SP.01", 2, 4, 3),), kind="pre", title="Tes awal SPBE",
        review_policy=pre_fields.pop("review_policy", ReviewPolicy.IMMEDIATELY), **pre_fields,
    )  # fmt: skip
    post = make_quiz(banks=(("SP.01", 2, 4, 3),), title="Tes akhir SPBE", max_attempts=3)
    add_quiz(first, pre, required=False)
    add_quiz(last, post, required=True)
    enrollment_create(user=learner, course=course)
    return course, LessonPage.objects.get(pk=first.pk), pre, post


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def landing_url(quiz, lesson) -> str:
    return f"{reverse('assessments:quiz', args=[quiz.pk])}?halaman={lesson.pk}"


def take(user, quiz, lesson, *, right=True):
    attempt = attempt_start(user=user, quiz=quiz, page_id=lesson.pk)
    return attempt_submit(
        attempt=attempt, user=user, answers=correct_answers(attempt) if right else {}
    )


# --- Where it is offered -----------------------------------------------------------------------


def test_the_course_page_offers_the_pre_test_before_the_lessons(learner):
    course, first, pre, _post = setup_course(learner)
    html = client_of(learner).get(course.url).content.decode()
    assert "Tes awal (tidak dinilai)" in html
    assert html.index(landing_url(pre, first)) < html.index(first.title)
    assert "Kerjakan tes awal" in html


def test_the_course_page_shows_the_pre_test_as_done_without_a_verdict(learner):
    course, first, pre, _post = setup_course(learner)
    take(learner, pre, first, right=False)
    html = client_of(learner).get(course.url).content.decode()
    assert "Tes awal sudah dikerjakan" in html
    assert "Belum lulus" not in html and "Lulus" not in html


def test_the_lesson_shows_the_pre_test_before_its_text(learner):
    _course, first, _pre, _post = setup_course(learner)
    html = client_of(learner).get(first.url).content.decode()
    body = html.split('class="lesson-body"', 1)[1]
    assert body.index("Tes awal (tidak dinilai)") < body.index("Isi pelajaran tentang SPBE")
    assert "wajib lulus" not in body.split("Isi pelajaran tentang SPBE", 1)[0]


def test_once_taken_the_lesson_says_so_instead_of_offering_it_again(learner):
    _course, first, pre, _post = setup_course(learner)
    take(learner, pre, first, right=False)
    body = client_of(learner).get(first.url).content.decode().split('class="lesson-body"', 1)[1]
    assert "Sudah dikerjakan: nilai Anda 0%" in body
    assert "Kerjakan tes awal" not in body
    assert "Belum lulus" not in body


def test_the_quiz_landing_has_no_pass_mark(learner):
    _course, first, pre, _post = setup_course(learner)
    html = client_of(learner).get(landing_url(pre, first)).content.decode()
    assert "Nilai lulus" not in html
    assert "tidak dinilai" in html
    assert "tidak memengaruhi kelulusan kursus" in html
    assert "1 kali" in html


# --- Its result --------------------------------------------------------------------------------


@pytest.mark.parametrize("right", [True, False])
def test_the_result_has_no_verdict_no_pass_mark_and_no_key(learner, right):
    _course, first, pre, _post = setup_course(learner, review_policy=ReviewPolicy.IMMEDIATELY)
    attempt = take(learner, pre, first, right=right)
    response = client_of(learner).get(reverse("assessments:result", args=[attempt.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    main = html.split('<main id="main"', 1)[1]
    for exam_word in ("Belum lulus", "Lulus", "batas lulus", "quiz-failed", "quiz-passed"):
        assert exam_word not in main, exam_word
    assert "Hasil tes awal" in main and "tidak dinilai" in main
    # No key, no feedback, no explanation, whatever the review policy says.
    for leaked in (">Kunci<", "Keterpaduan</span>", "Perpres 95/2018", "Benar.", "quiz-key"):
        assert leaked not in main, leaked
    assert not review_allowed(attempt, attempt.finished_at)
    assert "Mulai belajar" in main and first.url in main


def test_the_landing_history_shows_no_verdict(learner):
    _course, first, pre, _post = setup_course(learner)
    take(learner, pre, first, right=False)
    html = client_of(learner).get(landing_url(pre, first)).content.decode()
    history = html.split('id="history-title"', 1)[1]
    assert "Belum lulus" not in history and "Lulus" not in history


def test_the_post_test_keeps_its_verdict(learner):
    course, _first, _pre, post = setup_course(learner)
    last = course_lessons(course)[-1]
    attempt = take(learner, post, last, right=False)
    html = client_of(learner).get(reverse("assessments:result", args=[attempt.pk])).content
    assert "Belum lulus" in html.decode() and "batas lulus 70%" in html.decode()


# --- Attempt limits ----------------------------------------------------------------------------


def test_a_pre_test_without_a_limit_is_taken_once(learner):
    _course, first, pre, _post = setup_course(learner, max_attempts=None)
    take(learner, pre, first, right=False)
    with pytest.raises(ApplicationError) as error:
        attempt_start(user=learner, quiz=pre, page_id=first.pk)
    assert error.value.code == "no_attempts_left"
    landing = quiz_landing(pre, learner)
    assert landing.left == 0 and not landing.can_start
    visitor = client_of(learner)
    page = visitor.get(landing_url(pre, first)).content.decode()
    assert "Mulai" not in page.split('id="start-title"', 1)[1].split("</section>", 1)[0]
    # Posting the start form anyway (a stale page, a script) starts nothing.
    response = visitor.post(
        reverse("assessments:quiz", args=[pre.pk]), {"halaman": first.pk}, follow=True
    )
    assert "Kesempatan mengerjakan kuis ini sudah habis (1 kali)." in response.content.decode()
    assert pre.attempts.count() == 1


def test_a_trainer_may_allow_more_attempts_of_a_pre_test(learner):
    _course, first, pre, _post = setup_course(learner, max_attempts=2)
    take(learner, pre, first)
    take(learner, pre, first)
    with pytest.raises(ApplicationError):
        attempt_start(user=learner, quiz=pre, page_id=first.pk)
    assert pre.attempts.count() == 2


def test_an_unfinished_pre_test_is_resumed_not_started_twice(learner):
    _course, first, pre, _post = setup_course(learner)
    started = attempt_start(user=learner, quiz=pre, page_id=first.pk)
    assert attempt_start(user=learner, quiz=pre, page_id=first.pk) == started
    assert pre.attempts.count() == 1


def test_practice_quizzes_keep_unlimited_attempts_when_left_empty(learner):
    course = build_course(modules=1, lessons=1)
    (lesson,) = course_lessons(course)
    practice = make_quiz(banks=(("SP.01", 2, 3, 2),), kind="practice", title="Latihan")
    add_quiz(lesson, practice, required=False)
    enrollment_create(user=learner, course=course)
    for _ in range(3):
        take(learner, practice, lesson)
    assert practice.attempts.count() == 3
