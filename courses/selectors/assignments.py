"""Who a mandatory-course assignment reaches, and who is late."""

import datetime

from django.db.models import QuerySet

from lms.people.models import Employee
from lms.people.selectors import opd_descendant_ids

from ..models import Assignment, AssignmentTarget, Enrollment, EnrollmentStatus


def assignment_employees(assignment: Assignment) -> QuerySet[Employee]:
    """The active employees an assignment reaches."""
    employees = Employee.objects.filter(is_active=True, user__isnull=False)
    if assignment.target == AssignmentTarget.OPD:
        return employees.filter(opd_id__in=opd_descendant_ids([assignment.opd_id]))
    if assignment.target == AssignmentTarget.POSITION:
        return employees.filter(position_id=assignment.position_id)
    return employees.filter(pk__in=assignment.employees.values("pk"))


def overdue_enrollments(today: datetime.date) -> QuerySet[Enrollment]:
    """Enrollments still open after their due date (the mandatory courses people are late
    with), by OPD code and due date: the Admin OPD's daily digest and the HR home panel."""
    return (
        Enrollment.objects.filter(status=EnrollmentStatus.ACTIVE, due_date__lt=today)
        .select_related("course", "user__employee__opd")
        .order_by("user__employee__opd__code", "due_date")
    )
