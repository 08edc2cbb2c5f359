"""The headline figures of the HR home panel (the Wagtail dashboard of Admin OPD and BKPSDM):
for the OPDs in the viewer's scope, how many employees, how many can log in, how many still
wait for activation, JP compliance so far this year and the people late with a mandatory
course. Three aggregate queries (plus the cached scope), the JP figures from the dashboard's
cache (``dashboard_figures``: computed at most every ``LMS_REPORT_CACHE_SECONDS``)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import Count, Q

from courses.selectors import overdue_enrollments
from lms.people.selectors import ALL, employees_visible_to, opd_scope_ids
from lms.users.models import User

from .base import report_filters, share
from .snapshots import dashboard_figures


@dataclass(frozen=True)
class HomeFigures:
    year: int
    employees: int  # active employees in scope
    active_accounts: int  # of which can log in (a password set)
    pending: int  # of which wait for activation
    pns: int
    pns_met: int  # PNS with ≥ 20 JP this year
    mean_jp: float | None
    overdue_people: int  # people late with at least one mandatory course
    overdue: int  # enrollments past their due date

    @property
    def active_share(self) -> float | None:
        return share(self.active_accounts, self.employees)

    @property
    def pns_met_share(self) -> float | None:
        return share(self.pns_met, self.pns)


def home_figures(user: User, *, today: datetime.date) -> HomeFigures:
    accounts = (
        employees_visible_to(user)
        .filter(is_active=True)
        .aggregate(
            employees=Count("pk"),
            active=Count(
                "pk",
                filter=Q(user__is_active=True)
                & ~Q(user__password__startswith=UNUSABLE_PASSWORD_PREFIX),
            ),
            pending=Count(
                "pk",
                filter=Q(user__is_active=True, user__password__startswith=UNUSABLE_PASSWORD_PREFIX),
            ),
        )
    )
    jp = dashboard_figures(report_filters(viewer=user, year=today.year)).jp.total
    late = overdue_enrollments(today).filter(user__employee__is_active=True)
    scope = opd_scope_ids(user)
    if scope is not ALL:
        late = late.filter(user__employee__opd_id__in=scope)
    overdue = late.order_by().aggregate(
        enrollments=Count("pk"), people=Count("user_id", distinct=True)
    )
    return HomeFigures(
        year=today.year,
        employees=accounts["employees"],
        active_accounts=accounts["active"],
        pending=accounts["pending"],
        pns=jp.pns,
        pns_met=jp.pns_met,
        mean_jp=jp.mean_jp,
        overdue_people=overdue["people"],
        overdue=overdue["enrollments"],
    )
