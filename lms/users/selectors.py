"""Read-side queries for accounts."""

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from lms.core.nip import NIPError, normalize_nip

from .models import User
from .roles import Role


def user_for_login(*, identifier: str) -> User | None:
    """The account an identifier (NIP, NI PPPK or e-mail) logs in as, or ``None``.

    E-mail matching is case-insensitive; a NIP is matched after normalisation (spaces and dots
    removed). Inactive accounts are returned too: the backend decides, so timing stays equal.
    """
    identifier = identifier.strip()
    if not identifier:
        return None
    users = get_user_model().objects
    if "@" in identifier:
        return users.filter(email__iexact=identifier).first()
    try:
        nip = normalize_nip(identifier)
    except NIPError:
        return None
    return users.filter(nip=nip).first()


def trainer_accounts() -> QuerySet[User]:
    """Active Pengajar accounts: who may be a course's trainer or share a question bank."""
    return (
        User.objects.filter(is_active=True, groups__name=Role.PENGAJAR)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def trainers_split(users: Iterable[User]) -> tuple[list[User], list[User]]:
    """``users`` without repeats (in order), and those of them who are not active Pengajar
    accounts (:func:`trainer_accounts`), in one query."""
    unique = list({user.pk: user for user in users}.values())
    eligible = set(
        trainer_accounts().filter(pk__in=[user.pk for user in unique]).values_list("pk", flat=True)
    )
    return unique, [user for user in unique if user.pk not in eligible]


def display_names(users: Iterable[User]) -> str:
    """``"Full Name, username, ..."`` for a message that lists accounts."""
    return ", ".join(user.get_full_name() or user.username for user in users)


def user_roles_snapshot(user: User) -> dict:
    """What a role change compares (``user_roles_change_record``): the account's group names,
    sorted, and its superuser, staff and active flags, read fresh from the database."""
    row = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .values("is_superuser", "is_staff", "is_active")
        .first()
        or {}
    )
    groups = sorted(
        get_user_model().groups.through.objects.filter(user_id=user.pk)
        .values_list("group__name", flat=True)
    )  # fmt: skip
    return {
        "groups": groups,
        "is_superuser": bool(row.get("is_superuser")),
        "is_staff": bool(row.get("is_staff")),
        "is_active": bool(row.get("is_active")),
    }
