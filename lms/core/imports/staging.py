"""Server-side staging of import uploads between the dry run and the confirmation.

The uploaded bytes stay on the server, never in the page: under ``LMS_IMPORT_STAGING_DIR``
(default ``MEDIA_ROOT/imports/tmp``), named by an HMAC of a random token (the URL's token alone
does not name the file), readable only by the server process (mode 0600), bound to the user who
uploaded them and deleted after the confirmed import or after one hour. A file whose dry run
has errors is not kept at all (it cannot be confirmed), unless its report has groups the user
may map to other targets in the preview (``ImportReport.groups``): a new mapping re-runs the
dry run on the kept file (:meth:`Staging.read`, :meth:`Staging.restage`). Confirming claims
the file with an atomic rename (:meth:`Staging.claim`), so a double submit or a re-post of the
same token never imports twice; a "done" marker (the metadata with ``done=True``) is kept for a day.

The metadata keeps at most ``MAX_ERRORS_SHOWN`` errors (the screen's cap); the whole report,
every error and skipped item, is a CSV next to it (``<hmac>-report.csv``, only for a report
with errors or skipped items; :meth:`Staging.report_csv`) for the report download, swept
after an hour like the upload. It holds the report, never the uploaded bytes.
"""

import dataclasses
import json
import os
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import Http404
from django.utils.crypto import salted_hmac

from .report import ImportReport, RowError
from .writing import write_csv

REPORT_HEADERS = ("baris", "kolom", "kode", "pesan", "status")

STAGING_TTL = 3600  # seconds an uploaded file waits for its confirmation
DONE_TTL = 24 * 3600  # seconds a "this token was imported" marker is kept
TOKEN_PATTERN = r"[A-Za-z0-9_-]{43}"  # noqa: S105 - a regex, not a secret
TOKEN_RE = re.compile(rf"^{TOKEN_PATTERN}$")
MAX_ERRORS_SHOWN = 1000


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
    options: dict[str, Any] = dataclasses.field(default_factory=dict)

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
        data["skipped"] = [RowError(**item) for item in data.get("skipped", [])]
        fields = {field.name for field in dataclasses.fields(ImportReport)}
        return ImportReport(**{key: value for key, value in data.items() if key in fields})


class Staging:
    """Files under one private folder: ``<hmac>.json`` (metadata) and ``<hmac>.data``."""

    def __init__(self, root: Path | None = None) -> None:
        default = Path(settings.BASE_DIR) / "private" / "imports"  # never under MEDIA_ROOT
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

    def create(
        self,
        *,
        user,
        kind: str,
        filename: str,
        data: bytes | None,
        report,
        options: dict[str, Any] | None = None,
    ) -> Staged:
        self.root.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.sweep()
        staged = Staged(
            token=secrets.token_urlsafe(32),
            user_id=user.pk,
            kind=kind,
            filename=filename,
            created=time.time(),
            options=dict(options or {}),
        )
        staged.set_report(report)
        base = self._base(staged.token)
        if data is not None:
            self._write(base.with_suffix(".data"), data)
        self.write_meta(staged, report)
        return staged

    def write_meta(self, staged: Staged, report: ImportReport | None = None) -> None:
        """Writes the metadata of ``staged`` (report, done flag): a file, not a model; with
        ``report`` with errors or skipped items, also its whole report as CSV (no cap)."""
        meta = dataclasses.asdict(staged)
        meta.pop("token")
        base = self._base(staged.token)
        if report is not None and (report.errors or report.skipped):
            rows = [(str(e.row), e.column, e.code, e.message, "galat") for e in report.errors]
            rows += [(str(e.row), e.column, e.code, e.message, "dilewati") for e in report.skipped]
            self._write(self._report_path(staged), write_csv(REPORT_HEADERS, rows))
        elif report is not None:  # a later run of the same upload without errors
            self._report_path(staged).unlink(missing_ok=True)
        self._write(base.with_suffix(".json"), json.dumps(meta).encode())

    def report_csv(self, staged: Staged) -> bytes | None:
        """The whole report of ``staged`` as CSV (None once swept)."""
        try:
            return self._report_path(staged).read_bytes()
        except FileNotFoundError:
            return None

    def _report_path(self, staged: Staged) -> Path:
        base = self._base(staged.token)
        return base.with_name(f"{base.name}-report.csv")

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

    def read(self, staged: Staged) -> bytes:
        """The staged bytes for another dry run (not claimed); ``StagingError`` when gone."""
        try:
            return self._base(staged.token).with_suffix(".data").read_bytes()
        except FileNotFoundError as error:
            raise StagingError from error

    def restage(self, staged: Staged, report: ImportReport, options: dict[str, Any]) -> None:
        """A new dry run of the same upload (other options): its report and options replace
        the old ones; the file stays, its hour still counted from the upload."""
        staged.options = dict(options)
        staged.set_report(report)
        self.write_meta(staged, report)

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
        self.write_meta(staged, report)
        for suffix in (".data", ".claimed"):
            self._base(staged.token).with_suffix(suffix).unlink(missing_ok=True)

    def discard(self, staged: Staged) -> None:
        for suffix in (".json", ".data", ".claimed"):
            self._base(staged.token).with_suffix(suffix).unlink(missing_ok=True)
        self._report_path(staged).unlink(missing_ok=True)

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
