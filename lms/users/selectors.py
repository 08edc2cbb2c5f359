"""Read-side queries for accounts."""

from django.contrib.auth import get_user_model

from lms.core.nip import NIPError, normalize_nip

from .models import User


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
