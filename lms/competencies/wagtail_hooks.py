"""Registers the "Kompetensi" admin menu and extends the people admin through its hooks.

``lms.people`` is below this app and cannot import it, so the competency profile on the
employee page is plugged in from here. (The IT-role requirements on position save are a
domain rule, not a screen: ``receivers.apply_it_role_requirements`` on ``position_saved``.)
"""

from wagtail import hooks

from lms.people.models import Employee
from lms.people.viewsets import EMPLOYEE_INSPECT_PANELS_HOOK

from .viewsets import EmployeeCompetencyPanel, KompetensiGroup


@hooks.register("register_admin_viewset")
def register_kompetensi() -> KompetensiGroup:
    return KompetensiGroup()


@hooks.register(EMPLOYEE_INSPECT_PANELS_HOOK)
def employee_competency_panel(request, employee: Employee) -> EmployeeCompetencyPanel:
    return EmployeeCompetencyPanel(employee)
