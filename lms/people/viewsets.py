"""Wagtail admin for OPDs, positions, employees and Admin OPD scopes ("Kepegawaian" menu).

Scope rule (see ``selectors``): every view of these viewsets reads through the selectors, so an
Admin OPD only lists, searches, filters, opens, edits or deletes objects of their own OPDs and
their sub-units; an object outside the scope is a 404 whatever view its id is put into. BKPSDM
and superusers see everything. The menus show only to users with the model permissions.

Writes go through the services (``employee_save``, ``opd_save``, ``position_save``,
``opd_scope_set``); a service's ``ValidationError`` comes back as form errors, never a 500.

Employees (docs/security.md): an Admin OPD edits only the employees in scope whose account is
not staff (``employees_editable_by``; a staff employee's edit and delete views are 404 for
them, the detail page stays readable), and sees the NIP, name and e-mail of an existing
employee disabled (``employee_identity_editable``); ``employee_save`` enforces both again.

The base classes here (``ScopedModelViewSet`` and its views) are reused by the competencies
admin. Higher apps extend these screens through Wagtail hooks, never by being imported here:

* ``EMPLOYEE_INSPECT_PANELS_HOOK``: ``fn(request, employee) -> Component | None``, extra panels
  on the employee detail page (the competency profile and JP come from ``lms.competencies``).
* ``POSITION_SAVED_HOOK``: ``fn(*, position, user)``, run in the same transaction after a
  position is saved in the admin (the competencies app applies the IT-role requirements).
* ``KEPEGAWAIAN_MENU_HOOK``: returns a ``MenuItem`` for the "Kepegawaian" submenu (the HR
  import screen of ``lms.core`` registers itself there).
"""

from collections.abc import Callable
from typing import Any

import django_filters
from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import ProtectedError, QuerySet, RestrictedError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history, usage
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.log_actions import log

from lms.core.errors import ApplicationError
from lms.core.nip import normalize_nip
from lms.users.models import User
from lms.users.roles import Role

from .models import (
    OPD,
    Employee,
    EmployeeType,
    Gender,
    JenisJabatan,
    OPDScope,
    OPDType,
    Position,
)
from .selectors import (
    IDENTITY_FIELDS,
    account_is_staff,
    employee_identity_editable,
    employees_editable_by,
    employees_visible_to,
    opd_scope_ids,
    opds_visible_to,
    positions_visible_to,
    staff_accounts,
    user_manages_accounts,
)
from .services import (
    employee_save,
    identity_locked_message,
    opd_save,
    opd_scope_set,
    position_save,
)

EMPLOYEE_INSPECT_PANELS_HOOK = "lms_employee_inspect_panels"
POSITION_SAVED_HOOK = "lms_position_saved"
KEPEGAWAIAN_MENU_HOOK = "register_kepegawaian_menu_item"

ScopeFunction = Callable[[User], QuerySet]


def add_validation_error(form: forms.BaseForm, error: ValidationError) -> None:
    """Puts a service's ``ValidationError`` on the form (unknown fields become form errors)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# --- Views -------------------------------------------------------------------------------------


class ScopedViewMixin:
    """Views get the viewset's scope functions; every object lookup goes through them."""

    visible_queryset: ScopeFunction | None = None
    editable_queryset: ScopeFunction | None = None

    def scoped_queryset(self, *, editable: bool = False) -> QuerySet:
        scope = self.editable_queryset if editable else self.visible_queryset
        return scope(self.request.user)


class ScopedIndexView(ScopedViewMixin, generic.IndexView):
    """Listing, search, filters and spreadsheet export, all over the scoped queryset."""

    title_column: tuple[str, Any, str] | None = None  # (accessor, label, sort key)

    def get_base_queryset(self) -> QuerySet:
        return self.scoped_queryset()

    @cached_property
    def columns(self) -> list:
        columns = super().columns
        if self.title_column:
            accessor, label, sort_key = self.title_column
            column_class = self._get_title_column_class(TitleColumn)
            columns[0] = column_class(
                accessor.replace(".", "_"),
                label=label,
                accessor=accessor,
                sort_key=sort_key,
                width="24%",
                get_url=lambda obj: self.get_edit_url(obj) or self.get_inspect_url(obj),
            )
        return columns


