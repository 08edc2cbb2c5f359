from celery import shared_task

from .services import attempts_expire


@shared_task(
    name="assessments.attempts_expire",
    acks_late=True,
    reject_on_worker_lost=True,
    time_limit=300,
    soft_time_limit=280,
)
def attempts_expire_task() -> int:
    """Every minute (beat): finish attempts past their deadline. Idempotent."""
    return attempts_expire()
