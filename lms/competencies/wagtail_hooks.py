"""Registers the "Kompetensi" admin menu and extends the people admin through its hooks.

``lms.people`` is below this app and cannot import it, so the competency profile on the
employee page and the JP column of the employee list are plugged in from here. (The IT-role
requirements on position save are a domain rule, not a screen:
``receivers.apply_it_role_requirements`` on ``position_saved``.)
"""

from decimal import Decimal

from django.db.models import DecimalField, OuterRef, QuerySet, Subquery, Sum
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column

from lms.people.models import Employee
from lms.people.viewsets import EMPLOYEE_INSPECT_PANELS_HOOK, EMPLOYEE_LIST_COLUMNS_HOOK

from .models import LearningRecord
from .selectors import jp_target_for
from .viewsets import EmployeeCompetencyPanel, KompetensiGroup


@hooks.register("register_admin_viewset")
def register_kompetensi() -> KompetensiGroup:
    return KompetensiGroup()


@hooks.register(EMPLOYEE_INSPECT_PANELS_HOOK)
def employee_competency_panel(request, employee: Employee) -> EmployeeCompetencyPanel:
    return EmployeeCompetencyPanel(employee)


def _jp_of_year(employee) -> str:
    """ "8,5 / 20" for a PNS (the minimum), "12,0 / maks. 24" for a PPPK (the cap)."""
    jp = getattr(employee, "lms_jp_year", None) or Decimal("0")
    target, meaning = jp_target_for(employee.employee_type)
    figure = formats.number_format(jp, 1)
    if meaning == "minimum":
        return _("%(jp)s / %(target)s") % {"jp": figure, "target": target}
    return _("%(jp)s / maks. %(target)s") % {"jp": figure, "target": target}


def _annotate_jp(queryset: QuerySet) -> QuerySet:
    year = timezone.localdate().year
    total = (
        LearningRecord.objects.filter(employee_id=OuterRef("pk"), year=year)
        .order_by()
        .values("employee_id")
        .annotate(total=Sum("jp"))
        .values("total")
    )
    return queryset.annotate(lms_jp_year=Subquery(total, output_field=DecimalField()))


@hooks.register(EMPLOYEE_LIST_COLUMNS_HOOK)
def employee_jp_column() -> list:
    """ "JP <year>": the employee's JP of this year against their target, sortable."""
    column = Column(
        "lms_jp_year",
        label=_("JP %(year)s") % {"year": timezone.localdate().year},
        accessor=_jp_of_year,
        sort_key="lms_jp_year",
    )
    return [(column, _annotate_jp)]