class ServiceSaveMixin:
    """Create/edit views that save through the viewset's ``persist`` (a service call).

    A ``ValidationError`` or ``ApplicationError`` from the service rolls the transaction back
    and re-renders the form with the message, instead of failing with a server error.
    """

    persist: Callable[..., models.Model] | None = None
    is_create = False

    def save_instance(self) -> models.Model:
        instance = self.persist(form=self.form, user=self.request.user, created=self.is_create)
        log(
            instance=instance,
            action="wagtail.create" if self.is_create else "wagtail.edit",
            user=self.request.user,
        )
        return instance

    def form_valid(self, form):
        self.form = form
        try:
            with transaction.atomic():
                self.object = self.save_instance()
        except ValidationError as error:
            add_validation_error(form, error)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            response = self.save_action()
            hook_response = self.run_after_hook()
            return hook_response if hook_response is not None else response
        if self.is_create:  # the rolled-back insert may have set a primary key
            form.instance.pk = None
            form.instance._state.adding = True
        self.produced_error_code = "validation_error"
        self.produced_error_message = self.get_error_message()
        return self.form_invalid(form)


class ScopedCreateView(ServiceSaveMixin, ScopedViewMixin, generic.CreateView):
    is_create = True
    # Wagtail 8.0's Indonesian catalogue lacks these two strings.
    submit_button_label = _("Simpan")
    submit_button_active_label = _("Menyimpan…")

    def get_breadcrumbs_items(self) -> list:
        items = super().get_breadcrumbs_items()
        items[-1] = {**items[-1], "label": _("Baru: %(model_name)s") % {
            "model_name": self.get_page_subtitle()
        }}  # fmt: skip
        return items


class ScopedEditView(ServiceSaveMixin, ScopedViewMixin, generic.EditView):
    def get_queryset(self) -> QuerySet:
        return self.scoped_queryset(editable=True)


class ScopedDeleteView(ScopedViewMixin, generic.DeleteView):
    """Deletes within the scope; a protected object gives a message instead of an error."""

    def get_queryset(self) -> QuerySet:
        return self.scoped_queryset(editable=True)

    def form_valid(self, form):
        try:
            with transaction.atomic():
                return super().form_valid(form)
        except (ProtectedError, RestrictedError):
            messages.error(
                self.request,
                _(
                    "%(object)s tidak dapat dihapus karena masih dipakai data lain. "
                    "Pindahkan atau nonaktifkan data yang memakainya terlebih dahulu."
                )
                % {"object": self.object},
            )
            return HttpResponseRedirect(self.get_success_url())


class ScopedInspectView(ScopedViewMixin, generic.InspectView):
    def get_object(self, queryset=None) -> models.Model:
        return get_object_or_404(self.scoped_queryset(), pk=unquote(str(self.pk)))


class ScopedHistoryView(ScopedViewMixin, history.HistoryView):
    def get_base_object_queryset(self) -> QuerySet:
        return self.scoped_queryset()


class ScopedUsageView(ScopedViewMixin, usage.UsageView):
    def get_base_object_queryset(self) -> QuerySet:
        return self.scoped_queryset(editable=True)


class ScopedModelViewSet(ModelViewSet):
    """A ModelViewSet whose every view reads through ``visible_queryset(user)``.

    Subclasses implement ``visible_queryset`` (what the user may list and open) and may narrow
    ``editable_queryset`` (what they may edit or delete); ``persist`` saves a valid form and
    should call the app's service.
    """

    add_to_reference_index = False  # keeps imports of thousands of rows free of index writes
    copy_view_enabled = False
    inspect_view_enabled = True
    search_backend_name = None  # plain ORM search over ``search_fields``
    list_per_page = 50
    index_view_class = ScopedIndexView
    add_view_class = ScopedCreateView
    edit_view_class = ScopedEditView
    delete_view_class = ScopedDeleteView
    inspect_view_class = ScopedInspectView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView
    title_column: tuple[str, Any, str] | None = None

    def visible_queryset(self, user: User) -> QuerySet:
        raise NotImplementedError

    def editable_queryset(self, user: User) -> QuerySet:
        return self.visible_queryset(user)

    def persist(self, *, form: forms.ModelForm, user: User, created: bool) -> models.Model:
        return form.save()

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            visible_queryset=self.visible_queryset,
            editable_queryset=self.editable_queryset,
            persist=self.persist,
            **kwargs,
        )

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(title_column=self.title_column, **kwargs)


# --- Filters -----------------------------------------------------------------------------------


def _visible_opds(request) -> QuerySet[OPD]:
    return opds_visible_to(request.user) if request else OPD.objects.none()


def _visible_positions(request) -> QuerySet[Position]:
    return positions_visible_to(request.user) if request else Position.objects.none()


class OPDFilterSet(WagtailFilterSet):
    type = django_filters.ChoiceFilter(
        label=_("Jenis"), choices=OPDType.choices, empty_label=_("Semua")
    )
    parent = django_filters.ModelChoiceFilter(label=_("Induk"), queryset=_visible_opds)
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
    opd = django_filters.ModelChoiceFilter(label=_("OPD"), queryset=_visible_opds)
    is_it_role = django_filters.BooleanFilter(label=_("Jabatan TI"))

    class Meta:
        model = Position
        fields = ["jenis_jabatan", "opd", "is_it_role"]


