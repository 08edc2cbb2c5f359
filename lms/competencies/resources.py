"""Import and export of position requirements and training records (the JP ledger).

Same two layers as ``lms.people.resources``: django-import-export ``ModelResource`` classes
for the canonical columns and export formatting, and :class:`TableHandler` subclasses that
validate every row in memory and write all or nothing.

* ``requirements``: ``position_code``, ``competency_code``, ``required_level`` (1-5). A row
  sets HR's override for that position and competency (``PositionRequirement``); the
  defaults per jenis jabatan are not imported here.
* ``training-records``: one line of the JP ledger per row, stored with ``source=import``.
  The identity is (employee, title, start date), so importing the same file again updates
  the lines instead of duplicating them. Lines recorded by the LMS itself cannot be changed
  through an import. The OPD of a line is the employee's OPD at import time
  (``learning_record_prepare``). Nobody imports their own lines: a row for the importing
  user's own employee record (by NIP or linked account) is rejected (``own_record``), whatever
  their role (docs/security.md).

Permissions (docs/security.md): ``requirements`` needs add and change of position requirements
to import and view to export; ``training-records`` needs add of learning records to import (the
JP ledger is append-only and nobody holds "change" on it: a re-import only corrects lines that
an import wrote, the same power as adding a line) and view to export.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields

from lms.core.imports import (
    Column,
    Plan,
    Row,
    RunContext,
    TableImportKind,
    model_permissions,
    register_kind,
)
from lms.core.imports.bulk import rows_update
from lms.core.imports.values import (
    choice_lookup,
    parse_choice,
    parse_date,
    parse_decimal,
    parse_level,
)
from lms.core.nip import NIPError, parse_nip_any
from lms.people.models import Employee
from lms.people.resources import (
    PositionIndex,
    ScopedHandler,
    TextResource,
    out_of_scope_message,
    text_field,
    value_of,
)
from lms.people.selectors import employees_visible_to, positions_visible_to

from .models import (
    Competency,
    JenisDiklat,
    LearningPath,
    LearningRecord,
    PositionRequirement,
    RecordSource,
)
from .services import learning_record_prepare

# --------------------------------------------------------------------------- export resources


class PositionRequirementResource(TextResource):
    position_code = fields.Field(attribute="position__code", column_name="position_code")
    competency_code = fields.Field(attribute="competency__code", column_name="competency_code")

    class Meta:
        model = PositionRequirement
        fields = ("position_code", "competency_code", "required_level")
        export_order = fields
        import_id_fields = ("position_code", "competency_code")

    def dehydrate_required_level(self, requirement: PositionRequirement) -> int:
        return requirement.required_level


class LearningRecordResource(TextResource):
    nip = fields.Field(attribute="employee__nip", column_name="nip")

    class Meta:
        model = LearningRecord
        fields = (
            "nip", "title", "provider", "path", "jenis_diklat", "jp", "start_date", "end_date",
            "certificate_number",
        )  # fmt: skip
        export_order = fields
        import_id_fields = ("nip", "title", "start_date")

    def dehydrate_jenis_diklat(self, record: LearningRecord) -> int:
        return record.jenis_diklat

    def dehydrate_jp(self, record: LearningRecord) -> str:
        return format(record.jp.normalize(), "f")

    def dehydrate_start_date(self, record: LearningRecord) -> datetime.date:
        return record.start_date

    def dehydrate_end_date(self, record: LearningRecord) -> datetime.date:
        return record.end_date


# ------------------------------------------------------------------------------- requirements


class RequirementImport(ScopedHandler):
    name = "requirements"
    label = gettext_lazy("Standar kompetensi jabatan")
    columns = (
        Column("position_code", gettext_lazy("kode jabatan"), ("kode_jabatan", "jabatan_id"), True),
        Column(
            "competency_code",
            gettext_lazy("kode kompetensi"),
            ("kode_kompetensi", "kompetensi"),
            True,
        ),
        Column(
            "required_level",
            gettext_lazy("level minimal"),
            ("level", "level_minimal", "level_dibutuhkan", "level_standar"),
            True,
        ),
    )
    key_columns = ("position_code", "competency_code")

    def prepare(self, ctx: RunContext) -> None:
        self.positions = PositionIndex()
        self.competencies = dict(Competency.objects.values_list("code", "pk"))
        self.competencies_ci = {code.casefold(): code for code in self.competencies}
        self.current = {
            (position_id, competency_id): (pk, level)
            for pk, position_id, competency_id, level in PositionRequirement.objects.values_list(
                "pk", "position_id", "competency_id", "required_level"
            )
        }

    def clean(self, row: Row, ctx: RunContext) -> Plan | None:
        position = None
        if row.get("position_code"):
            position = self.positions.find_code(row.get("position_code"))
            if position is None:
                row.error(
                    "position_code",
                    "unknown_position",
                    _(
                        'Kode jabatan "%(code)s" tidak ada di sistem. Impor jabatan lebih dulu '
                        "atau perbaiki kodenya; jabatan tidak dibuat otomatis."
                    )
                    % {"code": row.get("position_code")},
                )
            else:
                row.display["position_code"] = position.code
        else:
            row.error("position_code", "required", _("Kode jabatan wajib diisi."))
        competency_id = None
        code = row.get("competency_code")
        if code:
            code = self.competencies_ci.get(code.casefold(), code)
            competency_id = self.competencies.get(code)
            if competency_id is None:
                row.error(
                    "competency_code",
                    "unknown_competency",
                    _(
                        'Kode kompetensi "%(code)s" tidak ada di katalog (contoh kode: LD.01, '
                        "SP.01). Kompetensi tidak dibuat otomatis."
                    )
                    % {"code": code},
                )
            else:
                row.display["competency_code"] = code
        else:
            row.error("competency_code", "required", _("Kode kompetensi wajib diisi."))
        if row.get("required_level"):
            level = value_of(row, "required_level", parse_level)
        else:
            level = row.error("required_level", "required", _("Level minimal wajib diisi (1-5)."))
        if position and competency_id:
            row.key = (position.pk, competency_id)
        if row.failed:
            return None
        current = self.current.get((position.pk, competency_id))
        action = "create" if current is None else ("unchanged" if current[1] == level else "update")
        if ctx.scope is not None:
            visible = position.opd_id is None or ctx.in_scope(position.opd_id)
            writable = position.opd_id is not None and ctx.in_scope(position.opd_id)
            if not (writable or (visible and action == "unchanged")):
                row.out_of_scope("position_code", out_of_scope_message())
                return None
        row.display["required_level"] = str(level)
        payload = (position.pk, competency_id, level, current[0] if current else None)
        return Plan(row.number, action, row.key, payload)

    def write(self, plans: list[Plan], ctx: RunContext) -> None:
        creates, updates = [], []
        for plan in plans:
            position_id, competency_id, level, pk = plan.payload
            requirement = PositionRequirement(
                pk=pk, position_id=position_id, competency_id=competency_id, required_level=level
            )
            if plan.action == "create":
                creates.append(requirement)
            elif plan.action == "update":
                updates.append(requirement)
        PositionRequirement.objects.bulk_create(creates, batch_size=1000)
        rows_update(updates, ["required_level"])

    def export_rows(self, user: Any) -> Iterable[list[str]]:
        queryset = PositionRequirement.objects.select_related("position", "competency")
        if user is not None:
            queryset = queryset.filter(position__in=positions_visible_to(user))
        resource = PositionRequirementResource()
        ordered = queryset.order_by("position__code", "competency__code")
        for requirement in ordered.iterator(chunk_size=2000):
            yield resource.export_texts(requirement)


# --------------------------------------------------------------------------- training records

PATH_ALIASES = {
    "nonklasikal": LearningPath.NON_KLASIKAL,
    "non klasikal": LearningPath.NON_KLASIKAL,
    "e-learning": LearningPath.NON_KLASIKAL,
    "elearning": LearningPath.NON_KLASIKAL,
    "daring": LearningPath.NON_KLASIKAL,
    "luring": LearningPath.KLASIKAL,
}
RECORD_FIELDS = (
    "title", "provider", "path", "jenis_diklat", "jp", "start_date", "end_date",
    "certificate_number",
)  # fmt: skip


class TrainingRecordImport(ScopedHandler):
    name = "training-records"
    label = gettext_lazy("Riwayat pelatihan (JP)")
    columns = (
        Column("nip", gettext_lazy("NIP"), ("nip_baru", "nipbaru"), True),
        Column(
            "title",
            gettext_lazy("nama pelatihan"),
            ("nama_kursus", "nama_pelatihan", "judul", "nama_diklat"),
            True,
        ),
        Column(
            "provider",
            gettext_lazy("penyelenggara"),
            ("institusi_penyelenggara", "penyelenggara"),
            True,
        ),
        Column("path", gettext_lazy("jalur"), ("jalur", "jalur_pelatihan"), True),
        Column(
            "jenis_diklat", gettext_lazy("jenis diklat"), ("jenis_diklat_id", "jenis_kursus"), True
        ),
        Column("jp", gettext_lazy("JP"), ("jumlah_jam", "jumlah_jp", "jam_pelajaran"), True),
        Column(
            "start_date",
            gettext_lazy("tanggal mulai"),
            ("tanggal_mulai", "tanggal_kursus", "tgl_mulai"),
            True,
        ),
        Column(
            "end_date",
            gettext_lazy("tanggal selesai"),
            ("tanggal_selesai", "tanggal_selesai_kursus", "tgl_selesai"),
            True,
        ),
        Column(
            "certificate_number",
            gettext_lazy("nomor sertifikat"),
            ("nomor_sertifikat", "no_sertifikat", "no_sertipikat", "nomor_sertipikat"),
        ),
    )
    key_columns = ("nip",)

    def prepare(self, ctx: RunContext) -> None:
        self.employees = {
            nip: (pk, opd_id)
            for pk, nip, opd_id in Employee.objects.values_list("pk", "nip", "opd_id")
        }
        self.records = {
            (values[1], values[2], values[7]): values
            for values in LearningRecord.objects.values_list(
                "pk", "employee_id", *RECORD_FIELDS, "source"
            )
        }
        self.own_employee_ids = own_employee_ids(ctx.user)
        self.paths = choice_lookup(LearningPath, PATH_ALIASES)
        self.jenis = choice_lookup(JenisDiklat)
        self.jenis.update({str(value): value for value in JenisDiklat.values})

    def clean(self, row: Row, ctx: RunContext) -> Plan | None:
        employee = self._employee(row)
        title = text_field(row, "title", 250, _("Nama pelatihan"), required=True)
        provider = text_field(row, "provider", 200, _("Penyelenggara"), required=True)
        certificate = text_field(
            row, "certificate_number", 100, _("Nomor sertifikat"), required=False
        )
        path = self._required(row, "path", parse_choice, self.paths, allowed=LearningPath.values)
        jenis = self._required(
            row,
            "jenis_diklat",
            parse_choice,
            self.jenis,
            allowed=[f"{v} ({label})" for v, label in JenisDiklat.choices],
        )
        jp = self._required(
            row,
            "jp",
            parse_decimal,
            decimal_places=1,
            minimum=Decimal(0),
            maximum=Decimal(1000),
            label="JP",
        )
        start = self._required(row, "start_date", parse_date)
        end = self._required(row, "end_date", parse_date)
        if start and end and end < start:
            row.error(
                "end_date",
                "date_order",
                _("Tanggal selesai (%(end)s) tidak boleh sebelum tanggal mulai (%(start)s).")
                % {"end": end.isoformat(), "start": start.isoformat()},
            )
        if employee and title and start:
            row.key = (employee[0], title, start)
        if row.failed:
            return None
        employee_id, opd_id = employee
        if not ctx.in_scope(opd_id):
            row.out_of_scope("nip", out_of_scope_message())
            return None
        values = dict(
            zip(
                RECORD_FIELDS,
                (title, provider, path, jenis, jp, start, end, certificate),
                strict=True,
            )
        )
        current = self.records.get(row.key)
        record = LearningRecord(
            employee_id=employee_id, opd_id=opd_id, source=RecordSource.IMPORT, **values
        )
        if current is not None:
            record.pk = current[0]  # the line keeps its original OPD (not updated)
            stored = dict(zip(RECORD_FIELDS, current[2:-1], strict=True))
            if stored == values:
                action = "unchanged"
            elif current[-1] != RecordSource.IMPORT:
                row.error(
                    "title",
                    "lms_record",
                    _(
                        "Riwayat pelatihan ini dicatat oleh LMS sendiri dan tidak dapat diubah "
                        "lewat impor."
                    ),
                )
                return None
            else:
                action = "update"
        else:
            action = "create"
        learning_record_prepare(record)
        try:
            record.full_clean(
                exclude=["employee", "opd", "year", "source_reference"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            for column, problems in error.error_dict.items():
                for problem in problems:
                    row.error(
                        column if column in RECORD_FIELDS else "",
                        problem.code or "invalid",
                        problem.messages[0],
                    )
            return None
        row.display.update(
            path=path,
            jenis_diklat=str(jenis),
            jp=format(jp.normalize(), "f"),
            start_date=start.isoformat(),
            end_date=end.isoformat(),
        )
        return Plan(row.number, action, row.key, record)

    def _required(self, row: Row, column: str, parser, *args, **kwargs) -> Any:
        if not row.get(column):
            row.error(column, "required", _("Kolom ini wajib diisi."))
            return None
        return value_of(row, column, parser, *args, **kwargs)

    def _employee(self, row: Row) -> tuple[int, int] | None:
        raw = row.get("nip")
        try:
            nip = parse_nip_any(raw).nip
        except NIPError as error:
            row.error("nip", error.code, error.messages[0])
            return None
        row.display["nip"] = nip
        employee = self.employees.get(nip)
        if employee is None:
            row.error(
                "nip",
                "unknown_employee",
                _("Tidak ada pegawai dengan NIP %(nip)s. Impor pegawai lebih dulu.") % {"nip": nip},
            )
        elif employee[0] in self.own_employee_ids:
            row.error(
                "nip",
                "own_record",
                _(
                    "NIP %(nip)s adalah NIP Anda sendiri. Riwayat pelatihan (JP) Anda tidak dapat "
                    "Anda impor sendiri; mintalah petugas BKPSDM atau Admin OPD lain untuk "
                    "mengimpor baris ini."
                )
                % {"nip": nip},
            )
            return None
        return employee

    def write(self, plans: list[Plan], ctx: RunContext) -> None:
        creates = [plan.payload for plan in plans if plan.action == "create"]
        updates = [plan.payload for plan in plans if plan.action == "update"]
        LearningRecord.objects.bulk_create(creates, batch_size=1000)
        rows_update(updates, [*RECORD_FIELDS, "year"])

    def export_rows(self, user: Any) -> Iterable[list[str]]:
        queryset = LearningRecord.objects.select_related("employee")
        if user is not None:
            queryset = queryset.filter(employee__in=employees_visible_to(user))
        resource = LearningRecordResource()
        ordered = queryset.order_by("employee__nip", "start_date", "title", "pk")
        for record in ordered.iterator(chunk_size=2000):
            yield resource.export_texts(record)


def own_employee_ids(user: Any) -> frozenset[int]:
    """The employee records of ``user`` (linked account or same NIP); empty for the system."""
    if user is None or user.pk is None:
        return frozenset()
    mine = Q(user_id=user.pk)
    if getattr(user, "nip", ""):
        mine |= Q(nip=user.nip)
    return frozenset(Employee.objects.filter(mine).values_list("pk", flat=True))


def register() -> None:
    """Register the competency kinds with ``lms.core.imports`` (called from ``ready()``);
    the permissions of each are in the module doc."""
    register_kind(
        TableImportKind.for_handler(
            RequirementImport,
            import_permissions=model_permissions(PositionRequirement, "add", "change"),
            export_permissions=model_permissions(PositionRequirement, "view"),
        )
    )
    register_kind(
        TableImportKind.for_handler(
            TrainingRecordImport,
            import_permissions=model_permissions(LearningRecord, "add"),
            export_permissions=model_permissions(LearningRecord, "view"),
        )
    )


__all__ = [
    "LearningRecordResource",
    "PositionRequirementResource",
    "RequirementImport",
    "TrainingRecordImport",
    "own_employee_ids",
    "register",
]
