"""The parameters of one export (kind, format, year, OPD, jenis jabatan, competency), checked
once for the admin endpoint, the prepared download and ``lms_report``.

Every value arrives as text (a form field, a command-line argument, a stored download's JSON)
and is checked before anything is read or written: an unknown kind or format, a pair that does
not exist, a year that is not a number in 2000–2100, an unknown jenis jabatan or competency,
or a malformed OPD code raise :class:`ExportError` with an Indonesian message; an OPD that is
unknown **or outside the viewer's scope** raises :class:`OutOfScope` (the endpoint answers 404
and logs it; the two cases are not told apart).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from lms.competencies.models import Competency
from lms.people.models import OPD
from lms.people.selectors import opds_visible_to

from ..selectors import ReportFilterError, ReportFilters, report_filters
from .kinds import KINDS, ExportKind

MAX_TEXT = 100
_CLEAN = re.compile(r"^[^\x00-\x1f\x7f]+$")


class ExportError(ValueError):
    """A parameter an export cannot take: ``field`` and an Indonesian ``message``."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


class OutOfScope(LookupError):
    """The OPD is unknown or outside the viewer's scope (404, logged)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class ExportRequest:
    kind: ExportKind
    fmt: str
    filters: ReportFilters

    def parameters(self) -> dict:
        """What a prepared download stores (re-checked with the owner's scope at build time)."""
        f = self.filters
        return {
            "kind": self.kind.name,
            "format": self.fmt,
            "year": f.year,
            "opd": f.opd.code if f.opd else "",
            "jenis_jabatan": f.jenis_jabatan or "",
            "competency": f.competency.code if f.competency else "",
        }


def _text(field: str, value) -> str:
    if value is None:
        return ""
    value = str(value).strip()
    if len(value) > MAX_TEXT or (value and not _CLEAN.match(value)):
        raise ExportError(field, _("Nilai isian ini tidak sah."))
    return value


def kind_and_format(kind: str, fmt: str) -> tuple[ExportKind, str]:
    kind, fmt = _text("kind", kind), _text("format", fmt).lower()
    spec = KINDS.get(kind)
    if spec is None:
        raise ExportError(
            "kind",
            _('Jenis laporan "%(kind)s" tidak dikenal. Pilihan: %(kinds)s.')
            % {"kind": kind, "kinds": ", ".join(KINDS)},
        )
    if fmt not in spec.formats:
        raise ExportError(
            "format",
            _('Laporan "%(kind)s" tidak tersedia dalam format "%(format)s". Pilihan: %(formats)s.')
            % {"kind": kind, "format": fmt, "formats": ", ".join(spec.formats)},
        )
    return spec, fmt


def parse_year(value) -> int:
    text = _text("year", value)
    if not text.isascii() or not text.isdigit():
        raise ExportError("year", _("Tahun harus berupa bilangan bulat."))
    return int(text)


def export_request(
    *, viewer, kind, fmt, year, opd=None, jenis_jabatan=None, competency=None
) -> ExportRequest:
    """Checks every parameter (module docstring). ``viewer=None``: the operator's command
    without ``--as`` (every OPD)."""
    spec, fmt = kind_and_format(kind, fmt)
    year = parse_year(year)
    code = _text("opd", opd)
    jenis = _text("jenis_jabatan", jenis_jabatan)
    competency_code = _text("competency", competency)
    target = None
    if code:
        opds = OPD.objects.all() if viewer is None else opds_visible_to(viewer)
        target = opds.filter(code=code).first()
        if target is None:
            raise OutOfScope(code)
    chosen = None
    if competency_code:
        chosen = Competency.objects.filter(code=competency_code).first()
        if chosen is None:
            raise ExportError("competency", _("Kompetensi tidak dikenal."))
    try:
        filters = report_filters(
            viewer=viewer, year=year, opd=target, jenis_jabatan=jenis or None, competency=chosen
        )
    except ReportFilterError as error:
        raise ExportError(error.field, error.message) from error
    return ExportRequest(spec, fmt, filters)