class EmployeeFilterSet(WagtailFilterSet):
    opd = django_filters.ModelChoiceFilter(label=_("OPD"), queryset=_visible_opds)
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

    class Meta:
        model = Employee
        fields = ["opd", "employee_type", "jenis_jabatan", "gender", "is_active"]


class OPDScopeFilterSet(WagtailFilterSet):
    opd = django_filters.ModelChoiceFilter(label=_("OPD"), queryset=_visible_opds)

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


# --- Viewsets ----------------------------------------------------------------------------------


class OPDViewSet(ScopedModelViewSet):
    model = OPD
    name = "opd"
    icon = "site"
    menu_label = _("OPD")
    ordering = "code"
    search_fields = ["code", "name"]
    filterset_class = OPDFilterSet
    list_display = [
        "name",
        "code",
        "type",
        "parent",
        Column("valid_to", label=_("Berlaku sampai"), sort_key="valid_to"),
    ]
    list_export = ["code", "name", "type", "parent", "valid_from", "valid_to"]
    inspect_view_fields = ["code", "name", "type", "parent", "valid_from", "valid_to", "successors"]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("code"), FieldPanel("type")]),
            FieldPanel("name"),
            FieldPanel("parent"),
            FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_to")]),
            FieldPanel("successors"),
        ],
        base_form_class=OPDForm,
    )

    def visible_queryset(self, user: User) -> QuerySet[OPD]:
        return opds_visible_to(user)

    def persist(self, *, form: forms.ModelForm, user: User, created: bool) -> OPD:
        opd = opd_save(opd=form.save(commit=False))
        form.save_m2m()
        return opd


class PositionViewSet(ScopedModelViewSet):
    model = Position
    name = "jabatan"
    icon = "tag"
    menu_label = _("Jabatan")
    ordering = "name"
    search_fields = ["code", "name"]
    filterset_class = PositionFilterSet
    list_display = [
        "name",
        "code",
        "jenis_jabatan",
        "jenjang",
        "opd",
        BooleanColumn("is_it_role", label=_("Jabatan TI"), sort_key="is_it_role"),
    ]
    list_export = ["code", "name", "jenis_jabatan", "jenjang", "opd", "is_it_role"]
    inspect_view_fields = ["code", "name", "jenis_jabatan", "jenjang", "opd", "is_it_role"]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("code"), FieldPanel("name")]),
            FieldRowPanel([FieldPanel("jenis_jabatan"), FieldPanel("jenjang")]),
            FieldPanel("opd"),
            FieldPanel("is_it_role"),
        ],
        base_form_class=PositionForm,
    )

    def visible_queryset(self, user: User) -> QuerySet[Position]:
        return positions_visible_to(user)

    def editable_queryset(self, user: User) -> QuerySet[Position]:
        """Shared positions (no OPD) are visible to every Admin OPD but changed only by BKPSDM."""
        queryset = positions_visible_to(user)
        scope = opd_scope_ids(user)
        return queryset if scope is None else queryset.filter(opd_id__in=scope)

    def persist(self, *, form: forms.ModelForm, user: User, created: bool) -> Position:
        position = position_save(position=form.save(commit=False))
        for hook in hooks.get_hooks(POSITION_SAVED_HOOK):
            hook(position=position, user=user)
        return position


def _account_status(employee: Employee) -> str:
    user = employee.user
    if user is None:
        return _("Belum ada akun")
    if not user.is_active:
        return _("Nonaktif")
    if not user.has_usable_password():
        return _("Menunggu aktivasi")
    return _("Aktif")


def _type_and_grade(employee: Employee) -> str:
    kind = employee.get_employee_type_display()
    return f"{kind} · {employee.golongan}" if employee.golongan else kind


class EmployeeIndexView(ScopedIndexView):
    """Rows of employees the user may not edit (staff accounts, for an Admin OPD) link to the
    detail page and offer no edit button."""

    def get_base_queryset(self) -> QuerySet[Employee]:
        queryset = super().get_base_queryset()
        if user_manages_accounts(self.request.user):
            return queryset
        staff = staff_accounts().filter(pk=models.OuterRef("user_id"))
        return queryset.annotate(lms_account_is_staff=models.Exists(staff))

    def get_edit_url(self, instance):
        if getattr(instance, "lms_account_is_staff", False):
            return None
        return super().get_edit_url(instance)

    def get_delete_url(self, instance):
        if getattr(instance, "lms_account_is_staff", False):
            return None
        return super().get_delete_url(instance)


