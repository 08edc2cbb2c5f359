"""Filters and forms of the people admin ("Kepegawaian"), limited to the editing user's scope.

``ScopedModelForm`` (OPD and position choices within the user's OPD scope) and
``visible_opd_choices`` (an OPD filter's choices) are reused by the admins of higher apps.
Forms validate input shape only; the viewsets' ``persist`` saves through the services.
"""

import django_filters
from django import forms
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm

from lms.core.nip import normalize_nip
from lms.users.models import User
from lms.users.roles import Role

from .models import OPD, Employee, EmployeeType, Gender, JenisJabatan, OPDScope, OPDType, Position
from .selectors import (
    IDENTITY_FIELDS,
    activation_pending,
    employee_identity_editable,
    opd_scope_ids,
    opds_visible_to,
    positions_visible_to,
)
from .services import identity_locked_message

# --- Filters -----------------------------------------------------------------------------------


def visible_opd_choices(request) -> QuerySet[OPD]:
    """The choices of an OPD filter: the requesting user's visible OPDs (``opds_visible_to``)."""
    return opds_visible_to(request.user) if request else OPD.objects.none()


class OPDFilterSet(WagtailFilterSet):
    type = django_filters.ChoiceFilter(
        label=_("Jenis"), choices=OPDType.choices, empty_label=_("Semua")
    )
    parent = django_filters.ModelChoiceFilter(label=_("Induk"), queryset=visible_opd_choices)
    is_current = django_filters.BooleanFilter(
        label=_("Masih berlaku"), field_name="valid_to", lookup_expr="isnull"
    )

    class Meta:
        model = OPD
        fields = ["type", "parent", "is_current"]


class PositionFilterSet(WagtailFilterSet):
    jenis_jabatan = django_filters.ChoiceFilter(
        label=_("Jenis jabatan"), choices=JenisJabatan.choices, empty_label=_("Semua")
    )
    opd = django_filters.ModelChoiceFilter(label=_("OPD"), queryset=visible_opd_choices)
    is_it_role = django_filters.BooleanFilter(label=_("Jabatan TI"))

    class Meta:
        model = Position
        fields = ["jenis_jabatan", "opd", "is_it_role"]


ACCOUNT_FILTER_CHOICES = (
    ("menunggu", _("Menunggu aktivasi")),
    ("belum_diundang", _("Menunggu, belum pernah diundang")),
    ("aktif", _("Aktif")),
)


class EmployeeFilterSet(WagtailFilterSet):
    opd = django_filters.ModelChoiceFilter(label=_("OPD"), queryset=visible_opd_choices)
    employee_type = django_filters.ChoiceFilter(
        label=_("Jenis pegawai"), choices=EmployeeType.choices, empty_label=_("Semua")
    )
    jenis_jabatan = django_filters.ChoiceFilter(
        label=_("Jenis jabatan"),
        field_name="position__jenis_jabatan",
        choices=JenisJabatan.choices,
        empty_label=_("Semua"),
    )
    gender = django_filters.ChoiceFilter(
        label=_("Jenis kelamin"), choices=Gender.choices, empty_label=_("Semua")
    )
    is_active = django_filters.BooleanFilter(label=_("Aktif"))
    akun = django_filters.ChoiceFilter(
        label=_("Akun"),
        choices=ACCOUNT_FILTER_CHOICES,
        empty_label=_("Semua"),
        method="filter_account",
    )

    class Meta:
        model = Employee
        fields = ["opd", "employee_type", "jenis_jabatan", "gender", "is_active", "akun"]

    def filter_account(self, queryset, name, value):
        """``menunggu``: waiting for activation (``activation_pending``); ``belum_diundang``:
        of those, never invited; ``aktif``: a password set."""
        pending = activation_pending().values("pk")
        if value == "menunggu":
            return queryset.filter(pk__in=pending)
        if value == "belum_diundang":
            return queryset.filter(pk__in=pending, user__invitation__isnull=True)
        if value == "aktif":
            return queryset.filter(user__is_active=True).exclude(
                user__password__startswith=UNUSABLE_PASSWORD_PREFIX
            )
        return queryset


