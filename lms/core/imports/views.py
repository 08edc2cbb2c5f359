"""Admin screens of the HR import: upload → dry-run preview with row-level errors → confirm.

Only the ``lms.core.imports`` API is used here (``run_import``, ``run_export``, the kinds); the
engine applies the user's OPD scope (``user=``) and logs each run, so this module knows nothing
about people or competencies.

Between the steps the uploaded bytes stay on the server, never in the page: under
``LMS_IMPORT_STAGING_DIR`` (default ``MEDIA_ROOT/imports/tmp``), named by an HMAC of a random
token (the URL's token alone does not name the file), readable only by the server process, bound
to the user who uploaded them and deleted after the confirmed import or after one hour. A file
whose dry run has errors is not kept at all (it cannot be confirmed). Confirming claims the file
with an atomic rename, so a double submit or a re-post of the same token never imports twice.

Who may do what is decided per kind (``ImportKind.can_import`` / ``can_export``: the model
permissions each kind declares, docs/security.md). The upload page lists only the kinds the user
may import or export, and offers only the actions they may take; uploading, previewing,
confirming, downloading the template (import) or the data (export) of any other kind answers
403 and writes nothing. The confirmation checks again, so a permission removed after the
preview stops the import. A user who may use no kind at all gets 403 on every screen.
"""

import dataclasses
import json
import logging
import os
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.http import require_POST
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import (
    ImportKind,
    ImportReport,
    RowError,
    UnreadableFile,
    import_kinds,
    kinds_for,
    run_export,
    run_import,
)
from .forms import UploadForm

logger = logging.getLogger("lms.imports.admin")

STAGING_TTL = 3600  # seconds an uploaded file waits for its confirmation
DONE_TTL = 24 * 3600  # seconds a "this token was imported" marker is kept
TOKEN_PATTERN = r"[A-Za-z0-9_-]{43}"  # noqa: S105 - a regex, not a secret
TOKEN_RE = re.compile(rf"^{TOKEN_PATTERN}$")
MAX_ERRORS_SHOWN = 1000
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
    raise PermissionDenied


def _importable(request: HttpRequest, name: str) -> ImportKind:
    """The kind called ``name`` if the user may import it; 404 unknown, 403 not allowed."""
    kind = _kind_or_404(name)
    if not kind.can_import(request.user):
        _refuse(request, kind, "import")
    return kind


# --- Server-side staging of uploads -----------------------------------------------------------


class StagingError(Exception):
    """The staged file is gone: claimed by another request or already imported."""


class StagingExpired(Exception):
    """The user's own upload waited more than an hour and was deleted."""


@dataclass
class Staged:
    """One upload waiting for (or done with) its confirmation."""

    token: str
    user_id: int
    kind: str
    filename: str
    created: float
    report: dict[str, Any] = dataclasses.field(default_factory=dict)
    done: bool = False
    error_count: int = 0
    error_row_count: int = 0
    preview_error_rows: list[str] = dataclasses.field(default_factory=list)

    def set_report(self, report: ImportReport) -> None:
        """Keeps the report, with at most ``MAX_ERRORS_SHOWN`` errors (a file may have 100k)."""
        rows = {str(error.row) for error in report.errors}
        self.error_count = len(report.errors)
        self.error_row_count = len(rows)
        self.preview_error_rows = sorted(
            {str(row.get("_row", "")) for row in report.preview} & rows
        )
        stored = dataclasses.replace(report, errors=list(report.errors[:MAX_ERRORS_SHOWN]))
        self.report = dataclasses.asdict(stored)

    @property
    def expired(self) -> bool:
        ttl = DONE_TTL if self.done else STAGING_TTL
        return time.time() - self.created > ttl

    def import_report(self) -> ImportReport:
        data = dict(self.report)
        data["errors"] = [RowError(**error) for error in data.get("errors", [])]
        fields = {field.name for field in dataclasses.fields(ImportReport)}
        return ImportReport(**{key: value for key, value in data.items() if key in fields})


