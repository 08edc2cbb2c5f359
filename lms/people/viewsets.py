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

The generic scoped base (``ScopedModelViewSet`` and its views) lives in ``lms.core.viewsets``,
the filters and forms (with ``ScopedModelForm``, reused by higher apps) in ``admin_forms``.
Higher apps extend these screens through Wagtail hooks, never by being imported here:

* ``EMPLOYEE_INSPECT_PANELS_HOOK``: ``fn(request, employee) -> Component | None``, extra panels
  on the employee detail page (the competency profile and JP come from ``lms.competencies``).
* ``EMPLOYEE_LIST_COLUMNS_HOOK``: ``fn() -> [(Column, annotate)]``, extra columns of the
  employee list, each with the function that annotates the list's queryset with its value
  (one annotation, no query per row: the JP of the year from ``lms.competencies``).
* ``KEPEGAWAIAN_MENU_HOOK``: returns a ``MenuItem`` for the "Kepegawaian" submenu (the HR
  import screen of ``lms.core`` registers itself there).
"""

from django import forms
from django.db import models
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.viewsets.model import ModelViewSetGroup
from wagtail.log_actions import log

from lms.core.audit.actions import AuditAction
from lms.core.audit.services import audit_record
from lms.core.viewsets import (
    ScopedDeleteView,
    ScopedIndexView,
    ScopedInspectView,
    ScopedModelViewSet,
)
from lms.users.models import AccountInvitation, User

from .admin_forms import (
    EmployeeFilterSet,
    EmployeeForm,
    OPDFilterSet,
    OPDForm,
    OPDScopeFilterSet,
    OPDScopeForm,
    PositionFilterSet,
    PositionForm,
)
from .models import OPD, Employee, OPDScope, Position
from .selectors import (
    account_is_staff,
    activation_pending,
    employees_editable_by,
    employees_visible_to,
    in_opd_scope,
    may_invite_accounts,
    opds_visible_to,
    positions_editable_by,
    positions_visible_to,
    staff_accounts,
    user_manages_accounts,
)
from .services import employee_save, opd_save, opd_scope_delete, opd_scope_set, position_save
from .viewsets_corrections import CorrectionRequestViewSet

EMPLOYEE_INSPECT_PANELS_HOOK = "lms_employee_inspect_panels"
EMPLOYEE_LIST_COLUMNS_HOOK = "lms_employee_list_columns"
KEPEGAWAIAN_MENU_HOOK = "register_kepegawaian_menu_item"
# --- Viewsets ----------------------------------------------------------------------------------


class OPDViewSet(ScopedModelViewSet):
    model = OPD
    name = "opd"
    icon = "site"
    menu_label = _("OPD")
    ordering = "code"
    search_fields = ["code", "name"]
    filterset_class = OPDFilterSet
    phone_columns = ("code",)
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
        return opd_save(opd=form.save(commit=False), successors=form.cleaned_data.get("successors"))


class PositionViewSet(ScopedModelViewSet):
    model = Position
    name = "jabatan"
    icon = "tag"
    menu_label = _("Jabatan")
    ordering = "name"
    search_fields = ["code", "name"]
    filterset_class = PositionFilterSet
    phone_columns = ("code",)
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
        return positions_editable_by(user=user)

    def persist(self, *, form: forms.ModelForm, user: User, created: bool) -> Position:
        return position_save(position=form.save(commit=False))


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

    @cached_property
    def extra_columns(self) -> list:
        """(column, annotate) pairs from ``EMPLOYEE_LIST_COLUMNS_HOOK`` (apps above ``people``:
        the JP of the year)."""
        return [item for hook in hooks.get_hooks(EMPLOYEE_LIST_COLUMNS_HOOK) for item in hook()]

    @cached_property
    def columns(self) -> list:
        # The hook's columns (the JP of the year) come after the phone layout: HR keeps them
        # on a phone, with the name and the account status.
        return [*super().columns, *(column for column, _annotate in self.extra_columns)]

    def get_base_queryset(self) -> QuerySet[Employee]:
        queryset = super().get_base_queryset()
        for _column, annotate in self.extra_columns:
            queryset = annotate(queryset)
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
        if employee.user_id != self.request.user.pk:  # HR reading someone's record
            audit_record(
                AuditAction.RECORD_VIEWED,
                obj=employee,
                opd=employee.opd,
                details={"view": "pegawai:inspect"},
            )
        context["employee"] = employee
        context["account_status"] = _account_status(employee)
        context["activation"] = self.activation()
        context["extra_panels"] = [
            panel
            for hook in hooks.get_hooks(EMPLOYEE_INSPECT_PANELS_HOOK)
            if (panel := hook(self.request, employee)) is not None
        ]
        return context

    def activation(self) -> dict | None:
        """The "Aktivasi akun" panel: the latest invitation, and the two buttons for someone
        who may invite this employee (``lms.people.views.employee_activation``)."""
        employee = self.object
        if employee.user_id is None or not activation_pending().filter(pk=employee.pk).exists():
            return None
        invitation = AccountInvitation.objects.filter(user_id=employee.user_id).first()
        allowed = self.object_editable and may_invite_accounts(self.request.user)
        return {
            "invitation": invitation,
            "email_url": reverse("aktivasi:employee_email", args=[employee.pk]) if allowed else "",
            "letter_url": reverse("aktivasi:employee_letter", args=[employee.pk])
            if allowed
            else "",
            "has_email": bool(employee.user.email),
        }


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
    phone_columns = ("account_status",)
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


class OPDScopeDeleteView(ScopedDeleteView):
    """Deletes an OPD scope through ``opd_scope_delete`` (audited ``SCOPE_CHANGED``), logged in
    Wagtail's history like every delete."""

    def delete_action(self):
        log(instance=self.object, action="wagtail.delete", user=self.request.user, deleted=True)
        opd_scope_delete(scope=self.object)


class OPDScopeViewSet(ScopedModelViewSet):
    model = OPDScope
    delete_view_class = OPDScopeDeleteView
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
        return in_opd_scope(OPDScope.objects.select_related("user", "opd"), user=user)

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
    items = (
        OPDViewSet,
        PositionViewSet,
        EmployeeViewSet,
        OPDScopeViewSet,
        CorrectionRequestViewSet,
    )
