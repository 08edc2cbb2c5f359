"""Issue 8, hole 2: a quiz is taken only from a live lesson that holds it, of a course the
learner is enrolled in (or when the quiz is explicitly open, never a post-test). Tried over HTTP
(API and the HTML pages) as a stranger, a staff member, an enrolled learner in the wrong lesson,
and through the completion path; nothing may be created or counted."""

import pytest
from django.db import IntegrityError
from django.test import Client

from assessments.models import Attempt, Quiz
from assessments.services import attempt_start, attempt_submit
from courses.models import Enrollment, EnrollmentStatus, LessonPage, LessonProgress
from courses.selectors import course_lessons
from courses.services import enrollment_create, enrollment_withdraw, lesson_complete
from lms.competencies.models import CompetencyEvidence, LearningRecord
from lms.core.errors import ApplicationError
from lms.people.models import OPD, Employee, EmployeeType, OPDType
from lms.people.services import employee_save
from lms.users.roles import Role
from tests.factories.assessments import correct_answers, make_quiz
from tests.factories.courses import add_quiz, build_course

pytestmark = pytest.mark.django_db


def _employee_user(opd, nip, name, gender):
    employee = Employee(nip=nip, name=name, gender=gender, employee_type=EmployeeType.PNS, opd=opd)
    return employee_save(employee=employee).user


@pytest.fixture
def world(django_user_model):
    from django.contrib.auth.models import Group

    opd = OPD.objects.create(code="2.16", name="Diskominfo", type=OPDType.DINAS)
    learner = _employee_user(opd, "198703152010012003", "Siti", "P")
    stranger = _employee_user(opd, "198106212006041002", "Budi", "L")
    trainer = _employee_user(opd, "199002102015032001", "Rina", "P")
    trainer.groups.add(Group.objects.get(name=Role.PENGAJAR))
    course = build_course(modules=1, lessons=2)
    other_course = build_course(modules=1, lessons=1)
    post = make_quiz(title="Tes akhir", banks=(("SP.01", 2, 5, 4),))
    pre = make_quiz(title="Tes awal", kind="pre", banks=(("SP.01", 1, 5, 3),))
    first, last = course_lessons(course)
    for lesson, quiz, required in ((first, pre, False), (last, post, True)):
        add_quiz(lesson, quiz, required=required)
    # The same post-test also sits in another course the learner is enrolled in.
    (elsewhere,) = course_lessons(other_course)
    add_quiz(elsewhere, post)
    enrollment_create(user=learner, course=course)
    enrollment_create(user=learner, course=other_course)
    return {
        "learner": learner,
        "stranger": stranger,
        "trainer": trainer,
        "course": course,
        "other_course": other_course,
        "post": post,
        "pre": pre,
        "first": LessonPage.objects.get(pk=first.pk),
        "last": LessonPage.objects.get(pk=last.pk),
        "elsewhere": LessonPage.objects.get(pk=elsewhere.pk),
    }


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _api_start(client, quiz, page_id=None):
    body = {} if page_id is None else {"page_id": page_id}
    return client.post(f"/api/v1/quizzes/{quiz.pk}/attempts", body, content_type="application/json")


def _nothing_counted():
    assert not Attempt.objects.exists()
    assert not LessonProgress.objects.exists()
    assert not LearningRecord.objects.exists()


def test_stranger_cannot_start_a_quiz_through_the_api(world):
    client = _client(world["stranger"])
    for page_id in (None, world["last"].pk, world["first"].pk, 999999):
        response = _api_start(client, world["post"], page_id)
        assert response.status_code == 404, page_id
        assert response.json()["detail"]
    _nothing_counted()


def test_stranger_cannot_open_or_start_the_quiz_page(world):
    client = _client(world["stranger"])
    post = world["post"]
    for url in (f"/kuis/{post.pk}/", f"/kuis/{post.pk}/?halaman={world['last'].pk}"):
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    assert client.post(f"/kuis/{post.pk}/", {"halaman": world["last"].pk}).status_code == 404
    _nothing_counted()


