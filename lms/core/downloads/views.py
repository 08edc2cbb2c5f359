"""The status page of a prepared download (progress bar; polled by ``downloads/progress.js``,
reloaded by a link or ``<meta refresh>`` without JavaScript) and its file, for its owner only.
Each fetch of the file writes one ``DOWNLOADED`` audit entry (kind, file name, size, the
parameters it was built from): these files hold personal data (certificates, HR reports,
activation letters)."""

from __future__ import annotations

from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from lms.core.audit.actions import AuditAction
from lms.core.audit.services import audit_record
from lms.core.models import DownloadStatus, PreparedDownload

from .selectors import download_is_expired, download_of
from .services import download_path

REFRESH_SECONDS = 3


def _message(download: PreparedDownload, expired: bool) -> str:
    if expired:
        return _(
            "Berkas ini sudah kedaluwarsa dan telah dihapus. Minta unduhan baru dari halaman "
            "asalnya."
        )
    if download.status == DownloadStatus.FAILED:
        return download.error or _("Berkas tidak dapat disiapkan.")
    if download.status == DownloadStatus.READY:
        return _("Berkas siap diunduh.")
    if download.status == DownloadStatus.RUNNING:
        return _("Berkas sedang disiapkan: %(done)s dari %(total)s.") % {
            "done": download.progress_done,
            "total": download.progress_total or "?",
        }
    return _("Permintaan sedang menunggu giliran.")


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    return response


def status(request: HttpRequest, pk) -> HttpResponse:
    download = download_of(request.user, pk)
    expired = download_is_expired(download)
    state = DownloadStatus.EXPIRED if expired else download.status
    pending = state in (DownloadStatus.QUEUED, DownloadStatus.RUNNING)
    payload = {
        "status": state,
        "done": download.progress_done,
        "total": download.progress_total,
        "percent": download.percent,
        "message": _message(download, expired),
        "pending": pending,
    }
    if request.GET.get("format") == "json":
        return _private(JsonResponse(payload))
    context = {
        **payload,
        "download": download,
        "page_title": _("Unduhan"),
        "header_icon": "download",
        "refresh_seconds": REFRESH_SECONDS,
        "status_url": reverse("lms_downloads:status", args=[download.pk]),
        "file_url": reverse("lms_downloads:file", args=[download.pk]),
    }
    return _private(TemplateResponse(request, "downloads/status.html", context))


def file(request: HttpRequest, pk) -> HttpResponse:
    download = download_of(request.user, pk)
    path = download_path(download)
    if download_is_expired(download) or download.status != DownloadStatus.READY:
        return redirect("lms_downloads:status", pk=download.pk)  # says why, in Indonesian
    try:
        handle = open(path, "rb")  # noqa: SIM115 - FileResponse closes it
    except FileNotFoundError:
        return redirect("lms_downloads:status", pk=download.pk)
    audit_record(
        AuditAction.DOWNLOADED,
        obj=download,
        object_label=download.download_name or download.kind,
        details={
            "kind": download.kind,
            "file": download.download_name,
            "size": download.size,
            "parameters": download.parameters or {},
        },
    )
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=download.download_name or path.name,
        content_type=download.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return _private(response)
