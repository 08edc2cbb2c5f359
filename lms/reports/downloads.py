"""Report exports as prepared downloads (``lms.core.downloads``): one kind per format,
``report_xlsx``, ``report_csv``, ``report_pdf``.

The stored parameters are those of the admin endpoint (``ExportRequest.parameters``); the
builder checks them again and reads everything with the scope of the download's owner at build
time (``download.owner``): an owner who no longer reads reports, or whose scope no longer holds
the OPD, gets a failed download with the reason and no file, whatever the parameters say. When
the file is written the owner gets a notification linking to the download's page (key
``download:<id>``: a redelivered build notifies once).
"""

from __future__ import annotations

from typing import IO

from django.urls import reverse
from django.utils.translation import gettext as _

from lms.core.downloads.registry import DownloadKind, Progress, register
from lms.core.errors import ApplicationError
from lms.core.notifications.services import notification_create

from .exports.files import export_file_name, write_export
from .exports.kinds import CONTENT_TYPES
from .exports.options import ExportError, ExportRequest, OutOfScope, export_request
from .selectors.base import may_read_reports

FORMATS = ("xlsx", "csv", "pdf")


def _request(download) -> ExportRequest:
    owner = download.owner
    if not may_read_reports(owner):
        raise ApplicationError(_("Anda tidak lagi berhak membaca laporan SDM."), code="refused")
    p = download.parameters or {}
    try:
        return export_request(
            viewer=owner,
            kind=p.get("kind"),
            fmt=p.get("format"),
            year=p.get("year"),
            opd=p.get("opd"),
            jenis_jabatan=p.get("jenis_jabatan"),
            competency=p.get("competency"),
        )
    except ExportError as error:
        raise ApplicationError(error.message, code="invalid") from error
    except OutOfScope as error:
        raise ApplicationError(
            _("OPD %(code)s tidak dikenal atau di luar cakupan Anda.") % {"code": error.code},
            code="out_of_scope",
        ) from error


def build(download, output: IO[bytes], progress: Progress) -> None:
    request = _request(download)
    if f"report_{request.fmt}" != download.kind:
        raise ApplicationError(_("Format berkas tidak cocok dengan permintaan."), code="invalid")
    write_export(request, output, progress)
    notification_create(
        user=download.owner,
        title=_("Laporan Anda siap diunduh"),
        body=str(request.kind.label),
        url=reverse("lms_downloads:status", args=[download.pk]),
        key=f"download:{download.pk}",
    )


def file_name(download) -> str:
    return export_file_name(_request(download))


for fmt in FORMATS:
    register(
        DownloadKind(
            name=f"report_{fmt}",
            build=build,
            file_name=file_name,
            content_type=CONTENT_TYPES[fmt],
            suffix=f".{fmt}",
        )
    )
