"""Admin screens of the HR import: upload → dry-run preview with row-level errors → confirm.

Only the ``lms.core.imports`` API is used here (``run_import``, ``run_export``, the kinds); the
engine applies the user's OPD scope (``user=``) and logs each run, so this module knows nothing
about people or competencies.

Between the steps the uploaded bytes stay on the server, never in the page (:mod:`.staging`:
private files bound to the uploader, deleted after the import or an hour; confirming claims the
file atomically, so a double submit never imports twice).

Who may do what is decided per kind (``ImportKind.can_import`` / ``can_export``: the model
permissions each kind declares, docs/security.md). The upload page lists only the kinds the user
may import or export, and offers only the actions they may take; uploading, previewing,
confirming, downloading the template (import) or the data (export) of any other kind answers
403 and writes nothing. The confirmation checks again, so a permission removed after the
preview stops the import. A user who may use no kind at all gets 403 on every screen.
"""

import logging
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.http import require_POST
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from lms.core.ratelimit import rate_exceeded, rate_limited_response, user_key

from ..audit.actions import AuditAction
from ..audit.services import audit_record
from . import (
    ImportKind,
    ImportReport,
    UnreadableFile,
    import_kinds,
    kinds_for,
    run_export,
    run_import,
)
from .forms import UploadForm
from .staging import Staging, StagingError, StagingExpired

logger = logging.getLogger("lms.imports.admin")

EXPORT_FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def may_use_imports(user) -> bool:
    """The user may import or export at least one kind (shows the menu item and the page)."""
    return bool(kinds_for(user))


def import_access_required(view):
    """403 unless the user may use some kind; each view then checks the kind it serves."""

    def wrapped(request: HttpRequest, *args, **kwargs):
        if not may_use_imports(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _kind_or_404(name: str) -> ImportKind:
    kind = import_kinds().get(name)
    if kind is None:
        raise Http404
    return kind


def _refuse(request: HttpRequest, kind: ImportKind, action: str) -> None:
    logger.warning(
        "import screen refused: user=%s kind=%s action=%s", request.user.pk, kind.name, action
    )
    audit_record(
        AuditAction.ACCESS_DENIED,
        object_type=kind.name,
        object_label=str(kind.label),
        details={"view": "imports", "asked_for": action, "path": request.path},
    )
    raise PermissionDenied


def _importable(request: HttpRequest, name: str) -> ImportKind:
    """The kind called ``name`` if the user may import it; 404 unknown, 403 not allowed."""
    kind = _kind_or_404(name)
    if not kind.can_import(request.user):
        _refuse(request, kind, "import")
    return kind


# --- Views ------------------------------------------------------------------------------------


def _summary(report: ImportReport) -> str:
    return _(
        "%(created)s data baru, %(updated)s diperbarui, %(unchanged)s tidak berubah "
        "(dari %(total)s baris)."
    ) % {
        "created": report.created,
        "updated": report.updated,
        "unchanged": getattr(report, "unchanged", 0),
        "total": report.total_rows,
    }


def _expired(request: HttpRequest) -> HttpResponse:
    messages.warning(
        request,
        _("Berkas unggahan sudah kedaluwarsa (lebih dari 1 jam) dan telah dihapus. Unggah ulang."),
    )
    return redirect("lms_imports:upload")


class ImportPageMixin(WagtailAdminTemplateMixin):
    header_icon = "upload"
    page_title = _("Impor data kepegawaian")

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse("lms_imports:upload"), "label": _("Impor data")},
            {"url": "", "label": self.get_page_title()},
        ]


