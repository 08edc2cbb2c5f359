"""Shared pieces of the people import kinds: text export, the scoped handler, cell
helpers and the in-memory OPD and position lookups (see ``lms.people.imports``)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import resources

from lms.core.imports import Row, TableHandler
from lms.core.imports.cells import normalize_cell
from lms.core.imports.values import ValueProblem, check_length

from ..models import OPD, Position
from ..selectors import opd_scope_ids

# --------------------------------------------------------------------------- export resources


def export_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


class TextResource(resources.ModelResource):
    """Exports every value as text: ISO dates, ``ya``/``tidak`` booleans, "" for None."""

    def export_texts(self, instance: Any) -> list[str]:
        return [export_text(value) for value in self.export_resource(instance)]


# ------------------------------------------------------------------------------- shared bits


class ScopedHandler(TableHandler):
    """A handler whose scope is the user's OPD scope (``opd_scope_ids``)."""

    def scope_ids(self, user: Any) -> frozenset[int] | None:
        return opd_scope_ids(user)


def text_field(row: Row, column: str, max_length: int, label: str, *, required: bool) -> str | None:
    """The cell text, length-checked; None (with a row error) when invalid or missing."""
    value = row.get(column)
    if not value:
        if required:
            row.error(column, "required", _("%(label)s wajib diisi.") % {"label": label})
            return None
        return ""
    try:
        return check_length(value, max_length, label)
    except ValueProblem as problem:
        row.error(column, problem.code, problem.message)
        return None


def value_of(row: Row, column: str, parser, *args, **kwargs) -> Any:
    """``parser(cell)`` or None with the problem recorded as a row error."""
    try:
        return parser(row.get(column), *args, **kwargs)
    except ValueProblem as problem:
        row.error(column, problem.code, problem.message)
        return None


def name_key(value: str) -> str:
    return normalize_cell(value).casefold()


class CodeIndex:
    """Lookup by code: exact, else case-insensitive when exactly one record matches."""

    by_code: dict[str, Any]
    by_code_ci: dict[str, list[Any]]

    def find_code(self, code: str) -> Any:
        info = self.by_code.get(code)
        if info is None:
            matches = self.by_code_ci.get(code.casefold(), [])
            info = matches[0] if len(matches) == 1 else None
        return info


@dataclass
class OPDInfo:
    pk: int
    code: str
    name: str
    parent_id: int | None
    valid_to: datetime.date | None


@dataclass
class OPDIndex(CodeIndex):
    """Every OPD, loaded with one query, for resolving codes and names in memory."""

    by_pk: dict[int, OPDInfo] = field(default_factory=dict)
    by_code: dict[str, OPDInfo] = field(default_factory=dict)
    by_code_ci: dict[str, list[OPDInfo]] = field(default_factory=dict)
    by_name: dict[str, list[OPDInfo]] = field(default_factory=dict)

    @classmethod
    def load(cls) -> OPDIndex:
        index = cls()
        today = timezone.localdate()
        for pk, code, name, parent_id, valid_to in OPD.objects.values_list(
            "pk", "code", "name", "parent_id", "valid_to"
        ):
            info = OPDInfo(pk, code, name, parent_id, valid_to)
            index.by_pk[pk] = info
            index.by_code[code] = info
            index.by_code_ci.setdefault(code.casefold(), []).append(info)
            if valid_to is None or valid_to >= today:
                index.by_name.setdefault(name_key(name), []).append(info)
        return index

    def ancestors_or_self(self, pk: int) -> set[int]:
        found: set[int] = set()
        current: int | None = pk
        while current is not None and current not in found:
            found.add(current)
            current = self.by_pk[current].parent_id if current in self.by_pk else None
        return found

    def resolve(
        self, row: Row, code_column: str = "opd_code", name_column: str = "opd_name"
    ) -> OPDInfo | None:
        """The OPD named by the row's code (or, without a code, unambiguous name); errors
        are recorded on the row. The resolved code is shown in the preview."""
        code, name = row.get(code_column), row.get(name_column)
        if code:
            info = self.find_code(code)
            if info is None:
                row.error(
                    code_column,
                    "unknown_opd",
                    _(
                        'Kode OPD "%(code)s" tidak ada di sistem. Impor atau tambahkan OPD itu '
                        "lebih dulu, atau perbaiki kodenya; OPD tidak dibuat otomatis."
                    )
                    % {"code": code},
                )
            else:
                row.display[code_column] = info.code
            return info
        if name:
            matches = self.by_name.get(name_key(name), [])
            if len(matches) == 1:
                row.display[code_column] = matches[0].code
                return matches[0]
            if matches:
                row.error(
                    name_column,
                    "ambiguous_opd",
                    _(
                        'Nama OPD "%(name)s" cocok dengan beberapa OPD (kode %(codes)s). Isi '
                        "kolom kode OPD agar jelas."
                    )
                    % {"name": name, "codes": ", ".join(sorted(m.code for m in matches))},
                )
            else:
                row.error(
                    name_column,
                    "unknown_opd",
                    _(
                        'Tidak ada OPD aktif bernama "%(name)s" (nama harus sama persis). Isi '
                        "kolom kode OPD, atau tambahkan OPD itu lebih dulu."
                    )
                    % {"name": name},
                )
            return None
        row.error(code_column, "required", _("Kode OPD wajib diisi."))
        return None


