"""Mandatory courses: assignment by Admin OPD / BKPSDM, and the daily reminder job."""

import datetime
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from lms.people.models import OPD, Employee, Position
from lms.people.selectors import ALL, in_opd_scope, opd_scope_ids
from lms.users.models import User
from lms.users.roles import Role

from ..models import (
    Assignment,
    AssignmentTarget,
    CoursePage,
    Enrollment,
    EnrollmentSource,
    EnrollmentStatus,
    ReminderKind,
    ReminderLog,
)
from ..selectors import assignment_employees, overdue_enrollments
from .enrollment import enrollment_create

logger = logging.getLogger("lms.courses")


@transaction.atomic
def assignment_create(
    *,
    course: CoursePage,
    created_by: User,
    due_date: datetime.date,
    opd: OPD | None = None,
    position: Position | None = None,
    employees: list[Employee] | None = None,
    note: str = "",
    today: datetime.date | None = None,
) -> Assignment:
    """Creates an assignment inside the creator's OPD scope; enrollments follow in a task.

    Raises ValidationError (in Indonesian) for a past due date, an unpublished course, or any
    target outside the creator's scope. A position assignment reaches only the holders of the
    position inside the creator's scope.
    """
    from ..tasks import assignment_apply_task

    today = today or timezone.localdate()
    scope = opd_scope_ids(created_by)
    errors = {}
    if not course.live:
        errors["course"] = _("Kursus ini belum diterbitkan.")
    if due_date <= today:
        errors["due_date"] = _("Batas waktu harus setelah hari ini.")
    targets = [value for value in (opd, position, employees) if value]
    if len(targets) != 1:
        errors["target"] = _("Pilih tepat satu sasaran: OPD, jabatan, atau daftar pegawai.")
    if scope is not ALL:
        if opd and opd.pk not in scope:
            errors["opd"] = _("OPD ini di luar cakupan Anda.")
        outside = [e for e in employees or [] if e.opd_id not in scope]
        if outside:
            errors["employees"] = _("%(n)s pegawai di luar cakupan OPD Anda.") % {"n": len(outside)}
    if errors:
        raise ValidationError(errors)
    assignment = Assignment(
        course=course,
        target=(
            AssignmentTarget.OPD
            if opd
            else AssignmentTarget.POSITION
            if position
            else AssignmentTarget.EMPLOYEES
        ),
        opd=opd,
        position=position,
        due_date=due_date,
        note=note,
        created_by=created_by,
    )
    assignment.full_clean()
    assignment.save()
    if employees:
        assignment.employees.set(employees)
    assignment_apply_task.delay_on_commit(assignment.pk)
    return assignment


def assignment_apply(*, assignment: Assignment) -> int:
    """Enrols every reached employee with the due date. Idempotent; returns the count.

    Employees outside the assigner's current scope are skipped (scopes can shrink after the
    assignment was made).
    """
    employees = in_opd_scope(
        assignment_employees(assignment).select_related("user"), user=assignment.created_by
    )
    count = 0
    for employee in employees.iterator():
        enrollment_create(
            user=employee.user,
            course=assignment.course,
            source=EnrollmentSource.ASSIGNED,
            due_date=assignment.due_date,
        )
        count += 1
    Assignment.objects.filter(pk=assignment.pk).update(
        applied_at=timezone.now(), enrolled_count=count
    )
    return count


def _claim(**log) -> bool:
    """Records that a reminder is being sent; False if it was already sent (idempotency)."""
    try:
        with transaction.atomic():
            ReminderLog.objects.create(**log)
    except IntegrityError:
        return False
    return True


def reminders_send(*, today: datetime.date | None = None) -> dict[str, int]:
    """Daily job: e-mails learners 7 days and 1 day before a due date, and each Admin OPD the
    list of overdue people in their scope. Idempotent per day (ReminderLog).
    """
    today = today or timezone.localdate()
    sent = {"due": 0, "overdue": 0}
    due = (
        Enrollment.objects.filter(
            status=EnrollmentStatus.ACTIVE,
            due_date__in=[today + datetime.timedelta(days=7), today + datetime.timedelta(days=1)],
        )
        .exclude(user__email="")
        .select_related("user", "course")
    )
    for enrollment in due:
        days = (enrollment.due_date - today).days
        kind = ReminderKind.DUE_7 if days == 7 else ReminderKind.DUE_1
        if not _claim(kind=kind, enrollment=enrollment, sent_on=today):
            continue
        _mail(
            "courses/email/due_reminder.txt",
            {"enrollment": enrollment, "days": days, "base_url": settings.WAGTAILADMIN_BASE_URL},
            to=enrollment.user.email,
            subject=_("Pengingat: %(course)s berakhir %(days)s hari lagi")
            % {"course": enrollment.course.title, "days": days},
        )
        sent["due"] += 1
    overdue = overdue_enrollments(today)
    admins = User.objects.filter(groups__name=Role.ADMIN_OPD, is_active=True).exclude(email="")
    for admin in admins:
        scope = opd_scope_ids(admin)
        rows = [
            e for e in overdue if hasattr(e.user, "employee") and e.user.employee.opd_id in scope
        ]
        if not rows or not _claim(kind=ReminderKind.OVERDUE_DIGEST, recipient=admin, sent_on=today):
            continue
        _mail(
            "courses/email/overdue_digest.txt",
            {"rows": rows, "today": today},
            to=admin.email,
            subject=_("Daftar pegawai yang terlambat menyelesaikan kursus wajib (%(n)s)")
            % {"n": len(rows)},
        )
        sent["overdue"] += 1
    logger.info("reminders sent: %s", sent)
    return sent


def _mail(template: str, context: dict, *, to: str, subject: str) -> None:
    with override(settings.LANGUAGE_CODE):
        body = render_to_string(template, context)
    send_mail(subject, body, None, [to], fail_silently=False)
