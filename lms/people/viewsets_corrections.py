"""*Permintaan perbaikan data* in the "Kepegawaian" menu (docs/user-guide.md; docs/security.md,
"Personal data (UU 27/2022)"): HR lists the learners' correction requests (status filter),
opens one and closes it with "Selesaikan" or "Tolak" and a note.

Admin OPD see the requests of employees in their OPD scope, BKPSDM all
(``correction_requests_visible_to``); another OPD's request is a 404 on the inspect page and on
the resolve POST. The resolve view answers POST only (CSRF-protected like every POST) and calls
``correction_request_resolve``. HR makes the correction itself on the employee's page (or the
JP screens); the request only records that it was handled.
"""

from __future__ import annotations

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn

from lms.core.viewsets import ReadOnlyScopedViewSet, ScopedIndexView, ScopedInspectView
from lms.users.models import User

from .models import CorrectionField, CorrectionRequest, CorrectionStatus
from .selectors import correction_requests_visible_to, employees_editable_by
from .services import CORRECTION_NOTE_MAX, correction_request_resolve

MAX_ID = 2**31 - 1


class CorrectionFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"), choices=CorrectionStatus.choices
    )
    field = django_filters.ChoiceFilter(label=gettext_lazy("Data"), choices=CorrectionField.choices)

    class Meta:
        model = CorrectionRequest
        fields = ["status", "field"]


class CorrectionIndexView(ScopedIndexView):
    def get_base_queryset(self) -> QuerySet[CorrectionRequest]:
        return super().get_base_queryset().select_related("employee__opd")


class CorrectionInspectView(ScopedInspectView):
    template_name = "people/correction_inspect.html"
    resolve_url_name: str | None = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        correction = self.object
        employee = correction.employee
        user = self.request.user
        context.update(
            correction=correction,
            employee=employee,
            may_resolve=correction.status == CorrectionStatus.OPEN
            and user.has_perm("people.change_correctionrequest"),
            resolve_url=reverse(self.resolve_url_name, args=[correction.pk]),
            note_max=CORRECTION_NOTE_MAX,
            employee_url=reverse("pegawai:inspect", args=[employee.pk]),
            employee_edit_url=reverse("pegawai:edit", args=[employee.pk])
            if employees_editable_by(user).filter(pk=employee.pk).exists()
            else "",
        )
        return context


class CorrectionResolveView(View):
    """``POST …/perbaikan-data/selesaikan/<id>/`` with ``action`` (``resolve``/``reject``) and
    ``note``: closes the request, back to its page with a message; a refused input (no action,
    a rejection without a note, a request already closed) is a message and nothing written."""

    http_method_names = ["post"]
    inspect_url_name: str | None = None

    def post(self, request, pk: int):
        user = request.user
        if not user.has_perm("people.change_correctionrequest"):
            raise PermissionDenied
        queryset = correction_requests_visible_to(user)
        correction = get_object_or_404(queryset, pk=pk if pk <= MAX_ID else 0)
        status = {
            "resolve": CorrectionStatus.RESOLVED,
            "reject": CorrectionStatus.REJECTED,
        }.get(request.POST.get("action", ""), "")
        back = reverse(self.inspect_url_name, args=[correction.pk])
        try:
            correction_request_resolve(
                correction=correction, user=user, status=status, note=request.POST.get("note", "")
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(back)
        if status == CorrectionStatus.RESOLVED:
            messages.success(request, _("Permintaan ditandai selesai; pegawai diberi tahu."))
        else:
            messages.success(request, _("Permintaan ditolak; pegawai diberi tahu alasannya."))
        return redirect(back)


def _employee_label(correction: CorrectionRequest) -> str:
    return f"{correction.employee.full_name} ({correction.employee.nip})"


class CorrectionRequestViewSet(ReadOnlyScopedViewSet):
    model = CorrectionRequest
    name = "perbaikan-data"
    url_prefix = "kepegawaian/perbaikan-data"
    icon = "edit"
    menu_label = gettext_lazy("Permintaan perbaikan data")
    menu_order = 900
    ordering = ["-created_at", "-pk"]
    search_fields = ["employee__name", "employee__nip", "requested_value"]
    filterset_class = CorrectionFilterSet
    index_view_class = CorrectionIndexView
    inspect_view_class = CorrectionInspectView
    title_column = ("employee", gettext_lazy("Pegawai"), "employee__name")
    phone_columns = ("status",)
    list_display = [
        Column("employee", label=gettext_lazy("Pegawai"), accessor=_employee_label),
        Column("opd", label=gettext_lazy("OPD"), accessor="employee.opd.name"),
        Column("field", label=gettext_lazy("Data"), accessor="get_field_display"),
        Column("requested_value", label=gettext_lazy("Seharusnya")),
        Column("status", label=gettext_lazy("Status"), accessor="get_status_display"),
        DateColumn("created_at", label=gettext_lazy("Diajukan"), sort_key="created_at"),
    ]
    # Not "field": Wagtail's inspect view looks up get_<name>_display_value on itself, and its
    # own get_field_display_value is taken; the template shows every value anyway.
    inspect_view_fields = ["current_value", "requested_value", "note", "status", "created_at"]
    list_export = [
        "created_at",
        "field",
        "current_value",
        "requested_value",
        "note",
        "status",
        "resolution_note",
        "resolved_at",
    ]

    def visible_queryset(self, user: User) -> QuerySet[CorrectionRequest]:
        return correction_requests_visible_to(user)

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(
            resolve_url_name=self.get_url_name("resolve"), **kwargs
        )

    @property
    def resolve_view(self):
        return CorrectionResolveView.as_view(inspect_url_name=self.get_url_name("inspect"))

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("selesaikan/<int:pk>/", self.resolve_view, name="resolve"),
        ]
