"""The ``employees`` kind: employees and their accounts, written by ``employees_bulk_save``
(see ``lms.people.imports`` for the rules)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields

from lms.core.imports import Column, Plan, Row, RunContext
from lms.core.imports.values import parse_bool
from lms.core.nip import NIPError, parse_nip, parse_nip_any
from lms.users.models import User

from ..models import Employee
from ..selectors import (
    employee_identity_changes,
    employee_identity_editable,
    employees_visible_to,
    may_invite_accounts,
    staff_accounts,
    user_manages_accounts,
)
from ..services import (
    ACCOUNT_MIRROR_FIELDS,
    EmployeeBulkItem,
    employee_account_values,
    employees_bulk_save,
    identity_locked_message,
    staff_account_message,
)
from .common import (
    OPDIndex,
    OPDInfo,
    PositionIndex,
    ScopedHandler,
    TextResource,
    export_text,
    out_of_scope_message,
    text_field,
    value_of,
)
from .employee_values import parse_employee_type, parse_gender, parse_golongan


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


EMPLOYEE_FIELDS = (
    "name", "gelar_depan", "gelar_belakang", "gender", "employee_type", "golongan", "opd_id",
    "position_id", "email", "is_active",
)  # fmt: skip


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

    @classmethod
    def next_steps(cls, user: Any) -> list[tuple[str, str]]:
        """New employees cannot log in until they set a password: offer the invitations."""
        if not may_invite_accounts(user):
            return []
        return [
            (_("Undang pegawai baru mengaktifkan akunnya"), reverse("aktivasi:index") + "?baru=1")
        ]

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
        if not row.has("position_code") and not row.has("position_name"):
            return current.get("position_id")
        info = self.positions.resolve(row, opd, self.opds)
        return info.pk if info else None

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
        mirror = employee_account_values(employee)
        user_fields = tuple(
            name
            for name, old in zip(
                ACCOUNT_MIRROR_FIELDS,
                user_values[1:] if user_values else (None,) * len(ACCOUNT_MIRROR_FIELDS),
                strict=True,
            )
            if old != mirror[name]
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
            is_active=export_text(employee.is_active),
        )
        payload = EmployeeBulkItem(
            employee, user_id, employee_fields, user_fields, identity_changes=identity_changes
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
        # An e-mail swap between two existing accounts within one file would trip the unique
        # e-mail constraint; the pipeline turns that into a "write_conflict".
        employees_bulk_save(
            items=[plan.payload for plan in plans if plan.action != "unchanged"], user=ctx.user
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
