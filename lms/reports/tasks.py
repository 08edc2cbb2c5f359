"""Celery tasks of the reports: thin wrappers around one service each."""

from celery import shared_task
from django.utils import timezone

from .services import previous_month, report_snapshot_take


@shared_task(
    name="reports.snapshot_monthly",
    acks_late=True,
    reject_on_worker_lost=True,
    time_limit=900,
    soft_time_limit=840,
)
def report_snapshot_monthly_task() -> str:
    """On the 1st of each month (beat): the snapshot of the month just ended, so December's,
    taken on 1 January, freezes last year's figures. Idempotent (a rerun changes nothing)."""
    return str(report_snapshot_take(month=previous_month(timezone.localdate())).month)
