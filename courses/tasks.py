"""Celery tasks of the courses app: thin wrappers around one service each."""

from celery import shared_task

from .models import Assignment
from .services import assignment_apply, reminders_send


@shared_task(
    name="courses.assignment_apply",
    acks_late=True,
    reject_on_worker_lost=True,
    time_limit=600,
    soft_time_limit=570,
    autoretry_for=(ConnectionError,),
    max_retries=3,
)
def assignment_apply_task(assignment_id: int) -> int:
    """Enrols the employees an assignment reaches. Idempotent (enrollment_create is)."""
    assignment = Assignment.objects.select_related("course", "created_by").get(pk=assignment_id)
    return assignment_apply(assignment=assignment)


@shared_task(
    name="courses.reminders_send",
    acks_late=True,
    reject_on_worker_lost=True,
    time_limit=900,
    soft_time_limit=870,
)
def reminders_send_task() -> dict[str, int]:
    """Daily (beat): due-date reminders and the Admin OPD overdue digest. Idempotent per day."""
    return reminders_send()