@method_decorator(import_access_required, name="dispatch")
class UploadView(ImportPageMixin, View):
    """Step 1: choose the kind and upload a file; the dry run runs before anything is kept."""

    template_name = "imports/upload.html"
    page_title = _("Unggah berkas")

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render_page(
            UploadForm(initial={"kind": request.GET.get("jenis")}, user=request.user)
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        posted = import_kinds().get(request.POST.get("kind", ""))
        if posted is not None and not posted.can_import(request.user):
            _refuse(request, posted, "import")  # a kind the page does not offer: 403, not 400
        form = UploadForm(request.POST, request.FILES, user=request.user)
        if not form.is_valid():
            return self.render_page(form, status=400)
        kind = form.cleaned_data["kind"]
        upload = form.cleaned_data["file"]
        data = upload.read()
        filename = Path(upload.name).name[:200]
        try:
            report = run_import(
                kind, data, filename, user=request.user, commit=False, options=form.options
            )
        except UnreadableFile as error:
            logger.info(
                "import unreadable: user=%s kind=%s file=%r code=%s",
                request.user.pk,
                kind,
                filename,
                error.code,
            )
            form.add_error("file", error.message)
            return self.render_page(form, status=400)
        staged = Staging().create(
            user=request.user,
            kind=kind,
            filename=filename,
            data=data if report.ok or report.groups else None,
            report=report,
            options=form.options,
        )
        logger.info(
            "import dry run: user=%s kind=%s file=%r rows=%s valid=%s errors=%s",
            request.user.pk,
            kind,
            filename,
            report.total_rows,
            report.valid_rows,
            len(report.errors),
        )
        return redirect("lms_imports:preview", token=staged.token)

    def render_page(self, form: UploadForm, status: int = 200) -> HttpResponse:
        user = self.request.user
        kinds = [
            {
                "name": kind.name,
                "label": kind.label,
                "can_import": kind.can_import(user),
                "can_export": kind.can_export(user),
                "has_template": bool(kind.template_columns) and kind.can_import(user),
            }
            for kind in kinds_for(user).values()
        ]
        context = self.get_context_data(form=form, kinds=kinds, formats=EXPORT_FORMATS)
        return self.render_to_response(context, status=status)


@method_decorator(import_access_required, name="dispatch")
class PreviewView(ImportPageMixin, View):
    """Step 2: the dry-run report; the confirm button only when there is no error."""

    template_name = "imports/preview.html"
    page_title = _("Pratinjau impor")

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        staging = Staging()
        try:
            staged = staging.load(token, request.user)
        except StagingExpired:
            return _expired(request)
        kind = _importable(request, staged.kind)
        return self.render_preview(staging, staged, kind)

    def render_preview(
        self, staging: Staging, staged, kind: ImportKind, form=None, status: int = 200
    ) -> HttpResponse:
        request = self.request
        report = staged.import_report()
        can_map = not staged.done and staging.has_data(staged)
        if form is None and can_map:
            form = kind.mapping_form(request.user, report, options=staged.options)
        error_rows = set(staged.preview_error_rows)
        preview_rows = [
            {
                "number": row.get("_row", ""),
                "has_error": str(row.get("_row", "")) in error_rows,
                "cells": [row.get(column, "") for column in report.columns],
            }
            for row in report.preview
        ]
        context = self.get_context_data(
            staged=staged,
            kind=kind,
            report=report,
            errors=report.errors,
            error_count=staged.error_count,
            errors_hidden=max(staged.error_count - len(report.errors), 0),
            error_row_count=staged.error_row_count,
            preview_rows=preview_rows,
            can_confirm=report.ok and not staged.done and staging.has_data(staged),
            summary=_summary(report) if staged.done else "",
            next_steps=kind.next_steps(request.user) if staged.done else [],
            has_full_report=staging.report_csv(staged) is not None,
            mapping_form=form if can_map else None,
        )
        return self.render_to_response(context, status=status)


@method_decorator(import_access_required, name="dispatch")
class MappingView(PreviewView):
    """Step 2 again with another mapping of the file's groups (e.g. Moodle categories to
    question banks), POST only."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        """A new mapping of the file's groups (``ImportKind.mapping_form``): the dry run
        again on the staged file with it; nothing is written but the staged report. An
        invalid choice (another user's bank, an unknown id) answers 400 and changes nothing."""
        staging = Staging()
        try:
            staged = staging.load(token, request.user)
        except StagingExpired:
            return _expired(request)
        kind = _importable(request, staged.kind)
        report = staged.import_report()
        form = kind.mapping_form(request.user, report, request.POST, staged.options)
        if form is None or staged.done or not staging.has_data(staged):
            messages.warning(request, _("Pemetaan tidak dapat diubah lagi untuk berkas ini."))
            return redirect("lms_imports:preview", token=token)
        if not form.is_valid():
            return self.render_preview(staging, staged, kind, form, status=400)
        options = {**staged.options, **kind.mapping_options(form)}
        try:
            kind.check_options(options)
            data = staging.read(staged)
            report = run_import(
                staged.kind, data, staged.filename, user=request.user, commit=False,
                options=options,
            )  # fmt: skip
        except ValidationError as error:
            form.add_error(None, error)
            return self.render_preview(staging, staged, kind, form, status=400)
        except (StagingError, UnreadableFile):
            messages.warning(request, _("Pemetaan tidak dapat diubah lagi untuk berkas ini."))
            return redirect("lms_imports:preview", token=token)
        staging.restage(staged, report, options)
        logger.info(
            "import mapping: user=%s kind=%s file=%r valid=%s errors=%s",
            request.user.pk,
            staged.kind,
            staged.filename,
            report.valid_rows,
            len(report.errors),
        )
        messages.success(request, _("Pemetaan diterapkan; pratinjau di bawah memakainya."))
        return redirect("lms_imports:preview", token=token)


@require_POST
@import_access_required
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """Step 3: imports the staged file for real (all or nothing), exactly once."""
    staging = Staging()
    try:
        staged = staging.load(token, request.user)
    except StagingExpired:
        return _expired(request)
    _importable(request, staged.kind)  # again: a permission may be gone since the preview
    if staged.done:
        messages.info(
            request,
            _("Berkas ini sudah diimpor sebelumnya; tidak ada data yang ditulis ulang."),
        )
        return redirect("lms_imports:preview", token=token)
    if not staged.import_report().ok:
        messages.error(request, _("Berkas masih memiliki galat; perbaiki lalu unggah ulang."))
        return redirect("lms_imports:preview", token=token)
    try:
        data = staging.claim(staged)
    except StagingError:
        messages.warning(
            request,
            _("Impor berkas ini sedang atau sudah diproses; tidak ada data yang ditulis ulang."),
        )
        return redirect("lms_imports:preview", token=token)
    try:
        report = run_import(
            staged.kind,
            data,
            staged.filename,
            user=request.user,
            commit=True,
            options=staged.options,
        )
    except UnreadableFile as error:
        staging.discard(staged)
        messages.error(request, error.message)
        return redirect("lms_imports:upload")
    except Exception:
        staging.release(staged)  # let the user try again after an unexpected failure
        raise
    logger.info(
        "import confirm: user=%s kind=%s file=%r committed=%s created=%s updated=%s errors=%s",
        request.user.pk,
        staged.kind,
        staged.filename,
        report.committed,
        report.created,
        report.updated,
        len(report.errors),
    )
    if report.committed and report.ok:
        staging.finish(staged, report)
        messages.success(request, _("Impor selesai: %(summary)s") % {"summary": _summary(report)})
        return redirect("lms_imports:preview", token=token)
    # The data changed since the dry run (e.g. a NIP taken meanwhile): nothing was written.
    staged.set_report(report)
    staging.write_meta(staged, report)
    staging.release(staged)
    messages.error(request, _("Impor dibatalkan karena ada galat; tidak ada data yang ditulis."))
    return redirect("lms_imports:preview", token=token)


@import_access_required
def report_download(request: HttpRequest, token: str) -> HttpResponse:
    """The whole report of the user's upload as CSV: every error and skipped item (the
    screen shows the first ones only)."""
    staging = Staging()
    try:
        staged = staging.load(token, request.user)
    except StagingExpired:
        return _expired(request)
    _importable(request, staged.kind)
    content = staging.report_csv(staged)
    if content is None:
        raise Http404
    return _attachment(content, f"laporan-impor-{staged.kind}.csv", "csv")


def _attachment(content: bytes, filename: str, fmt: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


@import_access_required
def template(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    """An empty file with the kind's canonical header row (for those who may import it)."""
    import_kind = _importable(request, kind)
    if fmt not in EXPORT_FORMATS or not import_kind.template_columns:
        raise Http404
    return _attachment(import_kind.template(fmt), f"templat-{kind}.{fmt}", fmt)


@import_access_required
def export(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    """The kind's data within the user's scope, in a file that re-imports unchanged."""
    export_kind = _kind_or_404(kind)
    if not export_kind.can_export(request.user):
        _refuse(request, export_kind, "export")
    if fmt not in EXPORT_FORMATS:
        raise Http404
    limited = rate_exceeded(
        request, scope="export", limit=settings.LMS_EXPORT_RATE, subject=user_key(request.user)
    )
    if limited.exceeded:
        return rate_limited_response(request, limited)
    content = run_export(kind, fmt, user=request.user)
    logger.info("export: user=%s kind=%s format=%s", request.user.pk, kind, fmt)
    stamp = timezone.localdate().isoformat()
    return _attachment(content, f"{kind}-{stamp}.{fmt}", fmt)