class OPDScopeFilterSet(WagtailFilterSet):
    opd = django_filters.ModelChoiceFilter(label=_("OPD"), queryset=visible_opd_choices)

    class Meta:
        model = OPDScope
        fields = ["opd"]


# --- Forms -------------------------------------------------------------------------------------


class ScopedModelForm(WagtailAdminModelForm):
    """Limits the choices of OPD and position fields to the editing user's scope.

    The instance's current value stays selectable, so editing an object does not silently
    drop a parent or position the editor cannot otherwise pick.
    """

    opd_fields: tuple[str, ...] = ()
    position_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        for name in self.opd_fields:
            if name in self.fields:
                self.fields[name].queryset = self._with_current(name, opds_visible_to(user))
        for name in self.position_fields:
            if name in self.fields:
                self.fields[name].queryset = self._with_current(name, positions_visible_to(user))

    def _with_current(self, name: str, queryset: QuerySet) -> QuerySet:
        if opd_scope_ids(self.for_user) is None or not self.instance.pk:
            return queryset
        field = self.instance._meta.get_field(name)
        if field.many_to_many:
            return queryset
        current = getattr(self.instance, field.attname)
        if current is None:
            return queryset
        return queryset.model.objects.filter(
            models.Q(pk__in=queryset.values("pk")) | models.Q(pk=current)
        )


class OPDForm(ScopedModelForm):
    opd_fields = ("parent", "successors")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for name in ("parent", "successors"):
                if name in self.fields:
                    self.fields[name].queryset = self.fields[name].queryset.exclude(
                        pk=self.instance.pk
                    )


class PositionForm(ScopedModelForm):
    opd_fields = ("opd",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only BKPSDM may create a position shared by every OPD.
        if "opd" in self.fields and opd_scope_ids(self.for_user) is not None:
            self.fields["opd"].required = True


class EmployeeForm(ScopedModelForm):
    """Employee data as HR types it; the NIP may contain spaces or dots (they are removed)."""

    opd_fields = ("opd",)
    position_fields = ("position",)

    nip = forms.CharField(
        label=_("NIP / NI PPPK"),
        max_length=40,
        help_text=_("18 digit. Spasi dan titik boleh; akan dihapus."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # NIP, name and e-mail of an existing account: read-only unless BKPSDM (one rule).
        self.identity_locked = not employee_identity_editable(self.for_user, self.instance)
        if self.identity_locked:
            for name in IDENTITY_FIELDS:
                if name in self.fields:
                    self.fields[name].disabled = True
                    self.fields[name].help_text = identity_locked_message()

    def clean_nip(self) -> str:
        return normalize_nip(self.cleaned_data["nip"])

    def clean(self) -> dict:
        """A browser does not post disabled fields; a posted change to one is refused with the
        reason rather than silently dropped."""
        cleaned = super().clean()
        if self.identity_locked:
            for name in IDENTITY_FIELDS:
                key = self.add_prefix(name)
                if key in self.data and self._posted_differs(name, self.data[key]):
                    self.add_error(
                        name, ValidationError(identity_locked_message(), code="identity_locked")
                    )
        return cleaned

    def _posted_differs(self, name: str, posted: str) -> bool:
        current = getattr(self.instance, name) or ""
        try:
            value = self.fields[name].to_python(posted) or ""
            if name == "nip":
                value = normalize_nip(value)
        except ValidationError:
            return True
        return value != current


class OPDScopeForm(ScopedModelForm):
    opd_fields = ("opd",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "user" in self.fields:
            self.fields["user"].queryset = User.objects.filter(
                groups__name=Role.ADMIN_OPD
            ).order_by("username")
            if self.instance.pk:
                self.fields["user"].disabled = True
        self.original_opd_id = self.instance.opd_id if self.instance.pk else None
