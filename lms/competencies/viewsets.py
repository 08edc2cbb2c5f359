"""Wagtail admin for the competency catalogue, requirements, evidence and the JP ledger.

Menu "Kompetensi": Kompetensi (with its five level descriptors inline), Standar per jenis
jabatan, Standar per jabatan, Bukti kompetensi, Riwayat pelatihan (JP).

* Catalogue and default requirements are organisation-wide (no OPD scope).
* Position requirements follow the position's scope; shared positions are changed only by
  users who see every OPD.
* Evidence and learning records are learner records: read-only here (list and inspect). The one
  exception is HR-entry evidence, which a user with the ``add`` permission (BKPSDM) records
  through ``evidence_record`` (source "hr", recorded by the signed-in user).
* Scope of evidence: the employee's current OPD. Scope of a learning record: the employee's
  current OPD or the OPD recorded on the line (the OPD at the time of the training);
  ``learning_records_visible_to``, the same rule as the ``training-records`` export.
* Every save goes through a service (``persist``): ``competency_save``,
  ``default_requirement_save``, ``position_requirement_set``, ``evidence_record``.
"""

from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.viewsets.model import ModelViewSetGroup

from lms.core.nip import normalize_nip
from lms.core.viewsets import ReadOnlyScopedViewSet, ScopedCreateView, ScopedModelViewSet
from lms.people.admin_forms import ScopedModelForm, visible_opd_choices
from lms.people.models import JenisJabatan
from lms.people.selectors import (
    employees_visible_to,
    in_opd_scope,
    positions_editable_by,
    positions_visible_to,
)
from lms.users.models import User

from .models import (
    Competency,
    CompetencyEvidence,
    DefaultRequirement,
    EvidenceSource,
    JenisDiklat,
    LearningPath,
    LearningRecord,
    Level,
    Pillar,
    PositionRequirement,
    RecordSource,
)
from .selectors import (
    employee_competency_profile,
    jp_target_for,
    jp_total,
    learning_records_visible_to,
)
from .services import (
    competency_save,
    default_requirement_save,
    evidence_record,
    position_requirement_set,
)


def _active_competencies(request=None) -> QuerySet[Competency]:
    return Competency.objects.filter(is_active=True)


# --- Read-only viewsets --------------------------------------------------------------------------


class EvidenceCreateView(ScopedCreateView):
    """There is no edit page for evidence, so the success message has no "Edit" button."""

    def get_success_buttons(self) -> list:
        return []


# --- Filters -----------------------------------------------------------------------------------


class CompetencyFilterSet(WagtailFilterSet):
    pillar = django_filters.ChoiceFilter(
        label=_("Pilar"), choices=Pillar.choices, empty_label=_("Semua")
    )
    is_active = django_filters.BooleanFilter(label=_("Aktif"))

    class Meta:
        model = Competency
        fields = ["pillar", "is_active"]


class DefaultRequirementFilterSet(WagtailFilterSet):
    jenis_jabatan = django_filters.ChoiceFilter(
        label=_("Jenis jabatan"), choices=JenisJabatan.choices, empty_label=_("Semua")
    )
    competency = django_filters.ModelChoiceFilter(
        label=_("Kompetensi"), queryset=_active_competencies
    )

    class Meta:
        model = DefaultRequirement
        fields = ["jenis_jabatan", "competency"]


class PositionRequirementFilterSet(WagtailFilterSet):
    jenis_jabatan = django_filters.ChoiceFilter(
        label=_("Jenis jabatan"),
        field_name="position__jenis_jabatan",
        choices=JenisJabatan.choices,
        empty_label=_("Semua"),
    )
    opd = django_filters.ModelChoiceFilter(
        label=_("OPD"), field_name="position__opd", queryset=visible_opd_choices
    )
    competency = django_filters.ModelChoiceFilter(
        label=_("Kompetensi"), queryset=_active_competencies
    )

    class Meta:
        model = PositionRequirement
        fields = ["jenis_jabatan", "opd", "competency"]


class EvidenceFilterSet(WagtailFilterSet):
    opd = django_filters.ModelChoiceFilter(
        label=_("OPD"), field_name="employee__opd", queryset=visible_opd_choices
    )
    competency = django_filters.ModelChoiceFilter(
        label=_("Kompetensi"), queryset=_active_competencies
    )
    source = django_filters.ChoiceFilter(
        label=_("Sumber"), choices=EvidenceSource.choices, empty_label=_("Semua")
    )
    level = django_filters.ChoiceFilter(
        label=_("Level"), choices=Level.choices, empty_label=_("Semua")
    )

    class Meta:
        model = CompetencyEvidence
        fields = ["opd", "competency", "source", "level"]


