"""Enrollment rules, lesson progress, and what completion writes (JP ledger, evidence, signal)."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from courses.models import CoursePage, Enrollment, EnrollmentStatus, LessonPage, LessonProgress
from courses.selectors import course_lessons
from courses.services import (
    enrollment_create,
    enrollment_withdraw,
    lesson_complete,
)
from courses.signals import course_completed
from lms.competencies.models import CompetencyEvidence, EvidenceSource, LearningRecord
from lms.core.errors import ApplicationError
from lms.people.models import OPD, Employee, EmployeeType, OPDType
from lms.people.services import employee_save
from tests.factories.courses import build_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner():
    opd = OPD.objects.create(code="2.16", name="Diskominfo", type=OPDType.DINAS)
    employee = employee_save(
        employee=Employee(
            nip="198703152010012003",
            name="Siti Rahmawati",
            gender="P",
            employee_type=EmployeeType.PNS,
            opd=opd,
        )
    )
    return employee.user


@pytest.fixture
def course():
    return build_course(modules=2, lessons=2, targets=(("SP.01", 2), ("SP.07", 2)), jp=Decimal("4"))


def test_enrolling_twice_returns_the_same_enrollment(learner, course):
    first = enrollment_create(user=learner, course=course)
    assert enrollment_create(user=learner, course=course) == first
    assert Enrollment.objects.count() == 1


def test_database_allows_one_current_enrollment_per_user_and_course(learner, course):
    enrollment_create(user=learner, course=course)
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrollment.objects.create(user=learner, course=course)


def test_withdrawn_learner_can_enrol_again(learner, course):
    first = enrollment_create(user=learner, course=course)
    enrollment_withdraw(enrollment=first)
    again = enrollment_create(user=learner, course=course)
    assert again.status == EnrollmentStatus.ACTIVE
    # The withdrawn enrollment is resumed (its progress kept), not started again from zero
    # (tests/courses/test_withdraw_and_resume.py).
    assert again.pk == first.pk and Enrollment.objects.count() == 1


def test_unpublished_course_cannot_be_joined(learner, course):
    course.unpublish()
    with pytest.raises(ApplicationError):
        enrollment_create(user=learner, course=course)


def test_assigned_course_cannot_be_left(learner, course):
    enrollment = enrollment_create(
        user=learner, course=course, source="assigned", due_date=datetime.date(2026, 12, 1)
    )
    with pytest.raises(ApplicationError) as error:
        enrollment_withdraw(enrollment=enrollment)
    assert "wajib" in error.value.message


def test_assignment_on_self_enrollment_adds_the_earliest_due_date(learner, course):
    enrollment_create(user=learner, course=course)
    enrollment_create(
        user=learner, course=course, source="assigned", due_date=datetime.date(2026, 12, 1)
    )
    later = enrollment_create(
        user=learner, course=course, source="assigned", due_date=datetime.date(2027, 1, 1)
    )
    assert later.due_date == datetime.date(2026, 12, 1)
    assert later.source == "assigned"


def test_lesson_completion_needs_an_enrollment(learner, course):
    with pytest.raises(ApplicationError) as error:
        lesson_complete(user=learner, lesson=course_lessons(course)[0])
    assert error.value.code == "not_enrolled"
    assert not LessonProgress.objects.exists()


def test_completing_every_required_lesson_completes_the_course_once(
    learner, course, django_capture_on_commit_callbacks
):
    received = []
    course_completed.connect(
        lambda sender, enrollment, **kw: received.append(enrollment.pk),
        weak=False,
        dispatch_uid="test-completion",
    )
    try:
        # course_completed is sent after the completion commits (lms.core.events).
        with django_capture_on_commit_callbacks(execute=True):
            enrollment_create(user=learner, course=course)
            lessons = course_lessons(course)
            for lesson in lessons[:-1]:
                enrollment = lesson_complete(user=learner, lesson=lesson)
                assert enrollment.status == EnrollmentStatus.ACTIVE
            lesson_complete(user=learner, lesson=lessons[-1])
            lesson_complete(user=learner, lesson=lessons[-1])  # double click
            lesson_complete(user=learner, lesson=lessons[0])  # revisit after completion
    finally:
        course_completed.disconnect(dispatch_uid="test-completion")
    enrollment = Enrollment.objects.get()
    assert enrollment.status == EnrollmentStatus.COMPLETED and enrollment.completed_at
    assert LessonProgress.objects.count() == 4
    record = LearningRecord.objects.get()
    assert (record.jp, record.source, record.path, record.year) == (
        Decimal("4"),
        "lms",
        "non_klasikal",
        enrollment.completed_at.year,
    )
    assert record.source_reference == f"enrollment:{enrollment.pk}"
    evidence = CompetencyEvidence.objects.order_by("competency__code")
    assert [(e.competency.code, e.level, e.source) for e in evidence] == [
        ("SP.01", 2, EvidenceSource.COURSE),
        ("SP.07", 2, EvidenceSource.COURSE),
    ]
    assert received == [enrollment.pk]


def test_optional_lessons_do_not_block_completion(learner, course):
    lessons = course_lessons(course)
    LessonPage.objects.filter(pk=lessons[-1].pk).update(is_required=False)
    enrollment_create(user=learner, course=course)
    for lesson in course_lessons(course)[:-1]:
        enrollment = lesson_complete(user=learner, lesson=lesson)
    assert enrollment.status == EnrollmentStatus.COMPLETED


def test_completion_is_all_or_nothing(learner, course, monkeypatch):
    import courses.services.enrollment as services

    def broken(**kwargs):
        raise RuntimeError("ledger down")

    monkeypatch.setattr(services, "evidence_record", broken)
    enrollment_create(user=learner, course=course)
    lessons = course_lessons(course)
    for lesson in lessons[:-1]:
        lesson_complete(user=learner, lesson=lesson)
    with pytest.raises(RuntimeError):
        lesson_complete(user=learner, lesson=lessons[-1])
    assert Enrollment.objects.get().status == EnrollmentStatus.ACTIVE
    assert not LearningRecord.objects.exists()
    assert LessonProgress.objects.count() == 3


def test_user_without_hr_record_completes_without_ledger(django_user_model, course):
    user = django_user_model.objects.create_user(
        username="tamu@contoh.go.id", email="tamu@contoh.go.id"
    )
    enrollment_create(user=user, course=course)
    for lesson in course_lessons(course):
        enrollment = lesson_complete(user=user, lesson=lesson)
    assert enrollment.status == EnrollmentStatus.COMPLETED
    assert not LearningRecord.objects.exists()


def test_prerequisites_block_self_enrollment_but_not_hr_assignment(learner, course):
    from courses.models import CoursePrerequisiteLevel
    from lms.competencies.models import Competency

    advanced = build_course(title="Arsitektur SPBE lanjut")
    advanced.prerequisite_courses.add(course)
    advanced.save_revision().publish()
    CoursePrerequisiteLevel.objects.create(
        course=advanced, competency=Competency.objects.get(code="SP.01"), minimum_level=2
    )
    with pytest.raises(ApplicationError) as error:
        enrollment_create(user=learner, course=advanced)
    assert error.value.code == "prerequisites"
    assert course.title in error.value.message and "SP.01 level 2" in error.value.message
    enrollment_create(user=learner, course=course)
    for lesson in course_lessons(course):
        lesson_complete(user=learner, lesson=lesson)  # completes course: SP.01 evidence at 2
    assert enrollment_create(user=learner, course=advanced).status == EnrollmentStatus.ACTIVE


def test_hr_assignment_ignores_prerequisites(learner, course):
    advanced = build_course(title="Lanjutan")
    advanced.prerequisite_courses.add(course)
    advanced.save_revision().publish()
    assigned = enrollment_create(
        user=learner, course=advanced, source="assigned", due_date=datetime.date(2026, 12, 31)
    )
    assert assigned.source == "assigned"


def test_prerequisite_check_does_not_query_per_prerequisite(
    learner, course, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def course_after(prerequisites: int):
        """A course whose ``prerequisites`` courses the learner has completed."""
        advanced = build_course(title=f"Lanjutan {prerequisites}")
        for n in range(prerequisites):
            required = build_course(title=f"Prasyarat {prerequisites}.{n}")
            enrollment_create(user=learner, course=required)
            for lesson in course_lessons(required):
                lesson_complete(user=learner, lesson=lesson)
            advanced.prerequisite_courses.add(required)
        advanced.save_revision().publish()
        return CoursePage.objects.get(pk=advanced.pk)

    one, six = course_after(1), course_after(6)
    with CaptureQueriesContext(connection) as small:
        assert enrollment_create(user=learner, course=one).status == EnrollmentStatus.ACTIVE
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert enrollment_create(user=learner, course=six).status == EnrollmentStatus.ACTIVE
