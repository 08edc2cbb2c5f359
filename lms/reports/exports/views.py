"""The admin export endpoint: ``POST /admin/laporan/ekspor/`` (``lms_report_exports:export``,
CSRF), fields ``kind``, ``format``, ``year`` (default this year), ``opd`` (an OPD code),
``jenis_jabatan``, ``competency`` (a competency code). docs/security.md, "Reports".

* Only report readers (``may_read_reports``: Admin OPD, BKPSDM, superusers); anyone else 403
  (Wagtail sends a stranger to the login page first).
* Every field is checked first (``options.export_request``): a bad value answers 400 with the
  Indonesian reason and writes nothing. An OPD code that is unknown or outside the reader's
  scope is 404, logged.
* A small export (an OPD summary, or one OPD's file of at most ``SYNC_MAX_ROWS`` rows) is
  written at once and answered as an attachment (docs/quality.md P10: one OPD of 2,000 people
  in ≤ 2 s; above about 10,000 rows, Celery); anything larger becomes a prepared download
  (``lms.reports.downloads``) and the answer redirects to its progress page. The gap detail
  and the AKPK sheet have a row per person × competency (19 per person in the synthetic data),
  so one OPD of 2,000 people is a prepared download there.
* Audit log: a file answered at once writes one ``EXPORTED`` entry (kind, format, filters, the
  OPD); a prepared download is recorded when its owner fetches the file
  (``lms.core.downloads.views.file``, ``DOWNLOADED``); a refused OPD an ``ACCESS_DENIED`` one.
"""

from __future__ import annotations

import logging
import tempfile

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lms.core.audit.actions import AuditAction
from lms.core.audit.services import audit_record
from lms.core.downloads.services import download_request
from lms.core.ratelimit import rate_exceeded, rate_limited_response, user_key

from ..selectors import gap_summary, jp_summary
from ..selectors.base import may_read_reports
from .files import export_content_type, export_file_name, write_export
from .options import ExportError, ExportRequest, OutOfScope, export_request

logger = logging.getLogger("lms.reports")

SYNC_MAX_ROWS = 10_000
SUMMARY_KINDS = {"gap-summary", "jp-summary"}  # aggregates only: fast at any size (P8)
# Kinds with a row per person × required competency (the AKPK sheet: each one below it), their
# row count from the gap summary's cells; the other kinds have a row per person at most.
PAIR_KINDS = {"gap": "people", "akpk": "below"}
FIELDS = ("kind", "format", "year", "opd", "jenis_jabatan", "competency")


def expected_rows(request: ExportRequest) -> int:
    """The rows the file will have, from one aggregate over the OPD (the gap summary for the
    per-competency kinds, the JP summary's headcount for the others)."""
    if field := PAIR_KINDS.get(request.kind.name):
        cells = gap_summary(request.filters).total.cells.values()
        return sum(getattr(cell, field) for cell in cells)
    return jp_summary(request.filters).total.headcount


def is_small(request: ExportRequest) -> bool:
    """Answered at once: an OPD summary, or one OPD's file of at most ``SYNC_MAX_ROWS`` rows."""
    if request.kind.name in SUMMARY_KINDS:
        return True
    if request.filters.opd is None:
        return False
    return expected_rows(request) <= SYNC_MAX_ROWS


def _refused(request: HttpRequest, error: ExportError) -> HttpResponse:
    response = TemplateResponse(
        request,
        "reports/exports/refused.html",
        {
            "page_title": _("Ekspor laporan"),
            "header_icon": "warning",
            "message": error.message,
            "field": error.field,
        },
        status=400,
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def export(request: HttpRequest) -> HttpResponse:
    if not may_read_reports(request.user):
        raise PermissionDenied
    limited = rate_exceeded(
        request, scope="export", limit=settings.LMS_EXPORT_RATE, subject=user_key(request.user)
    )
    if limited.exceeded:
        return rate_limited_response(request, limited)
    values = {name: request.POST.get(name, "") for name in FIELDS}
    try:
        wanted = export_request(
            viewer=request.user,
            kind=values["kind"],
            fmt=values["format"],
            year=values["year"] or timezone.localdate().year,
            opd=values["opd"],
            jenis_jabatan=values["jenis_jabatan"],
            competency=values["competency"],
        )
    except ExportError as error:
        return _refused(request, error)
    except OutOfScope as error:
        logger.warning(
            "report export refused: user %s asked for OPD %r outside their scope",
            request.user.pk,
            error.code[:40],
        )
        audit_record(
            AuditAction.ACCESS_DENIED,
            object_type="people.opd",
            object_id=error.code[:40],
            details={"view": "report_export", "kind": values["kind"][:40], "opd": error.code[:40]},
        )
        raise Http404 from None
    if not is_small(wanted):
        download = download_request(
            owner=request.user, kind=f"report_{wanted.fmt}", parameters=wanted.parameters()
        )
        return redirect("lms_downloads:status", pk=download.pk)
    output = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    try:
        write_export(wanted, output)
        output.seek(0)
    except BaseException:
        output.close()
        raise
    audit_record(
        AuditAction.EXPORTED,
        object_type=f"report.{wanted.kind.name}",
        object_label=str(wanted.kind.label),
        opd=wanted.filters.opd,
        details={"kind": wanted.kind.name, "format": wanted.fmt, "filters": wanted.parameters()},
    )
    response = FileResponse(
        output,
        as_attachment=True,
        filename=export_file_name(wanted),
        content_type=export_content_type(wanted),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