def test_staff_are_not_exempt(world, django_user_model):
    """A trainer (admin access) and a superuser not enrolled: 404 like anyone."""
    boss = django_user_model.objects.create_superuser(username="root@contoh.go.id")
    for user in (world["trainer"], boss):
        client = _client(user)
        assert _api_start(client, world["post"], world["last"].pk).status_code == 404
        assert client.get(f"/kuis/{world['post'].pk}/?halaman={world['last'].pk}").status_code == (
            404
        )
    _nothing_counted()


def test_enrolled_learner_needs_a_lesson_that_holds_the_quiz(world):
    client = _client(world["learner"])
    post = world["post"]
    assert _api_start(client, post).status_code == 404  # no lesson
    assert _api_start(client, post, world["first"].pk).status_code == 404  # not in that lesson
    assert client.get(f"/kuis/{post.pk}/").status_code == 404
    assert client.get(f"/kuis/{post.pk}/?halaman={world['first'].pk}").status_code == 404
    assert not Attempt.objects.exists()
    response = _api_start(client, post, world["last"].pk)
    assert response.status_code == 200
    assert Attempt.objects.get().page_id == world["last"].pk
    assert client.get(f"/kuis/{post.pk}/?halaman={world['last'].pk}").status_code == 200


def test_a_draft_lesson_holds_no_quiz(world):
    world["last"].unpublish()
    client = _client(world["learner"])
    assert _api_start(client, world["post"], world["last"].pk).status_code == 404
    assert not Attempt.objects.exists()


def test_withdrawn_learner_loses_access(world):
    learner, course = world["learner"], world["course"]
    enrollment_withdraw(enrollment=Enrollment.objects.get(user=learner, course=course))
    assert _api_start(_client(learner), world["post"], world["last"].pk).status_code == 404


def test_service_applies_the_same_rule(world):
    with pytest.raises(ApplicationError) as refused:
        attempt_start(user=world["stranger"], quiz=world["post"], page_id=world["last"].pk)
    assert refused.value.code == "not_found"
    with pytest.raises(ApplicationError):
        attempt_start(user=world["learner"], quiz=world["post"])
    _nothing_counted()


def test_an_open_quiz_is_taken_without_a_course_and_completes_nothing(
    world, django_capture_on_commit_callbacks
):
    placement = make_quiz(title="Tes penempatan", kind="placement", open_access=True)
    client = _client(world["stranger"])
    response = _api_start(client, placement)
    assert response.status_code == 200
    attempt = Attempt.objects.get(pk=response.json()["id"])
    assert attempt.page_id is None
    with django_capture_on_commit_callbacks(execute=True):
        attempt_submit(attempt=attempt, user=world["stranger"], answers=correct_answers(attempt))
    assert not LessonProgress.objects.exists()


def test_a_post_test_cannot_be_opened_without_a_course(world):
    with pytest.raises(IntegrityError):
        Quiz.objects.filter(pk=world["post"].pk).update(open_access=True)


def test_lesson_complete_calls_do_not_finish_a_course_without_its_post_test(
    world, django_capture_on_commit_callbacks
):
    """Marking every lesson done never completes the course, and a post-test passed in another
    course's lesson does not count for this one."""
    learner = world["learner"]
    client = _client(learner)
    for lesson in (world["first"], world["last"]):
        assert client.post(f"/api/v1/lessons/{lesson.pk}/complete").status_code == 200
    attempt = attempt_start(user=learner, quiz=world["post"], page_id=world["elsewhere"].pk)
    with django_capture_on_commit_callbacks(execute=True):  # the lesson completes after commit
        attempt_submit(attempt=attempt, user=learner, answers=correct_answers(attempt))
    assert Enrollment.objects.get(user=learner, course=world["other_course"]).status == (
        EnrollmentStatus.COMPLETED
    )
    enrollment = lesson_complete(user=learner, lesson=world["last"])
    assert enrollment.status == EnrollmentStatus.ACTIVE
    assert LearningRecord.objects.filter(employee__user=learner).count() == 1  # the other course
    attempt = attempt_start(user=learner, quiz=world["post"], page_id=world["last"].pk)
    with django_capture_on_commit_callbacks(execute=True):  # the lesson completes after commit
        attempt_submit(attempt=attempt, user=learner, answers=correct_answers(attempt))
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.COMPLETED
    assert CompetencyEvidence.objects.filter(employee__user=learner).exists()
