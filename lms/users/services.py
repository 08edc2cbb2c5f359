"""Write-side operations for accounts."""

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from lms.core.audit.actions import AuditAction
from lms.core.audit.services import audit_record

from .models import AccountInvitation, User
from .tokens import activation_token_generator


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


def account_activation_path(*, user: User) -> str:
    """Path of the account's one-time activation link (``lms.users.tokens``: it works once,
    expires after ``LMS_ACTIVATION_LINK_DAYS`` and is replaced by the next invitation). Build
    it after :func:`account_invitations_record`, which changes the token."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = activation_token_generator.make_token(user)
    return reverse("users:activate", kwargs={"uidb64": uid, "token": token})


def site_url(path: str) -> str:
    """``path`` as an absolute link for an e-mail or a letter (``WAGTAILADMIN_BASE_URL``:
    built without a request, in a worker or a command)."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def account_activation_url(*, user: User) -> str:
    """The absolute activation link (:func:`account_activation_path`, :func:`site_url`)."""
    return site_url(account_activation_path(user=user))


@transaction.atomic
def account_invitations_record(
    *, users: Iterable[User], channel: str, sent_by: User | None = None
) -> list[User]:
    """Records an activation invitation (``InvitationChannel``) now for each account: the
    latest one replaces the earlier (their links stop working) and the count goes up. Checks
    no rights: ``lms.people.services.activation_invite`` does. Returns the accounts with
    their new invitation attached (ready for :func:`account_activation_url`). Three queries
    whatever the number of accounts."""
    users = list(users)
    if not users:
        return users
    now = timezone.now()
    ids = [user.pk for user in users]
    AccountInvitation.objects.filter(user_id__in=ids).update(
        channel=channel, sent_at=now, sent_by=sent_by, count=F("count") + 1
    )
    AccountInvitation.objects.bulk_create(
        [
            AccountInvitation(user_id=pk, channel=channel, sent_at=now, sent_by=sent_by)
            for pk in ids
        ],
        ignore_conflicts=True,
    )
    invitations = AccountInvitation.objects.in_bulk(ids)
    for user in users:
        user.invitation = invitations[user.pk]
    return users


def login_failures_reset(*, request, username: str) -> int:
    """After a successful login: the failed attempts of ``username`` (the lockout key of what
    was typed) from this client no longer count toward a lockout (django-axes' records;
    lms.users.lockout). Returns how many records went."""
    from axes.handlers.proxy import AxesProxyHandler

    from .lockout import axes_client_ip

    ip_address = axes_client_ip(request)
    if not username or ip_address is None:
        return 0
    return AxesProxyHandler.reset_attempts(ip_address=ip_address, username=username)


def user_roles_change_record(*, user: User, before: dict | None, after: dict) -> bool:
    """One ``ROLE_CHANGED`` audit entry when an edit (or a creation: ``before`` None) changed
    ``user``'s groups or their superuser, staff or active flag: old and new groups, the groups
    added and removed, the flags that changed. Snapshots are ``user_roles_snapshot``'s. Returns
    whether an entry was written (nothing changed: none)."""
    before = before or {"groups": [], "is_superuser": False, "is_staff": False, "is_active": True}
    old_groups, new_groups = set(before["groups"]), set(after["groups"])
    flags = {
        name: {"old": before[name], "new": after[name]}
        for name in ("is_superuser", "is_staff", "is_active")
        if before.get(name) != after.get(name)
    }
    if old_groups == new_groups and not flags:
        return False
    audit_record(
        AuditAction.ROLE_CHANGED,
        obj=user,
        object_label=f"{user.get_full_name()} ({user.username})".strip(),
        details={
            "old_groups": sorted(old_groups),
            "new_groups": sorted(new_groups),
            "added": sorted(new_groups - old_groups),
            "removed": sorted(old_groups - new_groups),
            "flags": flags,
        },
    )
    return True