class EmployeeInspectView(ScopedInspectView):
    """The employee's detail page; apps above ``people`` add panels through a hook."""

    template_name = "people/employee_inspect.html"

    @cached_property
    def object_editable(self) -> bool:
        user = self.request.user
        return user_manages_accounts(user) or not account_is_staff(self.object.user)

    def get_edit_url(self):
        return super().get_edit_url() if self.object_editable else None

    def get_delete_url(self):
        return super().get_delete_url() if self.object_editable else None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        employee = self.object
        context["employee"] = employee
        context["account_status"] = _account_status(employee)
        context["extra_panels"] = [
            panel
            for hook in hooks.get_hooks(EMPLOYEE_INSPECT_PANELS_HOOK)
            if (panel := hook(self.request, employee)) is not None
        ]
        return context


class EmployeeViewSet(ScopedModelViewSet):
    model = Employee
    name = "pegawai"
    icon = "user"
    menu_label = _("Pegawai")
    ordering = "name"
    search_fields = ["nip", "name", "email"]
    filterset_class = EmployeeFilterSet
    index_view_class = EmployeeIndexView
    inspect_view_class = EmployeeInspectView
    title_column = ("full_name", _("Nama"), "name")
    list_display = [
        "name",
        "nip",
        Column("opd", label=_("OPD"), accessor="opd.name", sort_key="opd__name"),
        Column("position", label=_("Jabatan"), accessor="position.name", sort_key="position__name"),
        Column("employee_type", label=_("Jenis · gol."), accessor=_type_and_grade),
        Column("account_status", label=_("Akun"), accessor=_account_status),
        BooleanColumn("is_active", label=_("Aktif"), sort_key="is_active"),
    ]
    list_export = [
        "nip",
        "name",
        "gelar_depan",
        "gelar_belakang",
        "gender",
        "employee_type",
        "golongan",
        "opd",
        "position",
        "email",
        "is_active",
    ]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("nip"), FieldPanel("employee_type")]),
                    FieldRowPanel(
                        [
                            FieldPanel("gelar_depan"),
                            FieldPanel("name"),
                            FieldPanel("gelar_belakang"),
                        ]
                    ),
                    FieldRowPanel([FieldPanel("gender"), FieldPanel("golongan")]),
                ],
                heading=_("Identitas"),
            ),
            MultiFieldPanel(
                [FieldPanel("opd"), FieldPanel("position")],
                heading=_("Penempatan"),
            ),
            MultiFieldPanel(
                [FieldPanel("email"), FieldPanel("is_active")],
                heading=_("Akun"),
                help_text=_(
                    "Setiap pegawai mendapat akun Peserta dengan NIP sebagai nama pengguna. "
                    "Pegawai mengaktifkan akunnya melalui tautan aktivasi sekali pakai."
                ),
            ),
        ],
        base_form_class=EmployeeForm,
    )

    def visible_queryset(self, user: User) -> QuerySet[Employee]:
        return employees_visible_to(user)

    def editable_queryset(self, user: User) -> QuerySet[Employee]:
        return employees_editable_by(user)

    def persist(self, *, form: forms.ModelForm, user: User, created: bool) -> Employee:
        return employee_save(employee=form.save(commit=False), user=user)


class OPDScopeViewSet(ScopedModelViewSet):
    model = OPDScope
    name = "cakupan-opd"
    icon = "key"
    menu_label = _("Cakupan Admin OPD")
    ordering = "user__username"
    search_fields = ["user__username", "user__first_name", "user__last_name", "opd__name"]
    filterset_class = OPDScopeFilterSet
    list_display = ["user", "opd"]
    inspect_view_fields = ["user", "opd"]
    edit_handler = ObjectList(
        [FieldPanel("user"), FieldPanel("opd")],
        base_form_class=OPDScopeForm,
    )

    def visible_queryset(self, user: User) -> QuerySet[OPDScope]:
        scope = opd_scope_ids(user)
        queryset = OPDScope.objects.select_related("user", "opd")
        return queryset if scope is None else queryset.filter(opd_id__in=scope)

    def persist(self, *, form: forms.ModelForm, user: User, created: bool) -> OPDScope:
        scope = form.instance
        keep = OPD.objects.filter(scopes__user=scope.user)
        if not created:
            keep = keep.exclude(pk=form.original_opd_id)
        opd_scope_set(user=scope.user, opds=[*keep, scope.opd])
        return OPDScope.objects.get(user=scope.user, opd=scope.opd)


class KepegawaianGroup(ModelViewSetGroup):
    menu_label = _("Kepegawaian")
    menu_name = "kepegawaian"
    menu_icon = "group"
    menu_order = 210
    submenu_hook = KEPEGAWAIAN_MENU_HOOK
    items = (OPDViewSet, PositionViewSet, EmployeeViewSet, OPDScopeViewSet)
