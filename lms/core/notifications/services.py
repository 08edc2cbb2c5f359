"""Write side of notifications (docs/architecture.md, "Notifications")."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from lms.core.models import Notification


@transaction.atomic
def notification_create(*, user, title: str, body: str = "", url: str = "",
                        key: str = "") -> Notification:  # fmt: skip
    """Stores a notification for ``user``, validated (``url``: a path on this site).

    With a ``key`` the call is idempotent: the user's notification with that key is returned
    when it exists (a redelivered task or a second beat run notifies once); the partial unique
    index on (user, key) is the guarantee, ``ON CONFLICT DO NOTHING`` the insert."""
    notification = Notification(user=user, title=title, body=body, url=url, key=key)
    if key:
        existing = Notification.objects.filter(user=user, key=key).first()
        if existing is not None:
            return existing
        notification.full_clean(validate_constraints=False)
        Notification.objects.bulk_create([notification], ignore_conflicts=True)
        return Notification.objects.get(user=user, key=key)
    notification.full_clean()
    notification.save()
    return notification


@transaction.atomic
def notification_mark_read(*, notification: Notification) -> Notification:
    """Marks ``notification`` read (once: the first reading time is kept). The caller has
    checked that it belongs to the user (``notification_of``)."""
    Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    notification.refresh_from_db(fields=["read_at"])
    return notification


@transaction.atomic
def notifications_bulk_create(*, notifications: list[Notification]) -> int:
    """:func:`notification_create` for many (a batch of certificates): each validated, all
    inserted in one statement; a (user, key) already notified is skipped. Returns how many
    were given (the database skips the duplicates)."""
    for notification in notifications:
        # The fields' own rules; not the two per-row queries (the user exists: the caller has
        # the row; a new UUID is unique; the (user, key) index is the insert's conflict).
        notification.full_clean(exclude=["user"], validate_unique=False, validate_constraints=False)
    Notification.objects.bulk_create(notifications, ignore_conflicts=True)
    return len(notifications)
