"""Celery tasks of prepared downloads: thin wrappers around one service each."""

from celery import shared_task

from .services import download_build, download_purge


@shared_task(
    name="lms.core.downloads.build",
    acks_late=True,
    reject_on_worker_lost=True,
)
def download_build_task(download_id: str) -> str | None:
    """Builds one prepared download. Idempotent: a finished download is left as it is and a
    redelivered one (its worker was killed) is built again from nothing."""
    download = download_build(download_id=download_id)
    return download.status if download else None


@shared_task(name="lms.core.downloads.purge", time_limit=300, soft_time_limit=280)
def download_purge_task() -> int:
    """Deletes expired prepared downloads' files (periodic, CELERY_BEAT_SCHEDULE)."""
    return download_purge()
