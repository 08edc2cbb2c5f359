"""Read-side queries for OPDs, positions and employees, always within the caller's scope.

Scope rule: superusers and BKPSDM see every OPD; an Admin OPD sees the OPDs bound to them by
``OPDScope`` and all their sub-units; everyone else sees none (``frozenset()``).

Account rule (docs/security.md): only BKPSDM and superusers ("account managers") change the
identity (NIP, name, e-mail) of an existing account or edit an employee whose account is staff
(``employee_identity_editable``, ``employees_editable_by``). An Admin OPD creates new employees
in scope, with their e-mail, and edits the other fields of the learners in scope.
"""

import datetime
from collections.abc import Iterable

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import Count, Q, QuerySet

from lms.users.models import InvitationChannel, User
from lms.users.roles import STAFF_ROLES, Role

from .models import OPD, CorrectionField, CorrectionRequest, Employee, OPDScope, Position

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


def in_opd_scope(queryset: QuerySet, *, user: User, opd_field: str = "opd_id") -> QuerySet:
    """``queryset`` narrowed to the rows whose ``opd_field`` is one of the OPDs ``user`` may see
    (``opd_scope_ids``): the one place the visible-OPD set filters a query."""
    scope = opd_scope_ids(user)
    return queryset if scope is ALL else queryset.filter(**{f"{opd_field}__in": scope})


def opds_visible_to(user: User) -> QuerySet[OPD]:
    return in_opd_scope(OPD.objects.select_related("parent"), user=user, opd_field="pk")


def employees_visible_to(user: User) -> QuerySet[Employee]:
    return in_opd_scope(Employee.objects.select_related("opd", "position", "user"), user=user)


def user_manages_accounts(user: User | None) -> bool:
    """BKPSDM and superusers (and trusted code, ``user=None``): may change identities and
    staff accounts. Uses the cached scope, so it costs no query after the first."""
    return user is None or opd_scope_ids(user) is ALL


def staff_accounts() -> QuerySet[User]:
    """Accounts that work in the admin: the staff or superuser flag, or a staff role group."""
    return User.objects.filter(
        Q(is_staff=True) | Q(is_superuser=True) | Q(groups__name__in=STAFF_ROLES)
    ).distinct()


def account_is_staff(account: User | None) -> bool:
    if account is None or account.pk is None:
        return False
    if account.is_staff or account.is_superuser:
        return True
    return account.groups.filter(name__in=STAFF_ROLES).exists()


def employees_editable_by(user: User) -> QuerySet[Employee]:
    """The employees ``user`` may edit: those in scope, minus staff accounts unless ``user``
    manages accounts. Viewing is ``employees_visible_to``."""
    queryset = employees_visible_to(user)
    if user_manages_accounts(user):
        return queryset
    return queryset.exclude(user__in=staff_accounts().values("pk"))


def employee_account(employee: Employee) -> User | None:
    """The account that saving ``employee`` updates: the linked one, else the one with its NIP
    (``employee_account_ensure`` links it)."""
    if employee.user_id is not None:
        return employee.user
    if not employee.nip:
        return None
    return User.objects.filter(nip=employee.nip).first()


def employee_identity_editable(
    user: User | None, employee: Employee, *, has_account: bool | None = None
) -> bool:
    """The one rule for identity fields (NIP, name, e-mail): may ``user`` set them?

    BKPSDM and superusers always may. Anyone else only when the save creates the account: a new
    employee without an existing account. The admin form disables the fields when this is
    False, ``employee_save`` refuses a change, and the employee import refuses the row.
    ``has_account`` saves the lookup when the caller already knows (the import does).
    """
    if user_manages_accounts(user):
        return True
    if employee.pk is not None:
        return False
    if has_account is None:
        has_account = employee_account(employee) is not None
    return not has_account


IDENTITY_FIELDS = ("nip", "name", "email")


def employee_identity_changes(
    employee: Employee, account: User | None
) -> dict[str, dict[str, str]]:
    """What saving ``employee`` would change in the identity of its account, as
    ``{field: {"old": ..., "new": ...}}`` over ``IDENTITY_FIELDS``.

    Compared with the account (what logs in and receives password resets); when there is no
    account yet, with the stored employee; a new employee without an account changes nothing.
    """
    new = {"nip": employee.nip or "", "name": employee.name[:150], "email": employee.email}
    if account is not None:
        old = {"nip": account.nip or "", "name": account.get_full_name(), "email": account.email}
    elif employee.pk is not None:
        old = Employee.objects.filter(pk=employee.pk).values(*IDENTITY_FIELDS).first() or new
    else:
        return {}
    return {
        name: {"old": old[name], "new": new[name]}
        for name in IDENTITY_FIELDS
        if old[name] != new[name]
    }


def positions_visible_to(user: User) -> QuerySet[Position]:
    """Positions of the user's OPDs plus the shared ones (no OPD)."""
    scope = opd_scope_ids(user)
    queryset = Position.objects.select_related("opd")
    if scope is ALL:
        return queryset
    return queryset.filter(Q(opd__isnull=True) | Q(opd_id__in=scope))


def positions_editable_by(*, user: User) -> QuerySet[Position]:
    """The positions ``user`` may change: those of their OPDs. Shared positions (no OPD) are
    visible to every Admin OPD but changed only by users who see every OPD."""
    return in_opd_scope(positions_visible_to(user), user=user)


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


