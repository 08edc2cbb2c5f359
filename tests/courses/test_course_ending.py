"""A course's ending (issue 13, item 5): the last lesson and the course page lead to the final
test, its result says the course is complete, and the completion page shows the JP as the
ledger recorded it, the certificate once issued, and a next course; nobody who has not
completed the course is told they did."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from assessments.services import attempt_start, attempt_submit
from courses.models import EnrollmentStatus
from courses.selectors import course_lessons, next_course_for
from courses.services import enrollment_create, lesson_complete
from lms.competencies.models import LearningRecord
from tests.factories.assessments import correct_answers, make_quiz
from tests.factories.courses import add_quiz, build_course
from tests.factories.people import EmployeeFactory, OPDFactory
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner():
    opd = OPDFactory(code="2.16", name="Diskominfo")
    return EmployeeFactory(nip="198703152010012003", name="Siti Rahmawati", opd=opd).user


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def completion_url(course) -> str:
    return reverse("courses:completion", args=[course.pk])


def quiz_url(quiz, lesson) -> str:
    return f"{reverse('assessments:quiz', args=[quiz.pk])}?halaman={lesson.pk}"


@pytest.fixture
def course_with_final_test():
    course = build_course(modules=1, lessons=2, jp=Decimal("4"), title="Dasar-dasar SPBE")
    last = course_lessons(course)[-1]
    quiz = make_quiz(banks=(("SP.01", 2, 3, 3),), title="Tes akhir SPBE", max_attempts=3)
    add_quiz(last, quiz, required=True)
    return course, quiz


def pass_final_test(user, quiz, lesson, django_capture_on_commit_callbacks, *, right=True):
    attempt = attempt_start(user=user, quiz=quiz, page_id=lesson.pk)
    with django_capture_on_commit_callbacks(execute=True):
        attempt_submit(
            attempt=attempt, user=user, answers=correct_answers(attempt) if right else {}
        )
    return attempt


# --- Towards the final test --------------------------------------------------------------------


def test_the_last_lesson_links_to_the_final_test(learner, course_with_final_test):
    course, quiz = course_with_final_test
    first, last = course_lessons(course)
    enrollment_create(user=learner, course=course)
    visitor = client_of(learner)
    html = visitor.get(last.url).content.decode()
    actions = html.split('class="lesson-actions"', 1)[1]
    assert "Kerjakan tes akhir" in actions and quiz_url(quiz, last) in actions
    # Only the last lesson points there; the first one points to the next lesson.
    assert (
        "Kerjakan tes akhir"
        not in visitor.get(first.url).content.decode().split('class="lesson-actions"', 1)[1]
    )


def test_finishing_the_last_lesson_opens_the_final_test(learner, course_with_final_test):
    course, quiz = course_with_final_test
    lessons = course_lessons(course)
    enrollment_create(user=learner, course=course)
    visitor = client_of(learner)
    visitor.post(reverse("courses:complete_lesson", args=[lessons[0].pk]))
    response = visitor.post(reverse("courses:complete_lesson", args=[lessons[1].pk]), follow=True)
    assert response.redirect_chain[-1][0] == quiz_url(quiz, lessons[1])
    assert "Langkah terakhir: kerjakan tes akhir" in response.content.decode()


def test_the_course_page_offers_the_final_test_once_the_lessons_are_done(
    learner, course_with_final_test
):
    course, quiz = course_with_final_test
    enrollment_create(user=learner, course=course)
    for lesson in course_lessons(course):
        lesson_complete(user=learner, lesson=lesson)
    html = client_of(learner).get(course.url).content.decode()
    status_card = html.split('id="status-title"', 1)[1].split("</section>", 1)[0]
    assert "Kerjakan tes akhir" in status_card
    assert quiz_url(quiz, course_lessons(course)[-1]) in status_card
    assert "Kursus selesai" not in html


def test_passing_the_final_test_says_the_course_is_complete(
    learner, course_with_final_test, django_capture_on_commit_callbacks
):
    course, quiz = course_with_final_test
    lessons = course_lessons(course)
    enrollment_create(user=learner, course=course)
    lesson_complete(user=learner, lesson=lessons[0])
    attempt = pass_final_test(learner, quiz, lessons[1], django_capture_on_commit_callbacks)
    assert learner.enrollments.get().status == EnrollmentStatus.COMPLETED
    html = client_of(learner).get(reverse("assessments:result", args=[attempt.pk])).content
    html = html.decode()
    assert "Kursus selesai · 4 JP tercatat" in html
    assert completion_url(course) in html


def test_a_failed_final_test_does_not_say_the_course_is_complete(
    learner, course_with_final_test, django_capture_on_commit_callbacks
):
    course, quiz = course_with_final_test
    lessons = course_lessons(course)
    enrollment_create(user=learner, course=course)
    lesson_complete(user=learner, lesson=lessons[0])
    attempt = pass_final_test(
        learner, quiz, lessons[1], django_capture_on_commit_callbacks, right=False
    )
    html = client_of(learner).get(reverse("assessments:result", args=[attempt.pk])).content
    assert "Kursus selesai" not in html.decode()
    assert completion_url(course) not in html.decode()


# --- The completion page -----------------------------------------------------------------------


def complete(user, course):
    enrollment_create(user=user, course=course)
    for lesson in course_lessons(course):
        enrollment = lesson_complete(user=user, lesson=lesson)
    assert enrollment.status == EnrollmentStatus.COMPLETED
    return enrollment


def test_finishing_the_last_lesson_of_a_course_without_test_shows_the_completion(learner):
    course = build_course(modules=1, lessons=1, jp=Decimal("2"))
    visitor = client_of(learner)
    visitor.post(reverse("courses:enroll", args=[course.pk]))
    response = visitor.post(
        reverse("courses:complete_lesson", args=[course_lessons(course)[0].pk]), follow=True
    )
    assert response.redirect_chain[-1][0] == completion_url(course)
    assert "Kursus selesai · 2 JP tercatat" in response.content.decode()


def test_the_completion_page_reads_the_jp_from_the_ledger(learner):
    course = build_course(modules=1, lessons=1, jp=Decimal("4"))
    enrollment = complete(learner, course)
    record = LearningRecord.objects.get(source_reference=f"enrollment:{enrollment.pk}")
    assert record.jp == Decimal("4")
    # The course's JP changes later: what was recorded for this learner is what the page says.
    course.jp = Decimal("6")
    course.save_revision().publish()
    html = client_of(learner).get(completion_url(course)).content.decode()
    assert "Kursus selesai · 4 JP tercatat" in html
    assert "6 JP" not in html
    assert "SP.01" in html  # the competency recorded with its level


def test_a_learner_who_has_not_completed_sees_no_false_completion(learner):
    course = build_course(modules=1, lessons=2)
    visitor = client_of(learner)
    # Never enrolled.
    response = visitor.get(completion_url(course), follow=True)
    assert response.redirect_chain[-1][0] == course.url
    assert "Kursus selesai" not in response.content.decode()
    # Enrolled, halfway.
    enrollment_create(user=learner, course=course)
    lesson_complete(user=learner, lesson=course_lessons(course)[0])
    response = visitor.get(completion_url(course), follow=True)
    assert response.redirect_chain[-1][0] == course.url
    html = response.content.decode()
    assert "Kursus selesai" not in html
    assert "Kursus ini belum selesai" in html


def test_another_learners_completion_is_not_shown(learner):
    course = build_course(modules=1, lessons=1)
    complete(learner, course)
    stranger = client_of(UserFactory())
    response = stranger.get(completion_url(course))
    assert response.status_code == 302 and response.url == course.url


def test_anonymous_and_unknown_courses(client, learner):
    course = build_course(modules=1, lessons=1)
    complete(learner, course)
    response = client.get(completion_url(course))
    assert response.status_code == 302 and response.url.startswith("/akun/masuk/")
    assert client_of(learner).get(reverse("courses:completion", args=[999999])).status_code == 404


def test_a_withdrawn_learner_sees_no_completion(learner):
    from courses.services import enrollment_withdraw

    course = build_course(modules=1, lessons=2)
    enrollment_withdraw(enrollment=enrollment_create(user=learner, course=course))
    response = client_of(learner).get(completion_url(course))
    assert response.status_code == 302 and response.url == course.url


def test_without_an_employee_record_no_jp_is_claimed():
    """A staff account without an employee record completes a course: no ledger line exists,
    so the page does not say that JP was recorded."""
    user = UserFactory()
    course = build_course(modules=1, lessons=1, jp=Decimal("4"))
    complete(user, course)
    html = client_of(user).get(completion_url(course)).content.decode()
    assert "Kursus selesai" in html
    assert "JP tercatat" not in html
    assert "tidak terhubung dengan data pegawai" in html


def test_the_completion_page_links_the_certificate_once_issued(
    learner, django_capture_on_commit_callbacks
):
    from tests.certificates.helpers import default_template

    default_template(background=False)
    course = build_course(modules=1, lessons=1)
    with django_capture_on_commit_callbacks(execute=True):
        complete(learner, course)
    certificate = learner.certificates.get()
    html = client_of(learner).get(completion_url(course)).content.decode()
    assert reverse("certificates:download", args=[certificate.pk]) in html
    assert certificate.number in html


def test_before_the_certificate_is_issued_the_page_says_it_is_coming(learner):
    from tests.certificates.helpers import without_automatic_issue

    course = build_course(modules=1, lessons=1)
    with without_automatic_issue():
        complete(learner, course)
    html = client_of(learner).get(completion_url(course)).content.decode()
    assert "Sertifikat sedang diterbitkan" in html


# --- The next course ---------------------------------------------------------------------------


def test_the_next_course_shares_a_competency_and_is_not_completed(learner):
    course = build_course(modules=1, lessons=1, targets=(("SP.01", 2), ("SP.02", 1)))
    done_before = build_course(modules=1, lessons=1, targets=(("SP.01", 3),), title="Sudah")
    complete(learner, done_before)
    unrelated = build_course(modules=1, lessons=1, targets=(("LD.07", 2),), title="Lain")
    hidden = build_course(modules=1, lessons=1, targets=(("SP.02", 2),), title="Draf")
    hidden.unpublish()
    follow_up = build_course(modules=1, lessons=1, targets=(("SP.02", 2),), title="Lanjutan")
    complete(learner, course)
    assert next_course_for(user=learner, course=course).course == follow_up
    html = client_of(learner).get(completion_url(course)).content.decode()
    assert "Kursus berikutnya" in html and "Lanjutan" in html
    assert follow_up.url in html
    assert unrelated.url not in html and hidden.url not in html and done_before.url not in html


def test_a_course_that_has_this_one_as_prerequisite_comes_first(learner):
    course = build_course(modules=1, lessons=1, targets=(("SP.01", 2),))
    sharing = build_course(modules=1, lessons=1, targets=(("SP.01", 3),), title="Berbagi")
    after = build_course(modules=1, lessons=1, targets=(("LD.07", 2),), title="Sesudahnya")
    after.prerequisite_courses.add(course)
    after.save_revision().publish()
    complete(learner, course)
    assert next_course_for(user=learner, course=course).course.pk == after.pk
    assert sharing.pk != after.pk


def test_with_nothing_to_recommend_the_catalogue_is_offered(learner):
    course = build_course(modules=1, lessons=1, targets=(("SP.01", 2),))
    complete(learner, course)
    assert next_course_for(user=learner, course=course) is None
    html = client_of(learner).get(completion_url(course)).content.decode()
    assert "Cari kursus lain di katalog" in html
    assert "Kursus berikutnya" not in html
