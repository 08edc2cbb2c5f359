"""The ``positions`` kind: jabatan, shared or of one OPD (see ``lms.people.imports``). Each
saved position goes through ``position_save``, so it sends ``position_saved``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields

from lms.core.imports import Column, Plan, Row, RunContext
from lms.core.imports.values import choice_lookup, parse_bool, parse_choice

from ..models import JenisJabatan, Jenjang, Position
from ..selectors import positions_visible_to
from ..services import position_save
from .common import (
    OPDIndex,
    PositionIndex,
    ScopedHandler,
    TextResource,
    export_text,
    out_of_scope_message,
    text_field,
    value_of,
)


class PositionResource(TextResource):
    opd_code = fields.Field(attribute="opd__code", column_name="opd_code")

    class Meta:
        model = Position
        fields = ("code", "name", "jenis_jabatan", "jenjang", "opd_code", "is_it_role")
        export_order = fields
        import_id_fields = ("code",)

    def dehydrate_is_it_role(self, position: Position) -> bool:
        return position.is_it_role


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
        row.display.update(
            jenis_jabatan=jenis, jenjang=jenjang or "", is_it_role=export_text(is_it)
        )
        return Plan(row.number, action, code, (position, opd_id, existing))

    def write(self, plans: list[Plan], ctx: RunContext) -> None:
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
