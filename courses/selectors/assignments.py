"""Who a mandatory-course assignment reaches."""

from django.db.models import QuerySet

from lms.people.models import Employee
from lms.people.selectors import opd_descendant_ids

from ..models import Assignment, AssignmentTarget


def assignment_employees(assignment: Assignment) -> QuerySet[Employee]:
    """The active employees an assignment reaches."""
    employees = Employee.objects.filter(is_active=True, user__isnull=False)
    if assignment.target == AssignmentTarget.OPD:
        return employees.filter(opd_id__in=opd_descendant_ids([assignment.opd_id]))
    if assignment.target == AssignmentTarget.POSITION:
        return employees.filter(position_id=assignment.position_id)
    return employees.filter(pk__in=assignment.employees.values("pk"))
