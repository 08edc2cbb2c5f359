"""The ``h5p`` import kind: an ``.h5p`` package through the same pipeline as every other import
(the admin's upload → preview → confirm screens and ``manage.py lms_import h5p FILE
[--commit]``; docs/interfaces.md).

The dry run is every check of docs/quality.md R4 (``services.h5p_package_check``); its report
lists each problem (the archive entry in the "column"), or what would be installed. Confirming
checks again and records a pending package whose Celery task installs it
(``services.h5p_package_submit``); its status shows under Asesmen → Aktivitas H5P.

Permissions: ``add_h5ppackage`` (Pengajar, BKPSDM). A package that brings libraries the site
lacks also needs ``install_h5plibrary`` (BKPSDM), checked by the services.
"""

import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lms.core.imports import ImportKind, ImportReport, RowError, UnreadableFile, register_kind

from .archive import PackageRejected
from .services import h5p_package_check, h5p_package_submit
from .storage import h5p_root

COLUMNS = ["bagian", "nama", "versi", "tindakan"]


def max_upload_bytes() -> int:
    """The largest ``.h5p`` accepted: the whole expanded size is capped anyway."""
    return settings.LMS_H5P_MAX_TOTAL_BYTES


@dataclass(frozen=True)
class H5PImportKind(ImportKind):
    extensions: tuple[str, ...] = (".h5p",)

    def can_export(self, user: Any) -> bool:
        return False  # packages are not exported back

    def max_bytes(self) -> int:
        return max_upload_bytes()

    def run(
        self,
        data: bytes,
        filename: str,
        *,
        user: Any,
        commit: bool,
        options: Mapping[str, Any] | None = None,
    ) -> ImportReport:
        if len(data) > max_upload_bytes():
            raise UnreadableFile(
                "too_big",
                _("Paket lebih dari %(size)s.") % {"size": filesizeformat(max_upload_bytes())},
            )
        base = h5p_root() / "tmp"
        base.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=base, suffix=".h5p") as upload:
            upload.write(data)
            upload.flush()
            source = Path(upload.name)
            try:
                if commit:
                    package = h5p_package_submit(source=source, filename=filename, user=user)
                    inspection = None
                else:
                    inspection = h5p_package_check(source=source, user=user)
                    package = None
            except PackageRejected as rejected:
                errors = [
                    RowError(
                        row=1, column=problem.entry, code=problem.code, message=problem.message
                    )
                    for problem in rejected.problems
                ]
                return self._report(filename, errors=errors, committed=False)
        if package is not None:
            return self._report(
                filename,
                committed=True,
                preview=[self._row(_("konten"), package.title, "", _("dipasang oleh worker"))],
                notes=[
                    _(
                        "Paket diterima dan sedang dipasang. Statusnya terlihat di Asesmen → "
                        "Aktivitas H5P."
                    )
                ],
            )
        installing = {lib.key for lib in inspection.to_install}
        rows = [self._row(_("konten"), inspection.title, "", _("akan dibuat"))]
        for key in inspection.closure:
            name, major, minor = key
            if key in installing:
                action = (
                    _("akan diperbarui (patch baru)")
                    if key in inspection.installed
                    else _("akan dipasang")
                )
            else:
                action = _("sudah terpasang")
            rows.append(self._row(_("pustaka"), name, f"{major}.{minor}", action))
        return self._report(filename, preview=rows, notes=inspection.notes, committed=False)

    @staticmethod
    def _row(part: str, name: str, version: str, action: str) -> dict[str, str]:
        return {"_row": "1", "bagian": part, "nama": name, "versi": version, "tindakan": action}

    def _report(
        self,
        filename: str,
        *,
        committed: bool,
        errors: list[RowError] | None = None,
        preview: list[dict[str, str]] | None = None,
        notes: list[str] | None = None,
    ) -> ImportReport:
        errors = errors or []
        return ImportReport(
            kind=self.name,
            filename=filename,
            total_rows=1,
            valid_rows=0 if errors else 1,
            created=0 if errors else 1,
            updated=0,
            errors=errors,
            committed=committed,
            preview=preview or [],
            columns=COLUMNS if preview else [],
            notes=notes or [],
        )


def register() -> None:
    register_kind(
        H5PImportKind(
            name="h5p",
            label=gettext_lazy("Paket H5P (.h5p)"),
            template_columns=[],
            import_permissions=("assessments.add_h5ppackage",),
        )
    )
