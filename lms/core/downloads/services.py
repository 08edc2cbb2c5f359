"""Write side of prepared downloads: request, progress, build (temporary file, then
``os.replace``), failure and the purge of expired files.

A build is idempotent: the row is claimed in a short transaction; a ready, failed or expired
download is never rebuilt; a redelivered task (``acks_late`` after a worker was killed) starts
the same download again from nothing, into the same ``<name>.part`` file, which the final
``os.replace`` turns into the stored file in one step: a reader never sees half a file and a
killed build leaves at most one ``.part`` (swept by the purge).
"""

from __future__ import annotations

import datetime
import logging
import os
import secrets
import time
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.core.errors import ApplicationError
from lms.core.models import DownloadStatus, PreparedDownload

from .registry import download_kind

logger = logging.getLogger(__name__)

FINISHED = (DownloadStatus.READY, DownloadStatus.FAILED, DownloadStatus.EXPIRED)


def download_root() -> Path:
    return Path(settings.LMS_DOWNLOAD_ROOT)


def download_path(download: PreparedDownload) -> Path:
    return download_root() / download.file_name


def _ttl() -> datetime.timedelta:
    return datetime.timedelta(hours=settings.LMS_DOWNLOAD_TTL_HOURS)


def download_request(*, owner, kind: str, parameters: dict | None = None) -> PreparedDownload:
    """Records a download of ``kind`` for ``owner`` and queues its build after the commit."""
    spec = download_kind(kind)
    if spec is None:
        raise ApplicationError(_("Jenis unduhan tidak dikenal."), code="unknown_kind")
    download = PreparedDownload.objects.create(
        owner=owner,
        kind=kind,
        parameters=dict(parameters or {}),
        file_name=f"{secrets.token_hex(16)}{spec.suffix}",
        content_type=spec.content_type,
        expires_at=timezone.now() + _ttl(),
    )
    from .tasks import download_build_task  # the task module imports this one

    transaction.on_commit(lambda: download_build_task.delay(str(download.pk)))
    return download


def download_progress(*, download: PreparedDownload, done: int, total: int) -> None:
    """Stores the progress of a running build (one UPDATE, no read)."""
    PreparedDownload.objects.filter(pk=download.pk, status=DownloadStatus.RUNNING).update(
        progress_done=done, progress_total=total
    )
    download.progress_done, download.progress_total = done, total


def _claim(download_id) -> PreparedDownload | None:
    with transaction.atomic():
        download = PreparedDownload.objects.select_for_update().filter(pk=download_id).first()
        if download is None or download.status in FINISHED:
            return None
        download.status = DownloadStatus.RUNNING
        download.progress_done = 0
        download.save(update_fields=["status", "progress_done"])
        return download


def download_build(*, download_id) -> PreparedDownload | None:
    """Builds the download (once): see the module docstring. Returns the row, or ``None``
    when there was nothing to do (unknown, or already finished)."""
    download = _claim(download_id)
    if download is None:
        return None
    spec = download_kind(download.kind)
    path = download_path(download)
    partial = path.with_name(path.name + ".part")
    try:
        if spec is None:
            raise ApplicationError(_("Jenis unduhan tidak dikenal."), code="unknown_kind")
        download_root().mkdir(parents=True, exist_ok=True, mode=0o700)
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w+b") as handle:
            spec.build(
                download,
                handle,
                lambda done, total: download_progress(download=download, done=done, total=total),
            )
            handle.flush()
            os.fsync(handle.fileno())
            size = handle.tell()
        os.replace(partial, path)
    except (ApplicationError, ValidationError) as error:
        partial.unlink(missing_ok=True)
        message = (
            error.message if isinstance(error, ApplicationError) else "; ".join(error.messages)
        )
        return download_fail(download=download, message=message)
    except Exception:
        partial.unlink(missing_ok=True)
        logger.exception("prepared download %s (%s) failed", download.pk, download.kind)
        download_fail(
            download=download,
            message=_("Berkas tidak dapat disiapkan karena galat sistem. Silakan coba lagi."),
        )  # logged above; the task ends normally (a retry would fail the same way)
        return download
    return download_finish(download=download, size=size, file_name=spec.file_name(download))


def download_finish(*, download: PreparedDownload, size: int, file_name: str) -> PreparedDownload:
    now = timezone.now()
    download.status = DownloadStatus.READY
    download.size = size
    download.download_name = file_name[:150]
    download.finished_at = now
    download.expires_at = now + _ttl()
    if download.progress_total:
        download.progress_done = download.progress_total
    download.save(
        update_fields=[
            "status", "size", "download_name", "finished_at", "expires_at", "progress_done",
        ]
    )  # fmt: skip
    return download


def download_fail(*, download: PreparedDownload, message: str) -> PreparedDownload:
    """Marks the download failed with ``message`` (shown to its owner); no file stays."""
    download_path(download).unlink(missing_ok=True)
    download.status = DownloadStatus.FAILED
    download.error = message[:500]
    download.finished_at = timezone.now()
    download.save(update_fields=["status", "error", "finished_at"])
    return download


def download_purge(*, now: datetime.datetime | None = None) -> int:
    """Deletes the files of downloads past their expiry and marks them expired (the row stays,
    so the owner reads "kedaluwarsa", not a 404); also sweeps ``.part`` files older than the
    lifetime (left by a killed build whose task never came back). Returns the rows expired."""
    now = now or timezone.now()
    stale = PreparedDownload.objects.filter(expires_at__lte=now).exclude(
        status=DownloadStatus.EXPIRED
    )
    count = 0
    for download in stale.iterator():
        download_path(download).unlink(missing_ok=True)
        download_path(download).with_name(download.file_name + ".part").unlink(missing_ok=True)
        count += (
            PreparedDownload.objects.filter(pk=download.pk)
            .exclude(status=DownloadStatus.EXPIRED)
            .update(status=DownloadStatus.EXPIRED, size=0)
        )
    root = download_root()
    if root.is_dir():
        limit = time.time() - _ttl().total_seconds()
        for partial in root.glob("*.part"):
            try:
                if partial.stat().st_mtime < limit:
                    partial.unlink(missing_ok=True)
            except FileNotFoundError:
                continue
    return count
