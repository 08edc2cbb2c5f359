"""The ``opds`` kind: OPDs and their units, parents resolved in the file or the database
(see ``lms.people.imports``)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields

from lms.core.imports import Column, Plan, Row, RunContext
from lms.core.imports.values import choice_lookup, parse_choice, parse_date

from ..models import OPD, OPDType
from ..selectors import opds_visible_to
from ..services import opd_save
from .common import (
    OPDIndex,
    OPDInfo,
    ScopedHandler,
    TextResource,
    export_text,
    out_of_scope_message,
    text_field,
    value_of,
)


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
        row.display.update(
            type=opd_type, valid_from=export_text(valid_from), valid_to=export_text(valid_to)
        )
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