def employees_by_user(user_ids: Iterable[int]) -> dict[int, Employee]:
    """The employees of many accounts in one query, keyed by user id (accounts without an
    employee are absent): the bulk form of :func:`employee_for_user`."""
    return {
        employee.user_id: employee
        for employee in Employee.objects.select_related("opd", "position").filter(
            user_id__in=list(user_ids)
        )
    }


# --- Account activation (docs/user-guide.md, "Aktivasi akun") ----------------------------------


def activation_pending() -> QuerySet[Employee]:
    """Employees whose account waits for activation: employee and account active, the account
    without a usable password (``set_unusable_password`` stores ``!`` and random characters).
    An account that has set a password, or that was deactivated, is never invited again."""
    return Employee.objects.filter(
        is_active=True,
        user__is_active=True,
        user__password__startswith=UNUSABLE_PASSWORD_PREFIX,
    )


def activation_candidates(
    *, user: User | None, opd: OPD | None = None, uninvited_only: bool = False
) -> QuerySet[Employee]:
    """The pending employees (:func:`activation_pending`) ``user`` may invite: those they may
    edit (``employees_editable_by``: an Admin OPD their OPDs' learners; ``None``: trusted code,
    every OPD), in ``opd`` and its sub-units when given, and with ``uninvited_only`` only
    those never invited (the newcomers of an import). Ordered by OPD code and name, as the
    letters are printed."""
    queryset = activation_pending().select_related("opd", "position", "user", "user__invitation")
    if user is not None:
        queryset = queryset.filter(pk__in=employees_editable_by(user).values("pk"))
    if opd is not None:
        queryset = queryset.filter(opd_id__in=opd_descendant_ids([opd.pk]))
    if uninvited_only:
        queryset = queryset.filter(user__invitation__isnull=True)
    return queryset.order_by("opd__code", "name", "nip")


def activation_overview(*, user: User) -> list[dict]:
    """Per OPD the viewer may invite in: pending accounts, of which never invited, invited by
    e-mail, invited by letter, and pending without an e-mail address. One aggregate query
    (plus the viewer's scope), OPDs in code order; OPDs with nobody pending are left out."""
    no_email = Q(email="")
    rows = (
        activation_candidates(user=user)
        .order_by()
        .values("opd_id", "opd__code", "opd__name")
        .annotate(
            pending=Count("pk"),
            uninvited=Count("pk", filter=Q(user__invitation__isnull=True)),
            by_email=Count("pk", filter=Q(user__invitation__channel=InvitationChannel.EMAIL)),
            by_letter=Count("pk", filter=Q(user__invitation__channel=InvitationChannel.LETTER)),
            without_email=Count("pk", filter=no_email),
        )
        .order_by("opd__code")
    )
    return list(rows)


def may_invite_accounts(user: User) -> bool:
    """Admin OPD (in their OPDs) and BKPSDM (everywhere) send activation invitations: those
    who edit employees (``people.change_employee``) and see at least one OPD."""
    if not user.is_authenticated or not user.is_active:
        return False
    if not user.has_perm("people.change_employee"):
        return False
    scope = opd_scope_ids(user)
    return scope is ALL or bool(scope)


# --- Correction requests (docs/security.md, "Personal data (UU 27/2022)") -----------------------


def correction_current_value(employee: Employee, field: str) -> str:
    """What ``employee``'s record says now for a correction ``field`` (kept on the request, so
    HR sees what the learner saw)."""
    if field == CorrectionField.NAME:
        return employee.name
    if field == CorrectionField.GELAR:
        return " / ".join(part for part in (employee.gelar_depan, employee.gelar_belakang) if part)
    if field == CorrectionField.NIP:
        return employee.nip
    if field == CorrectionField.POSITION:
        return employee.position.name if employee.position_id else ""
    if field == CorrectionField.OPD:
        return f"{employee.opd.code} {employee.opd.name}" if employee.opd_id else ""
    return ""


def correction_requests_of(employee: Employee) -> QuerySet[CorrectionRequest]:
    """The employee's own requests, newest first (their data page)."""
    return CorrectionRequest.objects.filter(employee=employee).order_by("-created_at", "-pk")


def correction_requests_visible_to(user: User) -> QuerySet[CorrectionRequest]:
    """The requests HR ``user`` may list, open and resolve: holders of
    ``people.view_correctionrequest``, of employees in their OPD scope (BKPSDM all)."""
    if not (user.is_authenticated and user.has_perm("people.view_correctionrequest")):
        return CorrectionRequest.objects.none()
    queryset = CorrectionRequest.objects.select_related(
        "employee__opd", "employee__position", "resolved_by"
    )
    return in_opd_scope(queryset, user=user, opd_field="employee__opd_id")


def opd_bound_to(user: User) -> OPD | None:
    """The one OPD ``user`` is bound to by an OPD scope (an Admin OPD of one OPD), or None: no
    scope, several, or a user who sees every OPD. Two queries at most."""
    if opd_scope_ids(user) is ALL:
        return None
    scopes = list(OPDScope.objects.filter(user=user).select_related("opd")[:2])
    return scopes[0].opd if len(scopes) == 1 else None
