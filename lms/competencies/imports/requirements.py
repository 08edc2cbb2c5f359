"""The ``requirements`` kind: HR's required level per position and competency.

Columns ``position_code``, ``competency_code``, ``required_level`` (1-5). A row sets HR's
override for that position and competency (``PositionRequirement``); the defaults per jenis
jabatan are not imported here. Rows are validated in memory and written all or nothing through
``requirements_bulk_save``. Permissions: see :func:`lms.competencies.imports.register`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields

from lms.core.imports import Column, Plan, Row, RunContext
from lms.core.imports.values import parse_level
from lms.people.imports import (
    PositionIndex,
    ScopedHandler,
    TextResource,
    out_of_scope_message,
    value_of,
)
from lms.people.selectors import positions_visible_to

from ..models import Competency, PositionRequirement
from ..services import requirements_bulk_save


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
        requirements_bulk_save(creates=creates, updates=updates)

    def export_rows(self, user: Any) -> Iterable[list[str]]:
        queryset = PositionRequirement.objects.select_related("position", "competency")
        if user is not None:
            queryset = queryset.filter(position__in=positions_visible_to(user))
        resource = PositionRequirementResource()
        ordered = queryset.order_by("position__code", "competency__code")
        for requirement in ordered.iterator(chunk_size=2000):
            yield resource.export_texts(requirement)
