"""Enrollment, lesson progress and course completion (with its JP ledger entry and evidence)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.competencies.models import EvidenceSource, JenisDiklat, LearningPath, RecordSource
from lms.competencies.services import evidence_record, learning_record_create
from lms.core.errors import ApplicationError
from lms.core.events import send_after_commit
from lms.core.models import InstitutionSettings
from lms.people.selectors import employee_for_user
from lms.users.models import User

from ..models import (
    CoursePage,
    Enrollment,
    EnrollmentSource,
    EnrollmentStatus,
    LessonPage,
    LessonProgress,
)
from ..selectors import (
    completed_lesson_ids,
    course_for_lesson,
    course_lessons,
    current_enrollments,
    missing_prerequisites,
    progress_of,
    required_quizzes_passed,
    withdraw_refusal,
)
from ..signals import course_completed


@transaction.atomic
def enrollment_create(
    *,
    user: User,
    course: CoursePage,
    source: str = EnrollmentSource.SELF,
    due_date=None,
) -> Enrollment:
    """Enrols the user, or returns their current enrollment (idempotent).

    An assignment on an existing self-enrollment adds the due date. A learner who withdrew
    resumes where they were: their latest withdrawn enrollment becomes active again, with its
    lesson progress and resume point, and the progress of any older withdrawn enrollment of
    the course is brought back into it (attempts belong to the learner and the quiz and are
    never touched). Safe under concurrency: the user's enrollments of the course are locked,
    and the partial unique index allows one non-withdrawn enrollment per user and course.
    """
    if not course.live:
        raise ApplicationError(_("Kursus ini belum diterbitkan."), code="not_published")
    if source == EnrollmentSource.SELF:
        missing = missing_prerequisites(user=user, course=course)
        if missing:
            raise ApplicationError(
                _("Selesaikan prasyarat kursus ini terlebih dahulu: %(items)s.")
                % {"items": "; ".join(missing)},
                code="prerequisites",
            )
    rows = list(
        Enrollment.objects.select_for_update()
        .filter(user=user, course=course)
        .order_by("-enrolled_at", "-pk")
    )
    current = next((row for row in rows if row.status != EnrollmentStatus.WITHDRAWN), None)
    if current is None and rows:
        return _enrollment_resume(rows, course=course, source=source, due_date=due_date)
    if current is None:
        current, _created = Enrollment.objects.get_or_create(
            user=user,
            course=course,
            status=EnrollmentStatus.ACTIVE,
            defaults={"source": source, "due_date": due_date},
        )
    elif (
        due_date
        and current.status == EnrollmentStatus.ACTIVE
        and (current.due_date is None or due_date < current.due_date)
    ):
        current.due_date = due_date
        current.source = EnrollmentSource.ASSIGNED
        current.save(update_fields=["due_date", "source"])
    return current


def _enrollment_resume(
    withdrawn: list[Enrollment], *, course: CoursePage, source: str, due_date
) -> Enrollment:
    """Makes the latest of the (locked, newest first) ``withdrawn`` enrollments active again
    with ``source`` and ``due_date``, keeping its progress; the lessons done in older ones are
    added to it. Completes it at once if the completion rule already holds (a lesson may have
    been unpublished meanwhile)."""
    enrollment, older = withdrawn[0], withdrawn[1:]
    enrollment.status = EnrollmentStatus.ACTIVE
    enrollment.withdrawn_at = None
    enrollment.source = source
    enrollment.due_date = due_date
    if enrollment.last_lesson_id is None:
        enrollment.last_lesson_id = next(
            (row.last_lesson_id for row in older if row.last_lesson_id), None
        )
    enrollment.full_clean(validate_constraints=False)  # the index guards the one current row
    enrollment.save(update_fields=["status", "withdrawn_at", "source", "due_date", "last_lesson"])
    if older:
        have = completed_lesson_ids(enrollment)
        earlier = set(
            LessonProgress.objects.filter(enrollment__in=older).values_list("lesson_id", flat=True)
        )
        LessonProgress.objects.bulk_create(
            [
                LessonProgress(enrollment=enrollment, lesson_id=lesson_id)
                for lesson_id in sorted(earlier - have)
            ],
            ignore_conflicts=True,
        )
    enrollment_complete_if_done(enrollment=enrollment, course=course)
    return enrollment


@transaction.atomic
def enrollment_withdraw(*, enrollment: Enrollment) -> Enrollment:
    """Withdraws an active self-enrollment; its lesson progress and the learner's attempts are
    kept for a later re-enrolment or assignment (:func:`enrollment_create`). The row is locked,
    so a double submit withdraws once: the second call raises ``already_withdrawn``."""
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    refusal = withdraw_refusal(enrollment)
    if refusal is not None:
        raise ApplicationError(refusal.message, code=refusal.code)
    enrollment.status = EnrollmentStatus.WITHDRAWN
    enrollment.withdrawn_at = timezone.now()
    enrollment.save(update_fields=["status", "withdrawn_at"])
    return enrollment


def enrollment_visit(*, enrollment: Enrollment, lesson: LessonPage) -> None:
    """Remembers the lesson to resume at. One UPDATE, only when it changes."""
    if enrollment.last_lesson_id != lesson.pk:
        Enrollment.objects.filter(pk=enrollment.pk).update(last_lesson=lesson)
        enrollment.last_lesson = lesson


@transaction.atomic
def lesson_complete(*, user: User, lesson: LessonPage) -> Enrollment:
    """Marks a lesson done for an enrolled learner (idempotent) and completes the course when
    the completion rule holds. Raises ApplicationError if the learner is not enrolled.
    """
    course = course_for_lesson(lesson)
    enrollment = current_enrollments(user=user, course=course).select_for_update().first()
    if enrollment is None:
        raise ApplicationError(_("Daftar ke kursus ini terlebih dahulu."), code="not_enrolled")
    LessonProgress.objects.get_or_create(enrollment=enrollment, lesson=lesson)
    enrollment_visit(enrollment=enrollment, lesson=lesson)
    if enrollment.status == EnrollmentStatus.ACTIVE:
        enrollment_complete_if_done(enrollment=enrollment, course=course)
    return enrollment


@transaction.atomic
def enrollment_complete_if_done(*, enrollment: Enrollment, course: CoursePage) -> bool:
    """Completes the enrollment when every required lesson is done and every required quiz
    (a lesson quiz block marked "wajib lulus", typically the post-test) is passed.

    In the same transaction: the JP ledger entry and competency evidence at the course's target
    levels; ``course_completed`` is sent once that transaction commits (docs/architecture.md),
    so a rolled-back completion sends nothing. Idempotent: a completed enrollment is left alone.
    """
    if enrollment.status != EnrollmentStatus.ACTIVE:
        return False
    lessons = course_lessons(course)
    progress = progress_of(lessons, completed_lesson_ids(enrollment))
    if progress.total == 0 or progress.done < progress.total:
        return False
    if not required_quizzes_passed(enrollment.user, lessons):
        return False
    now = timezone.now()
    enrollment.status = EnrollmentStatus.COMPLETED
    enrollment.completed_at = now
    enrollment.save(update_fields=["status", "completed_at"])
    employee = employee_for_user(enrollment.user)
    if employee is not None:
        learning_record_create(
            employee=employee,
            title=course.title,
            provider=_provider_name(course),
            path=LearningPath.NON_KLASIKAL,
            jenis_diklat=JenisDiklat.TEKNIS,
            jp=course.jp,
            start_date=timezone.localdate(enrollment.enrolled_at),
            end_date=timezone.localdate(now),
            source=RecordSource.LMS,
            source_reference=f"enrollment:{enrollment.pk}",
        )
        for target in course.competency_targets.select_related("competency"):
            evidence_record(
                employee=employee,
                competency=target.competency,
                level=target.target_level,
                source=EvidenceSource.COURSE,
                observed_on=timezone.localdate(now),
                reference=f"course:{course.code}",
            )
    send_after_commit(course_completed, sender=Enrollment, enrollment=enrollment)
    return True


def _provider_name(course: CoursePage) -> str:
    site = course.get_site()
    return InstitutionSettings.for_site(site).hr_unit_name if site else "LMS"
