"""Write-side operations: enrollment, lesson progress, course completion and course trainers."""

from collections.abc import Iterable

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import GroupPagePermission

from lms.competencies.models import EvidenceSource, JenisDiklat, LearningPath, RecordSource
from lms.competencies.selectors import attained_levels
from lms.competencies.services import evidence_record, learning_record_create
from lms.core.errors import ApplicationError
from lms.core.models import InstitutionSettings
from lms.people.selectors import employee_for_user
from lms.users.models import User
from lms.users.roles import Role

from .models import (
    CoursePage,
    CourseTrainerGroup,
    Enrollment,
    EnrollmentSource,
    EnrollmentStatus,
    LessonPage,
    LessonProgress,
)
from .permissions import course_trainers
from .selectors import (
    completed_lesson_ids,
    course_for_lesson,
    course_lessons,
    progress_of,
    required_quizzes_passed,
)
from .signals import course_completed


@transaction.atomic
def enrollment_create(
    *,
    user: User,
    course: CoursePage,
    source: str = EnrollmentSource.SELF,
    due_date=None,
) -> Enrollment:
    """Enrols the user, or returns their current enrollment (idempotent).

    An assignment on an existing self-enrollment adds the due date. Safe under concurrency:
    the partial unique index allows one non-withdrawn enrollment per user and course.
    """
    if not course.live:
        raise ApplicationError(_("Kursus ini belum diterbitkan."), code="not_published")
    if source == EnrollmentSource.SELF:
        missing = missing_prerequisites(user, course)
        if missing:
            raise ApplicationError(
                _("Selesaikan prasyarat kursus ini terlebih dahulu: %(items)s.")
                % {"items": "; ".join(missing)},
                code="prerequisites",
            )
    current = (
        Enrollment.objects.select_for_update()
        .filter(user=user, course=course)
        .exclude(status=EnrollmentStatus.WITHDRAWN)
        .first()
    )
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


def missing_prerequisites(user: User, course: CoursePage) -> list[str]:
    """Prerequisite courses not completed and competency levels not attained (trusted
    evidence), as readable items. Assignments by HR skip this check: HR decides."""
    missing = [
        str(prerequisite.title)
        for prerequisite in course.prerequisite_courses.all()
        if not Enrollment.objects.filter(
            user=user, course=prerequisite, status=EnrollmentStatus.COMPLETED
        ).exists()
    ]
    levels = list(course.prerequisite_levels.select_related("competency"))
    if levels:
        employee = employee_for_user(user)
        attained = attained_levels([employee.pk]) if employee else {}
        missing += [
            f"{req.competency.code} level {req.minimum_level}"
            for req in levels
            if attained.get((employee.pk if employee else 0, req.competency_id), 0)
            < req.minimum_level
        ]
    return missing


@transaction.atomic
def enrollment_withdraw(*, enrollment: Enrollment) -> Enrollment:
    if enrollment.status != EnrollmentStatus.ACTIVE:
        raise ApplicationError(_("Hanya kursus yang sedang diikuti yang dapat ditinggalkan."))
    if enrollment.source == EnrollmentSource.ASSIGNED:
        raise ApplicationError(
            _("Kursus wajib dari OPD tidak dapat ditinggalkan."), code="assigned"
        )
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
    enrollment = (
        Enrollment.objects.select_for_update()
        .filter(user=user, course=course)
        .exclude(status=EnrollmentStatus.WITHDRAWN)
        .first()
    )
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

    In the same transaction: the JP ledger entry, competency evidence at the course's target
    levels, and the ``course_completed`` signal. Idempotent: a completed enrollment is left alone.
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
    course_completed.send(sender=Enrollment, enrollment=enrollment)
    return True


def _provider_name(course: CoursePage) -> str:
    site = course.get_site()
    return InstitutionSettings.for_site(site).hr_unit_name if site else "LMS"


# --- Course trainers (docs/security.md) ---------------------------------------------------------

#: Wagtail page permissions the trainer group of a course holds on the course page.
TRAINER_PAGE_ACTIONS = ("add", "change")
#: Cached permission data Wagtail and ``courses.permissions`` keep on a user object.
_PERMISSION_CACHES = ("_page_permission_cache", "_explorable_root_page_cache")


def _trainer_group(course: CoursePage) -> Group:
    """The course's trainer group with its page permissions, created on first use."""
    link = CourseTrainerGroup.objects.select_related("group").filter(course=course).first()
    if link is None:
        group, _created = Group.objects.get_or_create(
            name=f"Pengajar kursus #{course.pk} {course.code}"[:150]
        )
        link = CourseTrainerGroup.objects.create(course=course, group=group)
    for action in TRAINER_PAGE_ACTIONS:
        GroupPagePermission.objects.get_or_create(
            group=link.group,
            page=course.page_ptr,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=f"{action}_page"
            ),
        )
    return link.group


def _forget_cached_permissions(users: Iterable[User]) -> None:
    for user in users:
        for name in _PERMISSION_CACHES:
            if hasattr(user, name):
                delattr(user, name)


@transaction.atomic
def course_trainers_set(
    *, course: CoursePage, users: Iterable[User], by: User | None = None
) -> list[User]:
    """Makes ``users`` exactly the trainers of ``course``: the members of its trainer group,
    which holds Wagtail's "add" and "change" page permissions on the course page, so they may
    edit the course, its modules and lessons and submit them for moderation (never publish).

    Every user must be an active Pengajar (``ValidationError`` on ``trainers`` otherwise).
    Atomic and idempotent; a change is written to the course's history (who was added and
    removed, by ``by``). Called by BKPSDM's "Pengajar kursus" screen (permission
    ``courses.assign_course_trainers``), the demo seed and :func:`course_trainer_add`.
    """
    users = list({user.pk: user for user in users}.values())
    eligible = set(
        User.objects.filter(
            pk__in=[user.pk for user in users], is_active=True, groups__name=Role.PENGAJAR
        ).values_list("pk", flat=True)
    )
    refused = [user for user in users if user.pk not in eligible]
    if refused:
        raise ValidationError(
            {
                "trainers": _(
                    "Hanya akun Pengajar yang aktif yang dapat menjadi pengajar kursus: %(names)s."
                )
                % {"names": ", ".join(user.get_full_name() or user.username for user in refused)}
            }
        )
    group = _trainer_group(course)
    before = {user.pk: user for user in group.user_set.all()}
    group.user_set.set(users)
    added = [user for user in users if user.pk not in before]
    removed = [user for pk, user in before.items() if pk not in eligible]
    if added or removed:
        log(
            instance=course,
            action="lms.course_trainers",
            user=by,
            data={
                "added": [user.username for user in added],
                "removed": [user.username for user in removed],
            },
        )
    _forget_cached_permissions([*users, *removed, *([by] if by else [])])
    return users


def course_trainer_add(*, course: CoursePage, user: User, by: User | None = None) -> list[User]:
    """Adds ``user`` to the trainers of ``course`` (idempotent); see :func:`course_trainers_set`."""
    current = list(course_trainers(course))
    if any(trainer.pk == user.pk for trainer in current):
        return current
    return course_trainers_set(course=course, users=[*current, user], by=by)

