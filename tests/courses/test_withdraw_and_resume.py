"""Withdrawing from a course (issue 13, item 3): a confirmation page that works without
JavaScript, a POST-only action that refuses strangers and survives a double submit, and a
later re-enrolment or assignment that resumes where the learner was (progress and attempts
kept), written by ``courses.services.enrollment_create``."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from assessments.services import attempt_start, attempt_submit
from courses.models import (
    Assignment,
    AssignmentTarget,
    Enrollment,
    EnrollmentStatus,
    LessonProgress,
)
from courses.selectors import course_lessons
from courses.services import (
    assignment_apply,
    enrollment_create,
    enrollment_withdraw,
    lesson_complete,
)
from lms.core.errors import ApplicationError
from lms.people.models import OPD, Employee, EmployeeType, OPDType
from lms.people.services import employee_save
from lms.users.roles import Role
from tests.admin.conftest import make_user
from tests.factories.assessments import make_quiz
from tests.factories.courses import add_quiz, build_course

pytestmark = pytest.mark.django_db


def _employee_user(nip: str, name: str):
    opd = OPD.objects.get_or_create(
        code="2.16", defaults={"name": "Diskominfo", "type": OPDType.DINAS}
    )[0]
    return employee_save(
        employee=Employee(nip=nip, name=name, gender="P", employee_type=EmployeeType.PNS, opd=opd)
    ).user


@pytest.fixture
def learner():
    return _employee_user("198703152010012003", "Siti Rahmawati")


@pytest.fixture
def other_learner():
    return _employee_user("199001012015032001", "Dewi Lestari")


@pytest.fixture
def course():
    return build_course(modules=2, lessons=2)


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def confirm_url(course) -> str:
    return reverse("courses:withdraw_confirm", args=[course.pk])


def withdraw_url(course) -> str:
    return reverse("courses:withdraw", args=[course.pk])


def status_of(user, course) -> list[str]:
    return list(
        Enrollment.objects.filter(user=user, course=course)
        .order_by("pk")
        .values_list("status", flat=True)
    )


# --- The course page and the confirmation page -------------------------------------------------


def test_the_course_page_separates_withdrawing_from_learning(learner, course):
    enrollment_create(user=learner, course=course)
    html = client_of(learner).get(course.url).content.decode()
    assert "Keluar dari kursus" not in html
    status_card = html.split('id="status-title"', 1)[1].split("</section>", 1)[0]
    assert "Lanjutkan belajar" in status_card
    assert confirm_url(course) not in status_card  # not right under "Lanjutkan belajar"
    assert f'href="{confirm_url(course)}"' in html
    assert "Berhenti mengikuti kursus" in html
    # The course page offers a link to a confirmation, never a one-tap form.
    assert f'action="{withdraw_url(course)}"' not in html


def test_the_confirmation_page_explains_that_progress_is_kept(learner, course):
    enrollment = enrollment_create(user=learner, course=course)
    lesson_complete(user=learner, lesson=course_lessons(course)[0])
    response = client_of(learner).get(confirm_url(course))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Berhenti mengikuti kursus?" in html
    assert "Kemajuan Anda tetap tersimpan" in html
    assert "1 dari 4 pelajaran wajib selesai" in html
    assert f'action="{withdraw_url(course)}"' in html and 'method="post"' in html
    assert "csrfmiddlewaretoken" in html
    assert "Keluar" not in html.split('<main id="main"', 1)[1]
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.ACTIVE  # GET writes nothing


def test_confirming_withdraws_and_says_progress_is_kept(learner, course):
    enrollment = enrollment_create(user=learner, course=course)
    response = client_of(learner).post(withdraw_url(course), follow=True)
    assert response.redirect_chain[-1][0] == course.url
    html = response.content.decode()
    assert "Anda berhenti mengikuti kursus ini" in html
    assert "Kemajuan Anda tetap tersimpan" in html
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.WITHDRAWN and enrollment.withdrawn_at


# --- Bad and hostile input ---------------------------------------------------------------------


def test_get_on_the_post_only_endpoint_goes_back_to_the_confirmation_and_changes_nothing(
    learner, course
):
    """After an expired session the login returns by GET: back to the question, asked again
    (lms.core.session_expiry.post_action), never a bare 405."""
    enrollment_create(user=learner, course=course)
    response = client_of(learner).get(withdraw_url(course))
    assert response.status_code == 302 and response.url == confirm_url(course)
    assert client_of(learner).put(withdraw_url(course)).status_code == 405
    assert status_of(learner, course) == ["active"]


def test_another_learner_cannot_withdraw_someone_elses_enrollment(learner, other_learner, course):
    enrollment_create(user=learner, course=course)
    intruder = client_of(other_learner)
    assert intruder.post(withdraw_url(course)).status_code == 404
    confirm = intruder.get(confirm_url(course))
    assert confirm.status_code == 302 and confirm.url == course.url
    assert status_of(learner, course) == ["active"]
    assert status_of(other_learner, course) == []


def test_a_stranger_is_sent_to_the_login_and_nothing_changes(client, learner, course):
    enrollment_create(user=learner, course=course)
    for response in (client.post(withdraw_url(course)), client.get(confirm_url(course))):
        assert response.status_code == 302 and response.url.startswith("/akun/masuk/")
    assert status_of(learner, course) == ["active"]


def test_a_course_not_joined_or_unknown_is_refused(learner, course):
    visitor = client_of(learner)
    assert visitor.post(withdraw_url(course)).status_code == 404
    response = visitor.get(confirm_url(course), follow=True)
    assert "Anda tidak sedang mengikuti kursus ini." in response.content.decode()
    assert visitor.post(reverse("courses:withdraw", args=[999999])).status_code == 404
    assert visitor.get(reverse("courses:withdraw_confirm", args=[999999])).status_code == 404
    assert not Enrollment.objects.exists()


def test_a_double_submit_withdraws_once_and_answers_kindly(learner, course):
    enrollment = enrollment_create(user=learner, course=course)
    visitor = client_of(learner)
    visitor.post(withdraw_url(course))
    enrollment.refresh_from_db()
    first_time = enrollment.withdrawn_at
    again = visitor.post(withdraw_url(course), follow=True)
    assert again.redirect_chain[-1][0] == course.url
    assert "Anda sudah berhenti mengikuti kursus ini." in again.content.decode()
    enrollment.refresh_from_db()
    assert enrollment.withdrawn_at == first_time
    assert status_of(learner, course) == ["withdrawn"]


def test_a_mandatory_course_cannot_be_withdrawn_from_the_pages(learner, course):
    enrollment_create(
        user=learner, course=course, source="assigned", due_date=datetime.date(2099, 1, 1)
    )
    visitor = client_of(learner)
    html = visitor.get(course.url).content.decode()
    assert confirm_url(course) not in html
    confirm = visitor.get(confirm_url(course), follow=True)
    assert "Kursus wajib dari OPD tidak dapat ditinggalkan." in confirm.content.decode()
    posted = visitor.post(withdraw_url(course), follow=True)
    assert "Kursus wajib dari OPD tidak dapat ditinggalkan." in posted.content.decode()
    assert status_of(learner, course) == ["active"]


def test_a_completed_course_cannot_be_withdrawn(learner):
    course = build_course(modules=1, lessons=1)
    enrollment_create(user=learner, course=course)
    enrollment = lesson_complete(user=learner, lesson=course_lessons(course)[0])
    assert enrollment.status == EnrollmentStatus.COMPLETED
    with pytest.raises(ApplicationError):
        enrollment_withdraw(enrollment=enrollment)
    response = client_of(learner).get(confirm_url(course), follow=True)
    assert "Kursus ini sudah selesai" in response.content.decode()
    assert status_of(learner, course) == ["completed"]


# --- Progress is kept --------------------------------------------------------------------------


def test_re_enrolling_resumes_the_same_enrollment_with_its_progress(learner, course):
    lessons = course_lessons(course)
    first = enrollment_create(user=learner, course=course)
    lesson_complete(user=learner, lesson=lessons[0])
    lesson_complete(user=learner, lesson=lessons[1])
    enrollment_withdraw(enrollment=Enrollment.objects.get(pk=first.pk))
    again = enrollment_create(user=learner, course=course)
    assert again.pk == first.pk
    assert again.status == EnrollmentStatus.ACTIVE and again.withdrawn_at is None
    assert again.last_lesson_id == lessons[1].pk
    assert set(
        LessonProgress.objects.filter(enrollment=again).values_list("lesson_id", flat=True)
    ) == {lessons[0].pk, lessons[1].pk}
    assert Enrollment.objects.count() == 1
    # The rest of the course completes it: nothing has to be done again.
    lesson_complete(user=learner, lesson=lessons[2])
    assert lesson_complete(user=learner, lesson=lessons[3]).status == EnrollmentStatus.COMPLETED


def test_re_enrolling_from_the_page_goes_back_to_the_last_lesson(learner, course):
    lessons = course_lessons(course)
    enrollment_create(user=learner, course=course)
    lesson_complete(user=learner, lesson=lessons[0])
    visitor = client_of(learner)
    visitor.post(withdraw_url(course))
    page = visitor.get(course.url).content.decode()
    assert "Daftar lagi dan lanjutkan" in page
    response = visitor.post(reverse("courses:enroll", args=[course.pk]), follow=True)
    assert response.redirect_chain[-1][0] == lessons[0].url
    assert "Kemajuan Anda sebelumnya tetap tersimpan" in response.content.decode()
    assert "1 dari 4 pelajaran wajib selesai" in visitor.get(course.url).content.decode()


def test_an_assignment_after_withdrawing_resumes_the_progress(learner, course):
    lessons = course_lessons(course)
    enrollment = enrollment_create(user=learner, course=course)
    lesson_complete(user=learner, lesson=lessons[0])
    enrollment_withdraw(enrollment=Enrollment.objects.get(pk=enrollment.pk))
    assignment = Assignment.objects.create(
        course=course,
        target=AssignmentTarget.EMPLOYEES,
        due_date=datetime.date(2099, 1, 1),
        created_by=make_user(Role.BKPSDM),
    )
    assignment.employees.set([learner.employee])
    assert assignment_apply(assignment=assignment) == 1
    resumed = Enrollment.objects.get(user=learner, course=course)
    assert resumed.pk == enrollment.pk
    assert resumed.status == EnrollmentStatus.ACTIVE
    assert resumed.source == "assigned" and resumed.due_date == datetime.date(2099, 1, 1)
    assert list(resumed.lesson_progress.values_list("lesson_id", flat=True)) == [lessons[0].pk]


def test_attempts_are_kept_across_a_withdrawal(learner, course):
    """Attempts belong to the learner and the quiz: withdrawing deletes none, and the attempt
    limit is not handed out again by re-enrolling."""
    lesson = course_lessons(course)[-1]
    quiz = make_quiz(banks=(("SP.01", 2, 3, 3),), max_attempts=1)
    add_quiz(lesson, quiz)
    enrollment = enrollment_create(user=learner, course=course)
    attempt = attempt_start(user=learner, quiz=quiz, page_id=lesson.pk)
    attempt_submit(attempt=attempt, user=learner)
    enrollment_withdraw(enrollment=Enrollment.objects.get(pk=enrollment.pk))
    enrollment_create(user=learner, course=course)
    assert quiz.attempts.filter(user=learner).count() == 1
    with pytest.raises(ApplicationError) as error:
        attempt_start(user=learner, quiz=quiz, page_id=lesson.pk)
    assert error.value.code == "no_attempts_left"


def test_progress_of_older_withdrawn_enrollments_is_brought_back(learner, course):
    """Before this change a re-enrolment started a new row from zero: what the learner did in
    any earlier enrollment of the course comes back when they resume."""
    lessons = course_lessons(course)
    old = Enrollment.objects.create(user=learner, course=course, status="withdrawn")
    LessonProgress.objects.create(enrollment=old, lesson=lessons[0])
    newer = Enrollment.objects.create(
        user=learner, course=course, status="withdrawn", last_lesson=lessons[1]
    )
    LessonProgress.objects.create(enrollment=newer, lesson=lessons[1])
    resumed = enrollment_create(user=learner, course=course)
    assert resumed.pk == newer.pk
    assert set(resumed.lesson_progress.values_list("lesson_id", flat=True)) == {
        lessons[0].pk,
        lessons[1].pk,
    }
    assert status_of(learner, course) == ["withdrawn", "active"]
