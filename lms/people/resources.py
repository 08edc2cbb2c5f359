"""Import and export of OPDs, positions (jabatan) and employees.

Two layers:

* django-import-export ``ModelResource`` classes (:class:`OPDResource`,
  :class:`PositionResource`, :class:`EmployeeResource`) define the canonical columns and how
  each is formatted on export. Exports stream them row by row (``export_resource``) into the
  CSV/XLSX writers of ``lms.core.imports`` rather than through a tablib ``Dataset``, which
  holds the whole sheet in memory (quality.md P9: 850 MB at 100k rows).
* :class:`TableHandler` subclasses (:class:`OPDImport`, :class:`PositionImport`,
  :class:`EmployeeImport`) own validation: every row is checked in memory against lookups
  loaded with a few queries, with a row-level code and Indonesian message for each problem;
  nothing is written unless the whole file is valid (``lms.core.imports.table``).

Rules worth knowing (see also docs/ for HR):

* Codes are matched exactly, then case-insensitively when that is unambiguous. A name
  (``UNOR_NAMA``, ``JABATAN_NAMA``) is used only when the code column is absent or empty, and
  only when exactly one record has that name (OPDs: among the units valid today; positions:
  among those shared or belonging to the employee's OPD or one above it). Unknown codes are
  errors: nothing is ever created implicitly.
* SIASN: ``UNOR_ID`` is preferred over ``SATUAN_KERJA_KERJA_ID`` as the OPD code (the unor is
  the employee's actual unit); give OPDs the SIASN unor ids as codes to import SIASN files
  as they are.
* A NIP that exists in another OPD is a conflict (``nip_other_opd``), never a silent move.
* Scope: an Admin OPD may only create or change records in their OPDs (and sub-units); rows
  that would touch anything else are rejected (``out_of_scope``) and logged. A row identical
  to a record the user can already see (e.g. a shared position in their own export) passes
  without being written, so a user's own export re-imports.
* Columns absent from the file leave the stored value alone; an empty cell in a present
  column clears an optional value.
* Accounts (docs/security.md): for an Admin OPD, a row that would change the NIP, name or
  e-mail of an existing account is refused (``identity_locked``, the rule of
  ``employee_identity_editable``), and so is any row for an employee whose account is staff
  (``staff_account``). New employees are created with their e-mail as before. Every identity
  change that is written is logged with old and new values and an e-mail change notifies the
  old address, as in ``employee_save``.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources

from lms.core.imports import (
    Column,
    Plan,
    Row,
    RunContext,
    TableHandler,
    TableImportKind,
    model_permissions,
    register_kind,
)
from lms.core.imports.bulk import rows_update
from lms.core.imports.cells import header_key, normalize_cell
from lms.core.imports.values import (
    ValueProblem,
    check_length,
    choice_lookup,
    parse_bool,
    parse_choice,
    parse_date,
)
from lms.core.nip import NIPError, parse_nip, parse_nip_any
from lms.users.models import User
from lms.users.roles import Role

from .models import (
    OPD,
    PNS_GOLONGAN,
    PPPK_GOLONGAN,
    Employee,
    EmployeeType,
    Gender,
    JenisJabatan,
    Jenjang,
    OPDType,
    Position,
)
from .selectors import (
    employee_identity_changes,
    employee_identity_editable,
    employees_visible_to,
    opd_scope_ids,
    opds_visible_to,
    positions_visible_to,
    staff_accounts,
    user_manages_accounts,
)
from .services import (
    employee_identity_change_record,
    identity_locked_message,
    staff_account_message,
)

# --------------------------------------------------------------------------- export resources


def _text(value: Any) -> str:
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
        return [_text(value) for value in self.export_resource(instance)]


class OPDResource(TextResource):
    parent_code = fields.Field(attribute="parent__code", column_name="parent_code")

    class Meta:
        model = OPD
        fields = ("code", "name", "type", "parent_code", "valid_from", "valid_to")
        export_order = fields
        import_id_fields = ("code",)

    def dehydrate_valid_from(self, opd: OPD) -> datetime.date:
        return opd.valid_from

    def dehydrate_valid_to(self, opd: OPD) -> datetime.date | None:
        return opd.valid_to


class PositionResource(TextResource):
    opd_code = fields.Field(attribute="opd__code", column_name="opd_code")

    class Meta:
        model = Position
        fields = ("code", "name", "jenis_jabatan", "jenjang", "opd_code", "is_it_role")
        export_order = fields
        import_id_fields = ("code",)

    def dehydrate_is_it_role(self, position: Position) -> bool:
        return position.is_it_role


class EmployeeResource(TextResource):
    opd_code = fields.Field(attribute="opd__code", column_name="opd_code")
    position_code = fields.Field(attribute="position__code", column_name="position_code")

    class Meta:
        model = Employee
        fields = (
            "nip", "name", "gelar_depan", "gelar_belakang", "gender", "employee_type",
            "golongan", "opd_code", "position_code", "email", "is_active",
        )  # fmt: skip
        export_order = fields
        import_id_fields = ("nip",)

    def dehydrate_is_active(self, employee: Employee) -> bool:
        return employee.is_active


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


def _name_key(value: str) -> str:
    return normalize_cell(value).casefold()


@dataclass
class OPDInfo:
    pk: int
    code: str
    name: str
    parent_id: int | None
    valid_to: datetime.date | None


@dataclass
class OPDIndex:
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
                index.by_name.setdefault(_name_key(name), []).append(info)
        return index

    def find_code(self, code: str) -> OPDInfo | None:
        info = self.by_code.get(code)
        if info is None:
            matches = self.by_code_ci.get(code.casefold(), [])
            info = matches[0] if len(matches) == 1 else None
        return info

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
            matches = self.by_name.get(_name_key(name), [])
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


def _problem(row: Row, column: str, error: ValidationError, fallback_code: str) -> None:
    for message in error.messages:
        row.error(column, getattr(error, "code", None) or fallback_code, message)


# ---------------------------------------------------------------------------------------- OPD

OPD_TYPE_ALIASES = {
    "setda": OPDType.SEKRETARIAT_DAERAH,
    "sekda": OPDType.SEKRETARIAT_DAERAH,
    "setwan": OPDType.SEKRETARIAT_DPRD,
    "sekretariat dewan": OPDType.SEKRETARIAT_DPRD,
    "rumah sakit": OPDType.RSUD,
    "rumah sakit umum daerah": OPDType.RSUD,
}


@dataclass
class OPDPayload:
    code: str
    name: str
    type: str
    parent_code: str
    valid_from: datetime.date
    valid_to: datetime.date | None
    existing: OPDInfo | None
    parent_id: int | None = None  # resolved in ``finish`` when the parent is in the DB


class OPDImport(ScopedHandler):
    name = "opds"
    label = gettext_lazy("OPD dan unit kerja")
    columns = (
        Column("code", gettext_lazy("kode OPD"), ("kode", "kode_opd", "unor_id", "id_unor"), True),
        Column(
            "name", gettext_lazy("nama OPD"), ("nama", "nama_opd", "unor_nama", "nama_unor"), True
        ),
        Column(
            "type", gettext_lazy("jenis OPD"), ("jenis", "jenis_opd", "tipe", "jenis_unor"), True
        ),
        Column(
            "parent_code",
            gettext_lazy("kode induk"),
            ("kode_induk", "induk", "kode_opd_induk", "diatasan_id", "unor_induk_id", "parent"),
        ),
        Column("valid_from", gettext_lazy("berlaku sejak"), ("berlaku_sejak", "tanggal_mulai")),
        Column("valid_to", gettext_lazy("berlaku sampai"), ("berlaku_sampai", "tanggal_akhir")),
    )
    key_columns = ("code",)

    def prepare(self, ctx: RunContext) -> None:
        self.opds = OPDIndex.load()
        self.types = choice_lookup(OPDType, OPD_TYPE_ALIASES)
        self.stored = {
            opd.pk: opd
            for opd in OPD.objects.only(
                "pk", "code", "name", "type", "parent_id", "valid_from", "valid_to"
            )
        }

    def clean(self, row: Row, ctx: RunContext) -> Plan | None:
        code = text_field(row, "code", 30, _("Kode OPD"), required=True)
        name = text_field(row, "name", 200, _("Nama OPD"), required=True)
        opd_type = (
            value_of(row, "type", parse_choice, self.types, allowed=OPDType.values)
            if row.get("type")
            else row.error("type", "required", _("Jenis OPD wajib diisi."))
        )
        existing = self.opds.find_code(code) if code else None
        if existing is not None:
            code = existing.code
        stored = self.stored.get(existing.pk) if existing else None
        valid_from = stored.valid_from if stored else datetime.date(2000, 1, 1)
        if row.has("valid_from") and row.get("valid_from"):
            valid_from = value_of(row, "valid_from", parse_date)
        valid_to = stored.valid_to if stored else None
        if row.has("valid_to"):
            valid_to = value_of(row, "valid_to", parse_date) if row.get("valid_to") else None
        if valid_from and valid_to and valid_to < valid_from:
            row.error(
                "valid_to",
                "date_order",
                _("Tanggal berakhir (%(end)s) tidak boleh sebelum tanggal mulai (%(start)s).")
                % {"end": valid_to.isoformat(), "start": valid_from.isoformat()},
            )
        if row.has("parent_code"):
            parent_code = row.get("parent_code")
        elif stored and stored.parent_id:
            parent_code = self.opds.by_pk[stored.parent_id].code
        else:
            parent_code = ""
        if parent_code and code and parent_code == code:
            row.error("parent_code", "parent_cycle", _("OPD tidak boleh menjadi induk dirinya."))
        row.key = code or None
        if row.failed:
            return None
        row.display.update(type=opd_type, valid_from=_text(valid_from), valid_to=_text(valid_to))
        payload = OPDPayload(code, name, opd_type, parent_code, valid_from, valid_to, existing)
        return Plan(row.number, "create" if existing is None else "update", code, payload)

    def finish(self, plans: list[Plan], ctx: RunContext) -> None:
        """Resolve parents (in the DB or earlier/later in the file), cycles, scope, changes."""
        in_file = {plan.key: plan for plan in plans}
        parent_of = {
            info.code: self.opds.by_pk[info.parent_id].code
            for info in self.opds.by_pk.values()
            if info.parent_id
        }
        for plan in plans:
            parent_of.pop(plan.key, None)
            if plan.payload.parent_code:
                parent_of[plan.key] = plan.payload.parent_code
        for plan in plans:
            payload: OPDPayload = plan.payload
            parent_code = payload.parent_code
            if parent_code:
                parent = self.opds.find_code(parent_code)
                if parent is None and parent_code not in in_file:
                    ctx.error(
                        plan.row,
                        "parent_code",
                        "unknown_opd",
                        _(
                            'Kode induk "%(code)s" tidak ada di sistem maupun di berkas ini. '
                            "OPD induk tidak dibuat otomatis."
                        )
                        % {"code": parent_code},
                    )
                    continue
                if parent is not None:
                    payload.parent_id = parent.pk
                    payload.parent_code = parent.code
                seen, current = {plan.key}, payload.parent_code
                while current:
                    if current in seen:
                        ctx.error(
                            plan.row,
                            "parent_code",
                            "parent_cycle",
                            _("Kode induk membentuk lingkaran (OPD menjadi induk dari induknya)."),
                        )
                        break
                    seen.add(current)
                    current = parent_of.get(current)
            if payload.existing is not None:
                stored = self.stored[payload.existing.pk]
                same = (
                    stored.name == payload.name
                    and stored.type == payload.type
                    and stored.valid_from == payload.valid_from
                    and stored.valid_to == payload.valid_to
                    and (self.opds.by_pk[stored.parent_id].code if stored.parent_id else "")
                    == payload.parent_code
                )
                if same:
                    plan.action = "unchanged"
            self._check_scope(plan, in_file, ctx)

    def _check_scope(self, plan: Plan, in_file: dict, ctx: RunContext) -> None:
        if ctx.scope is None:
            return
        payload: OPDPayload = plan.payload
        if payload.existing is not None:
            if payload.existing.pk not in ctx.scope:
                ctx.out_of_scope(plan.row, "code", out_of_scope_message())
                return
            if plan.action == "unchanged":
                return
            stored = self.stored[payload.existing.pk]
            if stored.parent_id == payload.parent_id and (
                payload.parent_id or not payload.parent_code
            ):
                return  # same parent: only the unit's own fields change
        parent_ok = (
            payload.parent_id in ctx.scope
            if payload.parent_id is not None
            else payload.parent_code in in_file
            and in_file[payload.parent_code].payload.existing is None
        )
        if not parent_ok:
            ctx.out_of_scope(plan.row, "parent_code", out_of_scope_message())

    def write(self, plans: list[Plan], ctx: RunContext) -> None:
        from .services import opd_save

        pending = [plan for plan in plans if plan.action != "unchanged"]
        saved: dict[str, OPD] = {}
        # Parents first: repeat passes until every plan whose parent is ready is saved.
        while pending:
            progress = []
            for plan in pending:
                payload: OPDPayload = plan.payload
                if (
                    payload.parent_code
                    and payload.parent_id is None
                    and payload.parent_code not in saved
                ):
                    continue
                opd = (
                    self.stored[payload.existing.pk] if payload.existing else OPD(code=payload.code)
                )
                opd.name, opd.type = payload.name, payload.type
                opd.valid_from, opd.valid_to = payload.valid_from, payload.valid_to
                if payload.parent_code:
                    opd.parent = saved.get(payload.parent_code) or OPD.objects.get(
                        pk=payload.parent_id
                    )
                else:
                    opd.parent = None
                saved[payload.code] = opd_save(opd=opd)
                progress.append(plan)
            if not progress:  # cannot happen after finish(); keep the loop finite anyway
                raise ValidationError("OPD parents could not be ordered")
            pending = [plan for plan in pending if plan not in progress]

    def export_rows(self, user: Any) -> Iterable[list[str]]:
        queryset = (
            opds_visible_to(user) if user is not None else OPD.objects.select_related("parent")
        )
        resource = OPDResource()
        for opd in queryset.order_by("code").iterator(chunk_size=2000):
            yield resource.export_texts(opd)


# ---------------------------------------------------------------------------------- positions

JENIS_ALIASES = {
    "jpt pratama": JenisJabatan.JPT,
    "jpt madya": JenisJabatan.JPT,
    "jpt utama": JenisJabatan.JPT,
    "pimpinan tinggi": JenisJabatan.JPT,
    "jabatan pimpinan tinggi": JenisJabatan.JPT,
    "fungsional umum": JenisJabatan.PELAKSANA,
    "jabatan fungsional umum": JenisJabatan.PELAKSANA,
    "jf keahlian": JenisJabatan.FUNGSIONAL_KEAHLIAN,
    "jf keterampilan": JenisJabatan.FUNGSIONAL_KETERAMPILAN,
}


@dataclass
class PositionInfo:
    pk: int
    code: str
    name: str
    jenis_jabatan: str
    jenjang: str
    opd_id: int | None
    is_it_role: bool


class PositionIndex:
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
            self.by_name.setdefault(_name_key(info.name), []).append(info)

    def find_code(self, code: str) -> PositionInfo | None:
        info = self.by_code.get(code)
        if info is None:
            matches = self.by_code_ci.get(code.casefold(), [])
            info = matches[0] if len(matches) == 1 else None
        return info


class PositionImport(ScopedHandler):
    name = "positions"
    label = gettext_lazy("Jabatan")
    columns = (
        Column(
            "code",
            gettext_lazy("kode jabatan"),
            ("kode", "kode_jabatan", "jabatan_id", "id_jabatan"),
            True,
        ),
        Column(
            "name", gettext_lazy("nama jabatan"), ("nama", "nama_jabatan", "jabatan_nama"), True
        ),
        Column(
            "jenis_jabatan", gettext_lazy("jenis jabatan"), ("jenis", "jenis_jabatan_nama"), True
        ),
        Column("jenjang", gettext_lazy("jenjang"), ("jenjang_jabatan",)),
        Column("opd_code", gettext_lazy("kode OPD"), ("kode_opd", "unor_id")),
        Column("is_it_role", gettext_lazy("jabatan TI"), ("jabatan_ti", "ti")),
    )
    key_columns = ("code",)

    def prepare(self, ctx: RunContext) -> None:
        self.opds = OPDIndex.load()
        self.positions = PositionIndex()
        self.jenis = choice_lookup(JenisJabatan, JENIS_ALIASES)
        self.jenjang = choice_lookup(Jenjang)

    def clean(self, row: Row, ctx: RunContext) -> Plan | None:
        code = text_field(row, "code", 40, _("Kode jabatan"), required=True)
        name = text_field(row, "name", 200, _("Nama jabatan"), required=True)
        jenis = (
            value_of(row, "jenis_jabatan", parse_choice, self.jenis, allowed=JenisJabatan.values)
            if row.get("jenis_jabatan")
            else row.error("jenis_jabatan", "required", _("Jenis jabatan wajib diisi."))
        )
        existing = self.positions.find_code(code) if code else None
        if existing is not None:
            code = existing.code
        row.key = code or None
        jenjang = existing.jenjang if existing and not row.has("jenjang") else ""
        if row.get("jenjang"):
            jenjang = value_of(row, "jenjang", parse_choice, self.jenjang, allowed=Jenjang.values)
        opd_id = existing.opd_id if existing and not row.has("opd_code") else None
        if row.get("opd_code"):
            info = self.opds.resolve(row, "opd_code", "")
            opd_id = info.pk if info else None
        is_it = existing.is_it_role if existing else False
        if row.get("is_it_role"):
            is_it = value_of(row, "is_it_role", parse_bool)
        if row.failed:
            return None
        position = Position(
            code=code, name=name, jenis_jabatan=jenis, jenjang=jenjang or "", is_it_role=is_it
        )
        try:
            position.full_clean(exclude=["opd"], validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            for column, problems in error.error_dict.items():
                for problem in problems:
                    code = "jenjang_jenis" if column == "jenjang" else (problem.code or "invalid")
                    row.error(column if column != "__all__" else "", code, problem.messages[0])
            return None
        if existing is None:
            action = "create"
        else:
            same = (
                existing.name,
                existing.jenis_jabatan,
                existing.jenjang,
                existing.opd_id,
                existing.is_it_role,
            ) == (name, jenis, jenjang or "", opd_id, is_it)
            action = "unchanged" if same else "update"
        if ctx.scope is not None and action != "unchanged":
            current_ok = existing is None or ctx.in_scope(existing.opd_id)
            if not (current_ok and ctx.in_scope(opd_id)):
                row.out_of_scope("opd_code", out_of_scope_message())
                return None
        unchanged_elsewhere = action == "unchanged" and existing.opd_id is not None
        if ctx.scope is not None and unchanged_elsewhere and not ctx.in_scope(existing.opd_id):
            row.out_of_scope("opd_code", out_of_scope_message())
            return None
        row.display.update(jenis_jabatan=jenis, jenjang=jenjang or "", is_it_role=_text(is_it))
        return Plan(row.number, action, code, (position, opd_id, existing))

    def write(self, plans: list[Plan], ctx: RunContext) -> None:
        from .services import position_save

        for plan in plans:
            if plan.action == "unchanged":
                continue
            new, opd_id, existing = plan.payload
            position = Position.objects.get(pk=existing.pk) if existing else Position(code=new.code)
            position.name, position.jenis_jabatan = new.name, new.jenis_jabatan
            position.jenjang, position.is_it_role, position.opd_id = (
                new.jenjang,
                new.is_it_role,
                opd_id,
            )
            position_save(position=position)

    def export_rows(self, user: Any) -> Iterable[list[str]]:
        queryset = (
            positions_visible_to(user)
            if user is not None
            else Position.objects.select_related("opd")
        )
        resource = PositionResource()
        for position in queryset.order_by("code").iterator(chunk_size=2000):
            yield resource.export_texts(position)


# ---------------------------------------------------------------------------------- employees

_GENDER = {
    "l": Gender.L, "lakilaki": Gender.L, "laki": Gender.L, "pria": Gender.L, "m": Gender.L,
    "male": Gender.L, "1": Gender.L, "p": Gender.P, "perempuan": Gender.P, "wanita": Gender.P,
    "f": Gender.P, "female": Gender.P, "2": Gender.P, "w": Gender.P,
}  # fmt: skip
_GOLONGAN_RE = re.compile(r"(IV|I{1,3})\s*/?\s*([A-E])", re.IGNORECASE)
_ROMAN_RE = re.compile(r"(X{0,1}(?:IX|IV|V?I{0,3}))", re.IGNORECASE)
ALL_GOLONGAN = set(PNS_GOLONGAN) | set(PPPK_GOLONGAN)


def parse_employee_type(text: str) -> str:
    """``PNS``/``CPNS`` -> PNS, ``PPPK``/``P3K`` -> PPPK, ``PPPK Paruh Waktu`` -> PPPK_PW."""
    key = header_key(text)
    if "paruhwaktu" in key or key in ("pppkpw", "p3kpw"):
        return EmployeeType.PPPK_PW
    if key.startswith(("pppk", "p3k")):
        return EmployeeType.PPPK
    if key in ("pns", "cpns") or key.startswith(("pns", "cpns")):
        return EmployeeType.PNS
    raise ValueProblem(
        "invalid_choice",
        _('Jenis pegawai "%(value)s" tidak dikenal. Isi PNS, PPPK, atau PPPK Paruh Waktu.')
        % {"value": text},
    )


def parse_gender(text: str) -> str:
    key = header_key(text)
    if key in _GENDER:
        return _GENDER[key]
    raise ValueProblem(
        "invalid_choice",
        _('Jenis kelamin "%(value)s" tidak dikenal. Isi L atau P (Laki-laki/Perempuan).')
        % {"value": text},
    )


def parse_golongan(text: str) -> str:
    """``III/a``, ``III/A``, ``IIIa``, ``III/a - Penata Muda`` -> ``III/a``; PPPK ``IX``."""
    head = re.split(r"\s+-\s+|\s*\(", text, maxsplit=1)[0].strip()
    match = _GOLONGAN_RE.fullmatch(head)
    value = f"{match[1].upper()}/{match[2].lower()}" if match else head.upper()
    if value in ALL_GOLONGAN:
        return value
    raise ValueProblem(
        "golongan_invalid",
        _(
            'Golongan "%(value)s" tidak dikenal. PNS: I/a sampai IV/e (mis. III/a); PPPK: I '
            "sampai XVII."
        )
        % {"value": text},
    )


EMPLOYEE_FIELDS = (
    "name", "gelar_depan", "gelar_belakang", "gender", "employee_type", "golongan", "opd_id",
    "position_id", "email", "is_active",
)  # fmt: skip


@dataclass
class EmployeePayload:
    employee: Employee  # unsaved; pk set for an existing employee
    existing: tuple | None
    user_id: int | None  # account to update or link; None = create one
    user_changed: bool
    employee_fields: tuple[str, ...] = ()  # what an update changes (bulk_update per set)
    user_fields: tuple[str, ...] = ()
    identity_changes: dict[str, dict[str, str]] = field(default_factory=dict)  # to be logged


USER_FIELDS = ("nip", "username", "first_name", "last_name", "email", "is_active")


class EmployeeImport(ScopedHandler):
    name = "employees"
    label = gettext_lazy("Pegawai")
    columns = (
        Column("nip", gettext_lazy("NIP"), ("nip_baru", "nomor_induk_pegawai", "ni_pppk"), True),
        Column("name", gettext_lazy("nama"), ("nama", "nama_lengkap", "nama_pegawai"), True),
        Column("gelar_depan", gettext_lazy("gelar depan")),
        Column("gelar_belakang", gettext_lazy("gelar belakang")),
        Column("gender", gettext_lazy("jenis kelamin"), ("jenis_kelamin", "jk", "kelamin", "sex")),
        Column(
            "employee_type",
            gettext_lazy("jenis pegawai"),
            ("jenis_pegawai_nama", "jenis_pegawai", "jenis_asn", "status_pegawai"),
            True,
        ),
        Column(
            "golongan",
            gettext_lazy("golongan"),
            (
                "gol_akhir_nama",
                "gol",
                "golongan_akhir",
                "gol_ruang",
                "golongan_ruang",
                "pangkat_golongan",
            ),
        ),
        Column(
            "opd_code",
            gettext_lazy("kode OPD"),
            ("kode_opd", "unor_id", "id_unor", "satuan_kerja_kerja_id", "satker_id"),
            True,
            alternatives=("opd_name",),
        ),
        Column(
            "opd_name",
            gettext_lazy("nama OPD"),
            ("nama_opd", "unor_nama", "nama_unor", "satuan_kerja_kerja_nama", "satuan_kerja_nama"),
            template=False,
        ),
        Column(
            "position_code",
            gettext_lazy("kode jabatan"),
            ("kode_jabatan", "jabatan_id", "id_jabatan"),
        ),
        Column(
            "position_name",
            gettext_lazy("nama jabatan"),
            ("nama_jabatan", "jabatan_nama", "jabatan"),
            template=False,
        ),
        Column(
            "email",
            gettext_lazy("e-mail dinas"),
            ("email_gov", "email_dinas", "surel"),
            prefer_aliases=True,
        ),
        Column("is_active", gettext_lazy("aktif"), ("aktif", "status_aktif")),
    )
    key_columns = ("nip",)

    def prepare(self, ctx: RunContext) -> None:
        self.opds = OPDIndex.load()
        self.positions = PositionIndex()
        self.existing: dict[str, tuple] = {
            values[1]: values
            for values in Employee.objects.values_list("pk", "nip", *EMPLOYEE_FIELDS, "user_id")
        }
        self.users_by_nip: dict[str, tuple] = {}
        self.users_by_username: dict[str, int] = {}
        self.users_by_email: dict[str, int] = {}
        self.users: dict[int, tuple] = {}
        for values in User.objects.values_list(
            "pk", "nip", "username", "first_name", "last_name", "email", "is_active"
        ):
            pk, nip, username, *_rest = values
            email = values[5]
            self.users[pk] = values
            if nip:
                self.users_by_nip[nip] = values
            self.users_by_username[username] = pk
            if email:
                self.users_by_email[email.casefold()] = pk
        self.emails_in_file: dict[str, list[int]] = {}
        self.actor = ctx.user
        self.staff_ids: frozenset[int] = (
            frozenset()
            if user_manages_accounts(ctx.user)
            else frozenset(staff_accounts().values_list("pk", flat=True))
        )

    # The order of checks: type, NIP, texts, choices, OPD + scope, position, model rules,
    # account. Each problem is reported on its own column; a row may have several.
    def clean(self, row: Row, ctx: RunContext) -> Plan | None:
        employee_type = None
        if row.get("employee_type"):
            employee_type = value_of(row, "employee_type", parse_employee_type)
        else:
            row.error("employee_type", "required", _("Jenis pegawai wajib diisi (PNS/PPPK)."))
        parsed = self._nip(row, employee_type)
        nip = parsed.nip if parsed else None
        row.key = nip
        existing = self.existing.get(nip) if nip else None
        current = dict(zip(EMPLOYEE_FIELDS, existing[2:-1], strict=True)) if existing else {}

        name = text_field(row, "name", 150, _("Nama"), required=True)
        values: dict[str, Any] = {"name": name, "employee_type": employee_type}
        for column, max_length, label in (
            ("gelar_depan", 40, _("Gelar depan")),
            ("gelar_belakang", 60, _("Gelar belakang")),
        ):
            if row.has(column) or not existing:
                values[column] = text_field(row, column, max_length, label, required=False)
        if row.get("gender"):
            values["gender"] = value_of(row, "gender", parse_gender)
        elif parsed is not None:
            values["gender"] = parsed.gender  # NIP digit 15 is the gender code
        if row.has("golongan") or not existing:
            values["golongan"] = (
                value_of(row, "golongan", parse_golongan) if row.get("golongan") else ""
            )
        if row.has("email") or not existing:
            email = text_field(row, "email", 254, _("E-mail"), required=False)
            values["email"] = email
            if email:
                self.emails_in_file.setdefault(email.casefold(), []).append(row.number)
        if row.has("is_active") or not existing:
            values["is_active"] = (
                value_of(row, "is_active", parse_bool) if row.get("is_active") else True
            )

        opd = self.opds.resolve(row)
        if opd is not None:
            values["opd_id"] = opd.pk
            if not ctx.in_scope(opd.pk):
                row.out_of_scope(
                    "opd_code" if row.get("opd_code") or not row.has("opd_name") else "opd_name",
                    out_of_scope_message(),
                )
                return None
            if existing and existing[current_index("opd_id")] != opd.pk:
                self._other_opd(row, existing, ctx)
        values["position_id"] = self._position(row, opd, current)
        if row.failed or parsed is None:
            return None

        merged = {**current, **values}
        employee = Employee(pk=existing[0] if existing else None, nip=nip, **merged)
        employee.user_id = existing[-1] if existing else None
        try:
            employee.full_clean(
                exclude=["opd", "position", "user"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            self._model_errors(row, error)
            return None
        return self._account(row, employee, existing, current)

    def _nip(self, row: Row, employee_type: str | None):
        raw = row.get("nip")
        try:
            if employee_type is None:  # still say what is wrong with the NIP itself
                return parse_nip_any(raw)
            return parse_nip(raw, employee_type=employee_type)
        except NIPError as error:
            row.error("nip", error.code, error.messages[0])
            return None

    def _other_opd(self, row: Row, existing: tuple, ctx: RunContext) -> None:
        other = self.opds.by_pk[existing[current_index("opd_id")]]
        if ctx.in_scope(other.pk):
            message = _(
                "NIP ini sudah terdaftar di OPD %(code)s (%(name)s). Impor tidak memindahkan "
                "pegawai antar-OPD: ubah OPD pegawai di admin, atau perbaiki kode OPD di berkas."
            ) % {"code": other.code, "name": other.name}
        else:
            message = _(
                "NIP ini sudah terdaftar di OPD lain di luar cakupan Anda. Impor tidak "
                "memindahkan pegawai antar-OPD; hubungi BKPSDM."
            )
        row.error("nip", "nip_other_opd", message)

    def _position(self, row: Row, opd: OPDInfo | None, current: dict) -> int | None:
        code, name = row.get("position_code"), row.get("position_name")
        if not row.has("position_code") and not row.has("position_name"):
            return current.get("position_id")
        info = None
        allowed = self.opds.ancestors_or_self(opd.pk) if opd else set()
        if code:
            info = self.positions.find_code(code)
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
                for p in self.positions.by_name.get(_name_key(name), [])
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
                    "owner": self.opds.by_pk[info.opd_id].code,
                    "opd": opd.code,
                },
            )
            return None
        row.display["position_code"] = info.code
        return info.pk

    def _model_errors(self, row: Row, error: ValidationError) -> None:
        codes = {"gender": "gender_nip", "golongan": "golongan_type", "email": "email_invalid"}
        for column, problems in error.error_dict.items():
            for problem in problems:
                code = problem.code if column == "nip" and problem.code else codes.get(column)
                message = problem.messages[0] if hasattr(problem, "messages") else str(problem)
                row.error(
                    column if column in self.headers_known else "", code or "invalid", message
                )

    headers_known = frozenset(
        {
            "nip",
            "name",
            "gelar_depan",
            "gelar_belakang",
            "gender",
            "employee_type",
            "golongan",
            "email",
            "is_active",
        }
    )

    def _account(
        self, row: Row, employee: Employee, existing: tuple | None, current: dict
    ) -> Plan | None:
        nip = employee.nip
        user_values = (
            self.users.get(employee.user_id) if employee.user_id else self.users_by_nip.get(nip)
        )
        if user_values is None and nip in self.users_by_username:
            row.error(
                "nip",
                "account_conflict",
                _(
                    "Sudah ada akun lain dengan nama pengguna %(nip)s yang tidak terhubung dengan "
                    "NIP ini. Perbaiki akun itu di admin lebih dulu."
                )
                % {"nip": nip},
            )
            return None
        user_id = user_values[0] if user_values else None
        if user_id is not None and user_id in self.staff_ids:
            row.error("nip", "staff_account", staff_account_message())
            return None
        identity_changes = employee_identity_changes(employee, self._account_of(user_values))
        if identity_changes and not employee_identity_editable(
            self.actor, employee, has_account=user_values is not None
        ):
            for column in identity_changes:
                row.error(column, "identity_locked", identity_locked_message())
            return None
        if employee.email:
            owner = self.users_by_email.get(employee.email.casefold())
            if owner is not None and owner != user_id:
                row.error(
                    "email",
                    "email_taken",
                    _("Alamat e-mail %(email)s sudah dipakai akun lain.")
                    % {"email": employee.email},
                )
                return None
        wanted = (nip, nip, employee.name[:150], "", employee.email, employee.is_active)
        user_fields = tuple(
            name
            for name, old, new in zip(
                USER_FIELDS, user_values[1:] if user_values else (None,) * 6, wanted, strict=True
            )
            if old != new
        )
        user_changed = user_values is None or bool(user_fields)
        values = {name: getattr(employee, name) for name in EMPLOYEE_FIELDS}
        employee_fields = tuple(
            name for name in EMPLOYEE_FIELDS if values[name] != current.get(name)
        )
        if existing is not None and existing[-1] != user_id or user_id is None:
            employee_fields += ("user_id",)
        if existing is None:
            action = "create"
        elif employee_fields or user_changed:
            action = "update"
        else:
            action = "unchanged"
        row.display.update(
            nip=nip,
            gender=employee.gender,
            employee_type=employee.employee_type,
            golongan=employee.golongan,
            is_active=_text(employee.is_active),
        )
        payload = EmployeePayload(
            employee,
            existing,
            user_id,
            user_changed,
            employee_fields,
            user_fields,
            identity_changes=identity_changes,
        )
        return Plan(row.number, action, nip, payload)

    @staticmethod
    def _account_of(user_values: tuple | None) -> User | None:
        """The loaded account as an unsaved ``User`` (for ``employee_identity_changes``)."""
        if user_values is None:
            return None
        pk, nip, username, first_name, last_name, email, is_active = user_values
        return User(
            pk=pk, nip=nip, username=username, first_name=first_name, last_name=last_name,
            email=email, is_active=is_active,
        )  # fmt: skip

    def finish(self, plans: list[Plan], ctx: RunContext) -> None:
        for email, rows in self.emails_in_file.items():
            if len(rows) < 2:
                continue
            for number in rows:
                others = ", ".join(str(other) for other in rows if other != number)
                ctx.error(
                    number,
                    "email",
                    "duplicate_email",
                    _(
                        "Alamat e-mail %(email)s juga dipakai di baris %(rows)s; setiap akun perlu "
                        "e-mail sendiri (atau kosongkan)."
                    )
                    % {"email": email, "rows": others},
                )

    def write(self, plans: list[Plan], ctx: RunContext) -> None:
        """Bulk version of ``employee_save`` + ``employee_account_ensure`` (same result:
        the account's username and NIP are the NIP, name and e-mail follow the employee, new
        accounts have an unusable password and the Peserta role)."""
        now = timezone.now()
        changed = [plan.payload for plan in plans if plan.action != "unchanged"]
        new_users: list[User] = []
        new_for: list[EmployeePayload] = []
        sync_users: dict[tuple[str, ...], list[User]] = {}
        for payload in changed:
            employee = payload.employee
            fields_ = {
                "nip": employee.nip,
                "username": employee.nip,
                "first_name": employee.name[:150],
                "last_name": "",
                "email": employee.email,
                "is_active": employee.is_active,
            }
            if payload.user_id is None:
                new_users.append(User(password=make_password(None), **fields_))
                new_for.append(payload)
            elif payload.user_changed:
                sync_users.setdefault(payload.user_fields, []).append(
                    User(pk=payload.user_id, **fields_)
                )
            employee.user_id = payload.user_id
        # An e-mail swap between two existing accounts within one file would trip the
        # unique e-mail constraint here; the pipeline turns that into a "write_conflict".
        for fields_changed, users in sync_users.items():
            rows_update(users, fields_changed)
        created_users = User.objects.bulk_create(new_users, batch_size=500)
        group = Group.objects.get(name=Role.PESERTA)
        Membership = User.groups.through  # noqa: N806 - a model class
        Membership.objects.bulk_create(
            [Membership(user_id=user.pk, group_id=group.pk) for user in created_users],
            batch_size=1000,
        )
        for payload, user in zip(new_for, created_users, strict=True):
            payload.employee.user_id = user.pk
        to_create = [p.employee for p in changed if p.existing is None]
        Employee.objects.bulk_create(to_create, batch_size=500)
        updates: dict[tuple[str, ...], list[Employee]] = {}
        for payload in changed:
            if payload.existing is not None:
                payload.employee.updated_at = now
                updates.setdefault(payload.employee_fields, []).append(payload.employee)
        for fields_changed, employees in updates.items():
            rows_update(employees, [*fields_changed, "updated_at"])
        for payload in changed:
            if payload.identity_changes:
                employee_identity_change_record(
                    employee=payload.employee, changes=payload.identity_changes, user=ctx.user
                )

    def export_rows(self, user: Any) -> Iterable[list[str]]:
        queryset = (
            employees_visible_to(user)
            if user is not None
            else Employee.objects.select_related("opd", "position")
        )
        resource = EmployeeResource()
        for employee in queryset.order_by("opd__code", "nip").iterator(chunk_size=2000):
            yield resource.export_texts(employee)


def current_index(field_name: str) -> int:
    """Position of ``field_name`` in the tuples of ``EmployeeImport.existing``."""
    return 2 + EMPLOYEE_FIELDS.index(field_name)


def register() -> None:
    """Register the people kinds with ``lms.core.imports`` (called from ``ready()``).

    Importing needs ``add`` and ``change`` of the model the kind writes, exporting ``view``
    (docs/security.md); the OPD scope then limits which rows the user may touch or see.
    """
    kinds = ((OPDImport, OPD), (PositionImport, Position), (EmployeeImport, Employee))
    for handler, model in kinds:
        register_kind(
            TableImportKind.for_handler(
                handler,
                import_permissions=model_permissions(model, "add", "change"),
                export_permissions=model_permissions(model, "view"),
            )
        )
