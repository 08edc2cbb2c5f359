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


@shared_task(
    name="assessments.h5p_package_install",
    acks_late=True,
    reject_on_worker_lost=True,
    time_limit=600,
    soft_time_limit=570,
)
def h5p_package_install_task(package_id: int) -> str | None:
    """Checks an uploaded H5P package again and installs it (``h5p_package_install``).
    Idempotent: a package no longer pending is left alone. Returns the status."""
    from .h5p.services import h5p_package_install

    package = h5p_package_install(package_id=package_id)
    return None if package is None else package.status


@shared_task(
    name="assessments.retention_purge",
    acks_late=True,
    reject_on_worker_lost=True,
    time_limit=900,
    soft_time_limit=870,
)
def retention_purge_task() -> dict:
    """Daily (beat): deletes raw quiz answers and H5P statements and states past their
    retention period (``services.retention.retention_purge``). Idempotent, in batches: a run
    stopped by the time limit leaves finished batches done and the next run goes on."""
    from dataclasses import asdict

    from .services.retention import retention_purge

    return asdict(retention_purge())
