"""The dashboard's GET filters (year, OPD, jenis jabatan, competency): their shape checked by a
form with Indonesian messages, then turned into ``report_filters`` (docs/architecture.md,
"Reports"). An OPD outside the viewer's scope, or unknown, is an error message on the form
(and logged, ``lms.reports``), never a 500 and never another OPD's figures."""

import logging

from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.competencies.models import Competency
from lms.core.audit.actions import AuditAction
from lms.core.audit.services import audit_record
from lms.people.models import OPD, JenisJabatan
from lms.people.selectors import opds_visible_to
from lms.users.models import User

from ..selectors import ReportFilterError, ReportFilters, report_filters
from ..selectors.base import MAX_YEAR, MIN_YEAR

logger = logging.getLogger("lms.reports")
MAX_ID = 2**31 - 1


class _IdChoiceField(forms.ModelChoiceField):
    """An id outside the database's integer range (or not a number) is an invalid choice, not
    a database error."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).strip()
        if not text.isdigit() or not 0 < int(text) <= MAX_ID:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(text)


class ReportFilterForm(forms.Form):
    year = forms.IntegerField(
        label=_("Tahun"),
        required=False,
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        error_messages={
            "invalid": _("Tahun harus berupa bilangan bulat, misalnya 2026."),
            "min_value": _("Tahun harus antara %(first)s dan %(last)s.")
            % {"first": MIN_YEAR, "last": MAX_YEAR},
            "max_value": _("Tahun harus antara %(first)s dan %(last)s.")
            % {"first": MIN_YEAR, "last": MAX_YEAR},
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": MIN_YEAR, "max": MAX_YEAR}),
    )
    opd = _IdChoiceField(
        label=_("OPD"),
        required=False,
        queryset=OPD.objects.none(),
        empty_label=_("Semua OPD dalam cakupan"),
        error_messages={"invalid_choice": _("OPD tidak dikenal atau di luar cakupan Anda.")},
    )
    jenis_jabatan = forms.ChoiceField(
        label=_("Jenis jabatan"),
        required=False,
        choices=[("", _("Semua jenis jabatan")), *JenisJabatan.choices],
        error_messages={"invalid_choice": _("Jenis jabatan tidak dikenal.")},
    )
    competency = _IdChoiceField(
        label=_("Kompetensi"),
        required=False,
        queryset=Competency.objects.none(),
        empty_label=_("Semua kompetensi"),
        error_messages={"invalid_choice": _("Kompetensi tidak dikenal atau tidak aktif.")},
    )

    def __init__(self, data, *, user: User, with_opd: bool = True):
        super().__init__(data)
        self.user = user
        self.fields["opd"].queryset = opds_visible_to(user).only("pk", "code", "name", "parent")
        self.fields["opd"].label_from_instance = lambda opd: f"{opd.code} {opd.name}"
        self.fields["competency"].queryset = Competency.objects.filter(is_active=True).order_by(
            "code"
        )
        self.fields["competency"].label_from_instance = lambda c: f"{c.code} {c.name}"
        if not with_opd:  # the OPD page: its OPD is in the path
            del self.fields["opd"]

    def _clean_fields(self):
        super()._clean_fields()
        if "opd" in self.errors:
            logger.warning(
                "report filter refused: user %s asked for OPD %r outside their scope",
                self.user.pk,
                str(self.data.get("opd"))[:40],
            )
            audit_record(
                AuditAction.ACCESS_DENIED,
                actor=self.user,
                object_type="people.opd",
                object_id=str(self.data.get("opd"))[:40],
                details={"view": "report_filter", "asked_for": "OPD"},
            )


def parse_filters(
    user: User, query: QueryDict, *, opd: OPD | None = None
) -> tuple[ReportFilterForm, ReportFilters | None]:
    """The form (bound to ``query``) and the filters, or ``None`` when a value is refused (the
    form then holds the Indonesian message). ``opd``: the OPD of the page's path (already
    checked against the scope)."""
    if not query.get("year"):  # the current year, shown in the form
        query = query.copy()
        query["year"] = str(timezone.localdate().year)
    form = ReportFilterForm(query, user=user, with_opd=opd is None)
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    try:
        filters = report_filters(
            viewer=user,
            year=data.get("year") or timezone.localdate().year,
            opd=opd if opd is not None else data.get("opd"),
            jenis_jabatan=data.get("jenis_jabatan") or None,
            competency=data.get("competency"),
        )
    except ReportFilterError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return form, None
    return form, filters


def filter_query(filters: ReportFilters, *, with_opd: bool = True) -> dict[str, str]:
    """The filters as GET parameters (for the drill-down links and the export forms)."""
    query = {"year": str(filters.year)}
    if with_opd and filters.opd is not None:
        query["opd"] = str(filters.opd.pk)
    if filters.jenis_jabatan:
        query["jenis_jabatan"] = filters.jenis_jabatan
    if filters.competency is not None:
        query["competency"] = str(filters.competency.pk)
    return query


def export_query(filters: ReportFilters) -> dict[str, str]:
    """The filters as the export endpoint takes them (``lms.reports.exports.views``: the OPD and
    the competency by code)."""
    query = {"year": str(filters.year)}
    if filters.opd is not None:
        query["opd"] = filters.opd.code
    if filters.jenis_jabatan:
        query["jenis_jabatan"] = filters.jenis_jabatan
    if filters.competency is not None:
        query["competency"] = filters.competency.code
    return query