class Staging:
    """Files under one private folder: ``<hmac>.json`` (metadata) and ``<hmac>.data``."""

    def __init__(self, root: Path | None = None) -> None:
        default = Path(settings.MEDIA_ROOT) / "imports" / "tmp"
        self.root = Path(root or getattr(settings, "LMS_IMPORT_STAGING_DIR", None) or default)

    def _base(self, token: str) -> Path:
        digest = salted_hmac("lms.core.imports.staging", token).hexdigest()
        return self.root / digest

    def _write(self, path: Path, content: bytes) -> None:
        partial = path.with_name(f"{path.name}.{secrets.token_hex(4)}.part")
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(content)
        os.replace(partial, path)

    def create(self, *, user, kind: str, filename: str, data: bytes | None, report) -> Staged:
        self.root.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.sweep()
        staged = Staged(
            token=secrets.token_urlsafe(32),
            user_id=user.pk,
            kind=kind,
            filename=filename,
            created=time.time(),
        )
        staged.set_report(report)
        base = self._base(staged.token)
        if data is not None:
            self._write(base.with_suffix(".data"), data)
        self.save(staged)
        return staged

    def save(self, staged: Staged) -> None:
        meta = dataclasses.asdict(staged)
        meta.pop("token")
        self._write(self._base(staged.token).with_suffix(".json"), json.dumps(meta).encode())

    def load(self, token: str, user) -> Staged:
        """The user's staged upload; ``Http404`` if unknown or someone else's."""
        if not TOKEN_RE.match(token):
            raise Http404
        try:
            meta = json.loads(self._base(token).with_suffix(".json").read_bytes())
        except (FileNotFoundError, ValueError) as error:
            raise Http404 from error
        try:
            staged = Staged(token=token, **meta)
        except TypeError as error:  # written by an incompatible version
            raise Http404 from error
        if staged.user_id != user.pk:
            raise Http404
        if staged.expired:
            self.discard(staged)
            raise StagingExpired
        return staged

    def has_data(self, staged: Staged) -> bool:
        return self._base(staged.token).with_suffix(".data").exists()

    def claim(self, staged: Staged) -> bytes:
        """Atomically takes the file for a commit; a second claim raises ``StagingError``."""
        base = self._base(staged.token)
        claimed = base.with_suffix(".claimed")
        try:
            os.rename(base.with_suffix(".data"), claimed)
        except FileNotFoundError as error:
            raise StagingError from error
        return claimed.read_bytes()

    def release(self, staged: Staged) -> None:
        base = self._base(staged.token)
        os.rename(base.with_suffix(".claimed"), base.with_suffix(".data"))

    def finish(self, staged: Staged, report: ImportReport) -> None:
        staged.done = True
        staged.set_report(report)
        self.save(staged)
        for suffix in (".data", ".claimed"):
            self._base(staged.token).with_suffix(suffix).unlink(missing_ok=True)

    def discard(self, staged: Staged) -> None:
        for suffix in (".json", ".data", ".claimed"):
            self._base(staged.token).with_suffix(suffix).unlink(missing_ok=True)

    def sweep(self) -> None:
        """Deletes uploads older than an hour and done markers older than a day."""
        now = time.time()
        for path in self.root.glob("*"):
            ttl = DONE_TTL if path.suffix == ".json" else STAGING_TTL
            try:
                if now - path.stat().st_mtime > ttl:
                    path.unlink(missing_ok=True)
            except FileNotFoundError:
                continue


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
            report = run_import(kind, data, filename, user=request.user, commit=False)
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
            data=data if report.ok else None,
            report=report,
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
        report = staged.import_report()
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
        )
        return self.render_to_response(context)


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
        report = run_import(staged.kind, data, staged.filename, user=request.user, commit=True)
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
    staging.save(staged)
    staging.release(staged)
    messages.error(request, _("Impor dibatalkan karena ada galat; tidak ada data yang ditulis."))
    return redirect("lms_imports:preview", token=token)


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
    content = run_export(kind, fmt, user=request.user)
    logger.info("export: user=%s kind=%s format=%s", request.user.pk, kind, fmt)
    stamp = timezone.localdate().isoformat()
    return _attachment(content, f"{kind}-{stamp}.{fmt}", fmt)