class LearningRecordFilterSet(WagtailFilterSet):
    year = django_filters.NumberFilter(label=_("Tahun"))
    opd = django_filters.ModelChoiceFilter(
        label=_("OPD saat pelatihan"), queryset=visible_opd_choices
    )
    path = django_filters.ChoiceFilter(
        label=_("Jalur"), choices=LearningPath.choices, empty_label=_("Semua")
    )
    jenis_diklat = django_filters.ChoiceFilter(
        label=_("Jenis diklat"), choices=JenisDiklat.choices, empty_label=_("Semua")
    )
    source = django_filters.ChoiceFilter(
        label=_("Sumber"), choices=RecordSource.choices, empty_label=_("Semua")
    )

    class Meta:
        model = LearningRecord
        fields = ["year", "opd", "path", "jenis_diklat", "source"]


# --- Forms -------------------------------------------------------------------------------------


class PositionRequirementForm(ScopedModelForm):
    """On create: position (within the editor's scope), competency and level; on edit: level."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "position" in self.fields:
            self.fields["position"].queryset = positions_editable_by(user=self.for_user)
        if "competency" in self.fields:
            self.fields["competency"].queryset = _active_competencies()
        if self.instance.pk:
            for name in ("position", "competency"):
                if name in self.fields:
                    self.fields[name].disabled = True


class EvidenceForm(WagtailAdminModelForm):
    """HR-entry evidence: the employee is named by NIP and must be within the user's scope."""

    employee_nip = forms.CharField(
        label=_("NIP pegawai"),
        max_length=40,
        help_text=_("NIP / NI PPPK 18 digit pegawai yang dinilai."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "competency" in self.fields:
            self.fields["competency"].queryset = _active_competencies()
        self.employee = None

    def clean_employee_nip(self) -> str:
        nip = normalize_nip(self.cleaned_data["employee_nip"])
        self.employee = employees_visible_to(self.for_user).filter(nip=nip).first()
        if self.employee is None:
            raise ValidationError(
                _("Tidak ada pegawai dengan NIP %(nip)s dalam cakupan Anda."),
                code="unknown_employee",
                params={"nip": nip},
            )
        return nip

    def clean_observed_on(self):
        observed_on = self.cleaned_data.get("observed_on")
        if observed_on and observed_on > timezone.localdate():
            raise ValidationError(_("Tanggal tidak boleh di masa depan."), code="future_date")
        return observed_on


# --- Viewsets ----------------------------------------------------------------------------------


class CompetencyViewSet(ScopedModelViewSet):
    """The catalogue; the form (with the five level descriptors inline) comes from the model."""

    model = Competency
    name = "kompetensi"
    icon = "tasks"
    menu_label = _("Kompetensi")
    ordering = "code"
    search_fields = ["code", "name", "name_en"]
    filterset_class = CompetencyFilterSet
    list_display = [
        "name",
        "code",
        "pillar",
        BooleanColumn("is_active", label=_("Aktif"), sort_key="is_active"),
    ]
    inspect_view_fields = ["code", "name", "name_en", "pillar", "description", "reference"]

    def visible_queryset(self, user: User) -> QuerySet[Competency]:
        return Competency.objects.all()

    def persist(self, *, form, user: User, created: bool) -> Competency:
        # commit=False keeps the inline level rows on the instance; the service commits them.
        return competency_save(competency=form.save(commit=False))


class DefaultRequirementViewSet(ScopedModelViewSet):
    model = DefaultRequirement
    name = "standar-jenis-jabatan"
    icon = "list-ol"
    menu_label = _("Standar per jenis jabatan")
    ordering = ["jenis_jabatan", "competency__code"]
    search_fields = ["competency__code", "competency__name"]
    filterset_class = DefaultRequirementFilterSet
    list_display = ["competency", "jenis_jabatan", "required_level"]
    inspect_view_fields = ["jenis_jabatan", "competency", "required_level"]
    edit_handler = ObjectList(
        [FieldPanel("jenis_jabatan"), FieldPanel("competency"), FieldPanel("required_level")]
    )

    def visible_queryset(self, user: User) -> QuerySet[DefaultRequirement]:
        return DefaultRequirement.objects.select_related("competency")

    def persist(self, *, form, user: User, created: bool) -> DefaultRequirement:
        return default_requirement_save(requirement=form.save(commit=False))


class PositionRequirementViewSet(ScopedModelViewSet):
    model = PositionRequirement
    name = "standar-jabatan"
    icon = "list-ul"
    menu_label = _("Standar per jabatan")
    ordering = ["position__name", "competency__code"]
    search_fields = ["position__name", "position__code", "competency__code", "competency__name"]
    filterset_class = PositionRequirementFilterSet
    list_display = ["position", "competency", "required_level", "position__opd"]
    inspect_view_fields = ["position", "competency", "required_level"]
    edit_handler = ObjectList(
        [FieldPanel("position"), FieldPanel("competency"), FieldPanel("required_level")],
        base_form_class=PositionRequirementForm,
    )

    def visible_queryset(self, user: User) -> QuerySet[PositionRequirement]:
        positions = positions_visible_to(user)
        return PositionRequirement.objects.select_related(
            "position", "position__opd", "competency"
        ).filter(position__in=positions.values("pk"))

    def editable_queryset(self, user: User) -> QuerySet[PositionRequirement]:
        return self.visible_queryset(user).filter(
            position__in=positions_editable_by(user=user).values("pk")
        )

    def persist(self, *, form, user: User, created: bool) -> PositionRequirement:
        instance = form.instance
        return position_requirement_set(
            position=instance.position,
            competency=instance.competency,
            required_level=instance.required_level,
        )


class EvidenceViewSet(ReadOnlyScopedViewSet):
    model = CompetencyEvidence
    name = "bukti-kompetensi"
    icon = "success"
    menu_label = _("Bukti kompetensi")
    add_enabled = True
    add_view_class = EvidenceCreateView
    ordering = ["-observed_on", "-pk"]
    search_fields = ["employee__nip", "employee__name", "competency__code", "reference"]
    filterset_class = EvidenceFilterSet
    title_column = ("employee.full_name", _("Pegawai"), "employee__name")
    list_display = [
        "employee",
        "competency",
        "level",
        "source",
        Column("observed_on", label=_("Tanggal"), sort_key="observed_on"),
        Column("recorded_by", label=_("Dicatat oleh")),
    ]
    inspect_view_fields = [
        "employee",
        "competency",
        "level",
        "source",
        "observed_on",
        "reference",
        "recorded_by",
        "created_at",
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("employee_nip"),
            FieldPanel("competency"),
            FieldRowPanel([FieldPanel("level"), FieldPanel("observed_on")]),
            FieldPanel("reference"),
        ],
        base_form_class=EvidenceForm,
    )

    def visible_queryset(self, user: User) -> QuerySet[CompetencyEvidence]:
        queryset = CompetencyEvidence.objects.select_related(
            "employee", "competency", "recorded_by"
        )
        return in_opd_scope(queryset, user=user, opd_field="employee__opd_id")

    def persist(self, *, form, user: User, created: bool) -> CompetencyEvidence:
        data = form.cleaned_data
        return evidence_record(
            employee=form.employee,
            competency=data["competency"],
            level=data["level"],
            source=EvidenceSource.HR,
            observed_on=data["observed_on"],
            reference=data.get("reference", ""),
            recorded_by=user,
        )


class LearningRecordViewSet(ReadOnlyScopedViewSet):
    model = LearningRecord
    name = "riwayat-pelatihan"
    icon = "date"
    menu_label = _("Riwayat pelatihan (JP)")
    ordering = ["-end_date", "-pk"]
    search_fields = ["title", "provider", "employee__nip", "employee__name", "certificate_number"]
    filterset_class = LearningRecordFilterSet
    list_display = [
        "title",
        Column(
            "employee", label=_("Pegawai"), accessor="employee.full_name", sort_key="employee__name"
        ),
        "jp",
        "year",
        "path",
        "opd",
        "source",
    ]
    inspect_view_fields = [
        "employee",
        "opd",
        "title",
        "provider",
        "path",
        "jenis_diklat",
        "jp",
        "start_date",
        "end_date",
        "year",
        "certificate_number",
        "source",
        "source_reference",
    ]

    def visible_queryset(self, user: User) -> QuerySet[LearningRecord]:
        return learning_records_visible_to(user=user)


class KompetensiGroup(ModelViewSetGroup):
    menu_label = _("Kompetensi")
    menu_name = "kompetensi"
    menu_icon = "tasks"
    menu_order = 220
    items = (
        CompetencyViewSet,
        DefaultRequirementViewSet,
        PositionRequirementViewSet,
        EvidenceViewSet,
        LearningRecordViewSet,
    )


# --- Employee detail panel ---------------------------------------------------------------------


class EmployeeCompetencyPanel(Component):
    """Competency profile (required / attained / reported / gap) and JP of this year."""

    template_name = "competencies/employee_profile_panel.html"

    def __init__(self, employee) -> None:
        self.employee = employee

    @cached_property
    def year(self) -> int:
        return timezone.localdate().year

    def get_context_data(self, parent_context: Any = None) -> dict[str, Any]:
        target, meaning = jp_target_for(self.employee.employee_type)
        return {
            "employee": self.employee,
            "rows": employee_competency_profile(self.employee),
            "year": self.year,
            "jp_total": jp_total(self.employee, self.year),
            "jp_target": target,
            "jp_target_is_minimum": meaning == "minimum",
        }
