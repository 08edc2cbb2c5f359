"""Write-side operations for accounts."""

from collections.abc import Iterable

from django.contrib.auth.models import Group
from django.db import transaction

from .models import User


@transaction.atomic
def user_save(
    *, user: User, password: str | None = None, groups: Iterable[Group] | None = None
) -> User:
    """Validates and saves an account; ``password`` (when given) is set hashed, ``groups``
    (when given) become exactly its groups. Trusted callers only (the demo seed, management
    commands): it checks no rights. Employee accounts are kept by ``lms.people.services``
    (``employee_account_ensure``). Atomic."""
    if password is not None:
        user.set_password(password)
    user.full_clean()
    user.save()
    if groups is not None:
        user.groups.set(groups)
    return user
