"""Registers the "Kompetensi" admin menu and extends the people admin through its hooks.

``lms.people`` is below this app and cannot import it, so the competency profile on the
employee page and the IT-role requirements on position save are plugged in from here.
"""

from wagtail import hooks

from lms.people.models import Employee, Position
from lms.people.viewsets import EMPLOYEE_INSPECT_PANELS_HOOK, POSITION_SAVED_HOOK
from lms.users.models import User

from .services import position_it_overrides_apply
from .viewsets import EmployeeCompetencyPanel, KompetensiGroup


@hooks.register("register_admin_viewset")
def register_kompetensi() -> KompetensiGroup:
    return KompetensiGroup()


@hooks.register(EMPLOYEE_INSPECT_PANELS_HOOK)
def employee_competency_panel(request, employee: Employee) -> EmployeeCompetencyPanel:
    return EmployeeCompetencyPanel(employee)


@hooks.register(POSITION_SAVED_HOOK)
def apply_it_role_requirements(*, position: Position, user: User) -> None:
    """An IT position gets the SPBE requirement floor (idempotent; does nothing otherwise)."""
    position_it_overrides_apply(position=position)
