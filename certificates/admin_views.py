"""HR's certificate list in the Wagtail admin: filter by OPD, course, year and state within the
viewer's scope (Admin OPD: own OPDs, 404 outside; BKPSDM: all), inspect one, and "Unduh ZIP":
the PDFs of the current filters as a prepared download (``certificates.downloads``).

The list and the ZIP read the same selector (``selectors_hr.certificates_for_hr_filtered``) with
the same filters, so the ZIP holds exactly the listed certificates. The filter form's fields only
display the choices: the narrowing itself is that selector's, applied to the base queryset.
"""

from __future__ import annotations

import django_filters
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import HeaderButton

from courses.models import CoursePage
from lms.core.downloads.services import download_request
from lms.core.viewsets import ReadOnlyScopedViewSet, ScopedIndexView
from lms.people.admin_forms import visible_opd_choices
from lms.people.selectors import opds_visible_to
from lms.users.models import User

from .downloads import KIND
from .models import Certificate, CertificateState
from .selectors_hr import certificates_for_hr, certificates_for_hr_filtered, clean_hr_filters


class _BoundedModelChoiceField(django_filters.fields.ModelChoiceField):
    """A choice id outside the database's integer range is an invalid choice (a query with
    it would fail with a server error on some databases)."""

    def to_python(self, value):
        if value not in self.empty_values:
            try:
                number = int(value)
            except (TypeError, ValueError):
                number = 0
            if not 0 < number < 2**31:
                raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class _BoundedModelChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = _BoundedModelChoiceField


def _shown_only(queryset, name, value):
    return queryset  # narrowed by certificates_for_hr_filtered (see the module docstring)


def _courses(request=None) -> QuerySet[CoursePage]:
    return CoursePage.objects.order_by("title")


class CertificateFilterSet(WagtailFilterSet):
    opd = _BoundedModelChoiceFilter(
        label=gettext_lazy("OPD"), queryset=visible_opd_choices, method=_shown_only
    )
    course = _BoundedModelChoiceFilter(
        label=gettext_lazy("Kursus"), queryset=_courses, method=_shown_only
    )
    year = django_filters.NumberFilter(label=gettext_lazy("Tahun"), method=_shown_only)
    state = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"),
        choices=CertificateState.choices,
        empty_label=gettext_lazy("Semua"),
        method=_shown_only,
    )

    class Meta:
        model = Certificate
        fields = ["opd", "course", "year", "state"]


def zip_query(request: HttpRequest) -> str:
    return urlencode(clean_hr_filters(request.GET))


class CertificateIndexView(ScopedIndexView):
    def get_base_queryset(self) -> QuerySet[Certificate]:
        return certificates_for_hr_filtered(self.request.user, self.request.GET).select_related(
            "opd"
        )

    @cached_property
    def header_buttons(self) -> list:
        buttons = list(super().header_buttons)
        url = reverse("sertifikat:zip")
        query = zip_query(self.request)
        buttons.append(
            HeaderButton(
                _("Unduh ZIP"), url=f"{url}?{query}" if query else url, icon_name="download"
            )
        )
        return buttons


def zip_request(request: HttpRequest) -> HttpResponse:
    """GET: what the ZIP will hold (count and filters) and a button; POST: requests it and
    goes to its progress page. HR only; the scope is the requester's, at build time too."""
    user = request.user
    if not user.has_perm("certificates.view_certificate"):
        raise PermissionDenied
    source = request.POST if request.method == "POST" else request.GET
    filters = clean_hr_filters(source)
    count = certificates_for_hr_filtered(user, filters).exclude(pdf="").count()
    if request.method == "POST":
        if not count:
            return _zip_page(request, filters, count, empty=True)
        download = download_request(owner=user, kind=KIND, parameters=filters)
        return redirect("lms_downloads:status", pk=download.pk)
    return _zip_page(request, filters, count)


def _filter_labels(user: User, filters: dict) -> list[tuple[str, str]]:
    """The filters in words, for the confirmation (an OPD outside the scope is not named)."""
    labels = []
    if "opd" in filters:
        opd = opds_visible_to(user).filter(pk=filters["opd"]).first()
        labels.append((_("OPD"), str(opd) if opd else _("(tidak dikenal)")))
    if "course" in filters:
        course = CoursePage.objects.filter(pk=filters["course"]).first()
        labels.append((_("Kursus"), course.title if course else _("(tidak dikenal)")))
    if "year" in filters:
        labels.append((_("Tahun"), str(filters["year"])))
    if "state" in filters:
        labels.append((_("Status"), str(CertificateState(filters["state"]).label)))
    return labels or [(_("Saringan"), _("semua sertifikat dalam cakupan Anda"))]


def _zip_page(request, filters: dict, count: int, *, empty: bool = False) -> HttpResponse:
    return TemplateResponse(
        request,
        "certificates/admin/zip_request.html",
        {
            "page_title": _("Unduh ZIP sertifikat"),
            "header_icon": "download",
            "filters": filters,
            "filter_labels": _filter_labels(request.user, filters),
            "count": count,
            "empty": empty,
            "index_url": reverse("sertifikat:index")
            + (f"?{urlencode(filters)}" if filters else ""),
        },
    )


class CertificateViewSet(ReadOnlyScopedViewSet):
    model = Certificate
    name = "sertifikat"
    icon = "doc-full"
    menu_label = gettext_lazy("Sertifikat")
    add_to_admin_menu = True
    menu_order = 260
    index_view_class = CertificateIndexView
    ordering = ["-issued_on", "-pk"]
    search_fields = ["number", "holder_name", "holder_nip", "course_title"]
    filterset_class = CertificateFilterSet
    list_display = [
        "number",
        "holder_name",
        Column("holder_opd", label=gettext_lazy("OPD"), accessor="holder_opd"),
        "course_title",
        "jp",
        "year",
        "state",
        "issued_on",
    ]
    inspect_view_fields = [
        "number",
        "holder_name",
        "holder_nip",
        "holder_opd",
        "course_title",
        "course_code",
        "jp",
        "started_on",
        "completed_on",
        "issued_on",
        "expires_on",
        "state",
        "revoked_reason",
        "sha256",
    ]

    def visible_queryset(self, user: User) -> QuerySet[Certificate]:
        return certificates_for_hr(user)

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("unduh-zip/", zip_request, name="zip")]
