"""*Log audit* in the Wagtail admin (docs/security.md, "Audit log"): BKPSDM
(``core.view_auditentry``) lists, filters, opens and exports entries (CSV/XLSX through Wagtail's
list export, formula-safe like every export). There is no add, edit or delete route at all, for
a superuser neither, and the model refuses changes (``AuditEntry.save``/``delete``; on
PostgreSQL a trigger)."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column

from lms.core.models import AuditEntry
from lms.core.viewsets import ReadOnlyScopedViewSet

from .actions import AuditAction


class AuditEntryFilterSet(WagtailFilterSet):
    action = django_filters.MultipleChoiceFilter(
        label=_("Tindakan"), choices=AuditAction.choices, widget=forms.CheckboxSelectMultiple
    )
    created_at = django_filters.DateFromToRangeFilter(
        label=_("Tanggal"), widget=DateRangePickerWidget
    )
    actor_label = django_filters.CharFilter(label=_("Pelaku"), lookup_expr="icontains")
    opd_label = django_filters.CharFilter(label=_("OPD"), lookup_expr="icontains")
    ip = django_filters.CharFilter(label=_("Alamat IP"), lookup_expr="startswith")
    object_type = django_filters.CharFilter(label=_("Jenis objek"), lookup_expr="exact")

    class Meta:
        model = AuditEntry
        fields = ["action", "created_at", "actor_label", "opd_label", "ip", "object_type"]


def _action_label(entry: AuditEntry) -> str:
    try:
        return str(AuditAction(entry.action).label)
    except ValueError:
        return entry.action


class AuditEntryViewSet(ReadOnlyScopedViewSet):
    model = AuditEntry
    name = "log-audit"
    url_prefix = "log-audit"
    icon = "list-ul"
    menu_label = _("Log audit")
    menu_order = 9000
    add_to_admin_menu = True
    ordering = ["-created_at", "-id"]
    search_fields = ["actor_label", "object_label", "opd_label", "action"]
    filterset_class = AuditEntryFilterSet
    list_per_page = 100
    title_column = ("created_at", _("Waktu"), "created_at")
    list_display = [
        "created_at",
        Column("action", label=_("Tindakan"), accessor=_action_label, sort_key="action"),
        Column("actor_label", label=_("Pelaku"), sort_key="actor_label"),
        Column("object_label", label=_("Objek")),
        Column("opd_label", label=_("OPD"), sort_key="opd_label"),
        Column("ip", label=_("Alamat IP")),
    ]
    list_export = [
        "created_at",
        "action",
        "actor_id",
        "actor_label",
        "ip",
        "object_type",
        "object_id",
        "object_label",
        "opd_id",
        "opd_label",
        "details",
    ]
    export_filename = "log-audit"
    inspect_view_fields = [
        "created_at",
        "action",
        "actor_id",
        "actor_label",
        "ip",
        "object_type",
        "object_id",
        "object_label",
        "opd_id",
        "opd_label",
        "details",
    ]

    def visible_queryset(self, user: Any) -> QuerySet[AuditEntry]:
        if not user.has_perm("core.view_auditentry"):
            return AuditEntry.objects.none()
        return AuditEntry.objects.all()
