"""Quizzes inside lessons: a required post-test gates completion; passing it completes the
lesson it sits in (and the course)."""

import pytest
from django.test import Client

from assessments.services import attempt_start, attempt_submit
from courses.models import EnrollmentStatus, LessonPage, LessonProgress
from courses.selectors import course_lessons
from courses.services import enrollment_create, lesson_complete
from lms.competencies.models import LearningRecord
from lms.people.models import OPD, Employee, EmployeeType, OPDType
from lms.people.services import employee_save
from tests.factories.assessments import correct_answers, make_quiz
from tests.factories.courses import add_quiz, build_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    opd = OPD.objects.create(code="2.16", name="Diskominfo", type=OPDType.DINAS)
    user = employee_save(
        employee=Employee(
            nip="198703152010012003",
            name="Siti",
            gender="P",
            employee_type=EmployeeType.PNS,
            opd=opd,
        )
    ).user
    course = build_course(modules=1, lessons=2)
    post = make_quiz(title="Tes akhir", banks=(("SP.01", 2, 5, 4),))
    pre = make_quiz(title="Tes awal", kind="pre", banks=(("SP.01", 1, 5, 3),))
    first, last = course_lessons(course)
    for lesson, quiz, required in ((first, pre, False), (last, post, True)):
        add_quiz(lesson, quiz, required=required)
    enrollment_create(user=user, course=course)
    return {
        "user": user,
        "course": course,
        "pre": pre,
        "post": post,
        "first": LessonPage.objects.get(pk=first.pk),
        "last": LessonPage.objects.get(pk=last.pk),
    }


def test_course_waits_for_the_required_post_test(setup, django_capture_on_commit_callbacks):
    user = setup["user"]
    lesson_complete(user=user, lesson=setup["first"])
    enrollment = lesson_complete(user=user, lesson=setup["last"])
    assert enrollment.status == EnrollmentStatus.ACTIVE  # lessons done, post-test not passed
    attempt = attempt_start(user=user, quiz=setup["post"], page_id=setup["last"].pk)
    with django_capture_on_commit_callbacks(execute=True):  # the lesson completes after commit
        attempt_submit(attempt=attempt, user=user, answers=correct_answers(attempt))
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.COMPLETED
    assert LearningRecord.objects.filter(employee__user=user).count() == 1


def test_passing_the_quiz_completes_its_lesson(setup, django_capture_on_commit_callbacks):
    user = setup["user"]
    attempt = attempt_start(user=user, quiz=setup["post"], page_id=setup["last"].pk)
    with django_capture_on_commit_callbacks(execute=True):
        attempt_submit(attempt=attempt, user=user, answers=correct_answers(attempt))
    assert LessonProgress.objects.filter(lesson=setup["last"]).exists()


def test_passing_the_pre_test_does_not_complete_its_lesson(
    setup, django_capture_on_commit_callbacks
):
    """A pre-test is a diagnostic taken before the lesson is read (issue 13): knowing the
    answers does not mark the lesson read."""
    user = setup["user"]
    attempt = attempt_start(user=user, quiz=setup["pre"], page_id=setup["first"].pk)
    with django_capture_on_commit_callbacks(execute=True):
        attempt = attempt_submit(attempt=attempt, user=user, answers=correct_answers(attempt))
    assert attempt.passed
    assert not LessonProgress.objects.filter(lesson=setup["first"]).exists()


def test_the_lesson_completes_after_commit_and_once_however_often_the_event_comes(
    setup, django_capture_on_commit_callbacks
):
    from assessments.models import Attempt
    from courses.receivers import complete_lesson_of_passed_quiz

    user = setup["user"]
    lesson_complete(user=user, lesson=setup["first"])
    attempt = attempt_start(user=user, quiz=setup["post"], page_id=setup["last"].pk)
    with django_capture_on_commit_callbacks() as callbacks:
        attempt = attempt_submit(attempt=attempt, user=user, answers=correct_answers(attempt))
    assert not LessonProgress.objects.filter(lesson=setup["last"]).exists()  # not before commit
    for callback in callbacks:  # the commit
        callback()
    complete_lesson_of_passed_quiz(sender=Attempt, attempt=attempt)  # a repeated event
    assert LessonProgress.objects.filter(lesson=setup["last"]).count() == 1
    assert LearningRecord.objects.filter(employee__user=user).count() == 1


def test_failing_the_quiz_completes_nothing(setup, django_capture_on_commit_callbacks):
    user = setup["user"]
    attempt = attempt_start(user=user, quiz=setup["post"], page_id=setup["last"].pk)
    with django_capture_on_commit_callbacks(execute=True):
        attempt_submit(attempt=attempt, user=user, answers={})
    assert not LessonProgress.objects.exists()


def test_quiz_taken_outside_an_enrollment_is_refused(setup, django_user_model):
    from lms.core.errors import ApplicationError

    stranger = django_user_model.objects.create_user(username="tamu@contoh.go.id")
    with pytest.raises(ApplicationError):
        attempt_start(user=stranger, quiz=setup["post"], page_id=setup["last"].pk)
    assert not LessonProgress.objects.exists()


def test_api_lists_the_quizzes_of_each_lesson(setup):
    client = Client()
    client.force_login(setup["user"])
    detail = client.get(f"/api/v1/courses/{setup['course'].pk}").json()
    quizzes = [lesson["quizzes"] for module in detail["modules"] for lesson in module["lessons"]]
    assert quizzes == [
        [{"id": setup["pre"].pk, "kind": "pre", "required": False}],
        [{"id": setup["post"].pk, "kind": "post", "required": True}],
    ]


def test_quiz_from_a_lesson_needs_the_enrollment_and_the_quiz_in_that_lesson(
    setup, django_user_model
):
    from assessments.selectors import quiz_access_allowed

    user, post, pre = setup["user"], setup["post"], setup["pre"]
    assert quiz_access_allowed(user, post, setup["last"].pk)
    assert not quiz_access_allowed(user, post, setup["first"].pk)  # the post-test is not there
    assert not quiz_access_allowed(user, pre, 999999)
    stranger = django_user_model.objects.create_user(username="tamu@contoh.go.id")
    assert not quiz_access_allowed(stranger, post, setup["last"].pk)
    client = Client()
    client.force_login(stranger)
    response = client.post(
        f"/api/v1/quizzes/{post.pk}/attempts",
        {"page_id": setup["last"].pk},
        content_type="application/json",
    )
    assert response.status_code == 404


def test_malformed_api_body_is_400(setup):
    client = Client()
    client.force_login(setup["user"])
    response = client.post(
        f"/api/v1/quizzes/{setup['post'].pk}/attempts",
        {"page_id": "satu"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "Data yang dikirim tidak valid."
