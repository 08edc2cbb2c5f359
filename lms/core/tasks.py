"""Operational tasks of the platform itself."""

import socket

from celery import shared_task
from django.db import connection
from django.utils import timezone

# Registers the prepared-download tasks with the worker (autodiscovery reads only <app>.tasks).
from .downloads import tasks as _download_tasks  # noqa: F401


@shared_task(name="lms.core.tasks.health_check", time_limit=30, soft_time_limit=20)
def health_check() -> dict[str, str]:
    """Proves a worker can run tasks and reach the database. Idempotent, read-only."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {
        "status": "ok",
        "worker": socket.gethostname(),
        "database": connection.vendor,
        "at": timezone.now().isoformat(),
    }


@shared_task(
    name="lms.core.tasks.send_email",
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=30,
    max_retries=5,
    time_limit=60,
    soft_time_limit=45,
)
def send_email(subject: str, body: str, to: list[str]) -> int:
    """One plain-text e-mail through Django's mail backend, off the request (an SMTP server can
    take seconds); a connection error is retried with back-off."""
    from django.core.mail import send_mail

    return send_mail(subject, body, None, to, fail_silently=False)