def out_of_scope_message() -> str:
    return _(
        "Baris ini menyangkut OPD di luar cakupan Anda; hanya data OPD yang menjadi cakupan "
        "akun Anda yang boleh diimpor. Baris ditolak dan dicatat."
    )


@dataclass
class PositionInfo:
    pk: int
    code: str
    name: str
    jenis_jabatan: str
    jenjang: str
    opd_id: int | None
    is_it_role: bool


class PositionIndex(CodeIndex):
    """Every position, loaded with one query."""

    def __init__(self) -> None:
        self.by_code: dict[str, PositionInfo] = {}
        self.by_code_ci: dict[str, list[PositionInfo]] = {}
        self.by_name: dict[str, list[PositionInfo]] = {}
        for values in Position.objects.values_list(
            "pk", "code", "name", "jenis_jabatan", "jenjang", "opd_id", "is_it_role"
        ):
            info = PositionInfo(*values)
            self.by_code[info.code] = info
            self.by_code_ci.setdefault(info.code.casefold(), []).append(info)
            self.by_name.setdefault(name_key(info.name), []).append(info)

    def resolve(self, row: Row, opd: OPDInfo | None, opds: OPDIndex) -> PositionInfo | None:
        """The position named by the row's ``position_code`` (or, without a code, its
        unambiguous ``position_name``) for an employee of ``opd``: shared, or of ``opd`` or a
        unit above it. Errors are recorded on the row; the resolved code is shown in the
        preview. None also when the row names no position."""
        code, name = row.get("position_code"), row.get("position_name")
        info = None
        allowed = opds.ancestors_or_self(opd.pk) if opd else set()
        if code:
            info = self.find_code(code)
            if info is None:
                row.error(
                    "position_code",
                    "unknown_position",
                    _(
                        'Kode jabatan "%(code)s" tidak ada di sistem. Impor jabatan lebih dulu '
                        "atau perbaiki kodenya; jabatan tidak dibuat otomatis."
                    )
                    % {"code": code},
                )
                return None
            column = "position_code"
        elif name:
            column = "position_name"
            matches = [
                p
                for p in self.by_name.get(name_key(name), [])
                if p.opd_id is None or p.opd_id in allowed
            ]
            if len(matches) != 1:
                row.error(
                    column,
                    "ambiguous_position" if matches else "unknown_position",
                    _(
                        'Nama jabatan "%(name)s" cocok dengan beberapa jabatan (%(codes)s); isi '
                        "kolom kode jabatan."
                    )
                    % {"name": name, "codes": ", ".join(sorted(p.code for p in matches))}
                    if matches
                    else _(
                        'Tidak ada jabatan bernama "%(name)s" untuk OPD ini (nama harus sama '
                        "persis). Isi kolom kode jabatan atau impor jabatan lebih dulu."
                    )
                    % {"name": name},
                )
                return None
            info = matches[0]
        else:
            return None
        if opd is not None and info.opd_id is not None and info.opd_id not in allowed:
            row.error(
                column,
                "position_other_opd",
                _(
                    "Jabatan %(code)s milik OPD %(owner)s, bukan OPD pegawai ini (%(opd)s) atau "
                    "induknya."
                )
                % {
                    "code": info.code,
                    "owner": opds.by_pk[info.opd_id].code,
                    "opd": opd.code,
                },
            )
            return None
        row.display["position_code"] = info.code
        return info
