"""Read-side queries for OPDs, positions and employees, always within the caller's scope.

Scope rule: superusers and BKPSDM see every OPD; an Admin OPD sees the OPDs bound to them by
``OPDScope`` and all their sub-units; everyone else sees none (``frozenset()``).
"""

import datetime
from collections.abc import Iterable

from django.db.models import Q, QuerySet

from lms.users.models import User
from lms.users.roles import Role

from .models import OPD, Employee, OPDScope, Position

ALL = None  # the scope value meaning "unrestricted"


def opd_descendant_ids(roots: Iterable[int]) -> frozenset[int]:
    """The given OPDs and all units below them. One query over (id, parent_id)."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in OPD.objects.values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    found, stack = set(), list(roots)
    while stack:
        pk = stack.pop()
        if pk not in found:
            found.add(pk)
            stack.extend(children.get(pk, ()))
    return frozenset(found)


def user_sees_all_opds(user: User) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.groups.filter(name=Role.BKPSDM).exists()


def opd_scope_ids(user: User) -> frozenset[int] | None:
    """OPD ids the user may see, or ``None`` for all. Cached on the user object per request."""
    cached = getattr(user, "_lms_opd_scope", False)
    if cached is not False:
        return cached
    if user_sees_all_opds(user):
        scope = ALL
    elif not user.is_authenticated or not user.is_active:
        scope = frozenset()
    else:
        roots = OPDScope.objects.filter(user=user).values_list("opd_id", flat=True)
        scope = opd_descendant_ids(list(roots))
    user._lms_opd_scope = scope
    return scope


def opds_visible_to(user: User) -> QuerySet[OPD]:
    scope = opd_scope_ids(user)
    queryset = OPD.objects.select_related("parent")
    return queryset if scope is ALL else queryset.filter(pk__in=scope)


def employees_visible_to(user: User) -> QuerySet[Employee]:
    scope = opd_scope_ids(user)
    queryset = Employee.objects.select_related("opd", "position", "user")
    return queryset if scope is ALL else queryset.filter(opd_id__in=scope)


def positions_visible_to(user: User) -> QuerySet[Position]:
    """Positions of the user's OPDs plus the shared ones (no OPD)."""
    scope = opd_scope_ids(user)
    queryset = Position.objects.select_related("opd")
    if scope is ALL:
        return queryset
    return queryset.filter(Q(opd__isnull=True) | Q(opd_id__in=scope))


def opds_valid_in(year: int) -> QuerySet[OPD]:
    """The OPD structure of a calendar year: units valid on any day of it."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return OPD.objects.filter(valid_from__lte=end).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=start)
    )


def employee_for_user(user: User) -> Employee | None:
    if not user.is_authenticated:
        return None
    return Employee.objects.select_related("opd", "position").filter(user=user).first()
