"""The ``training-records`` kind: the JP ledger (riwayat kursus/diklat, SIASN's terms).

One line of the ledger per row, stored with ``source=import``. The identity is (employee,
title, start date), so importing the same file again updates the lines instead of duplicating
them. Lines recorded by the LMS itself cannot be changed through an import. The OPD of a line
is the employee's OPD at import time (``learning_records_prepare``). Nobody imports their own
lines: a row for the importing user's own employee record (by NIP or linked account) is
rejected (``own_record``), whatever their role (docs/security.md). Rows are validated in memory
and written all or nothing through ``learning_records_bulk_create`` and
``learning_records_bulk_update``. The export holds the lines the user may read
(``learning_records_visible_to``, the same rule as the admin listing). Permissions: see
:func:`lms.competencies.imports.register`.
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

from lms.core.imports import Column, Plan, Row, RunContext
from lms.core.imports.values import choice_lookup, parse_choice, parse_date, parse_decimal
from lms.core.nip import NIPError, parse_nip_any
from lms.people.imports import (
    ScopedHandler,
    TextResource,
    out_of_scope_message,
    text_field,
    value_of,
)
from lms.people.models import Employee

from ..models import JenisDiklat, LearningPath, LearningRecord, RecordSource
from ..selectors import learning_records_visible_to
from ..services import (
    learning_record_prepare,
    learning_records_bulk_create,
    learning_records_bulk_update,
)


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
        learning_records_bulk_create(records=creates)
        learning_records_bulk_update(records=updates, fields=RECORD_FIELDS)

    def export_rows(self, user: Any) -> Iterable[list[str]]:
        if user is None:
            queryset = LearningRecord.objects.select_related("employee")
        else:
            queryset = learning_records_visible_to(user=user)
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
