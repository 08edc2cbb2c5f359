"""Reads of notifications: a user sees their own only (docs/security.md)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Window
from django.http import Http404

from lms.core.models import Notification

PANEL_SIZE = 5
LIST_SIZE = 50


@dataclass(frozen=True)
class UnreadNotifications:
    items: list[Notification]
    count: int  # all unread ones, also those past ``items``


def notifications_unread(*, user, limit: int = PANEL_SIZE) -> UnreadNotifications:
    """``user``'s newest unread notifications and how many are unread in all, in one query
    (the count is a window over the unread rows, taken before the limit)."""
    if not user.is_authenticated:
        return UnreadNotifications(items=[], count=0)
    rows = list(
        Notification.objects.filter(user=user, read_at__isnull=True)
        .annotate(unread_total=Window(Count("pk")))
        .order_by("-created_at", "pk")[:limit]
    )
    return UnreadNotifications(items=rows, count=rows[0].unread_total if rows else 0)


def notifications_of(*, user, limit: int = LIST_SIZE) -> list[Notification]:
    """``user``'s newest notifications, read or not."""
    if not user.is_authenticated:
        return []
    return list(Notification.objects.filter(user=user).order_by("-created_at", "pk")[:limit])


def notification_of(*, user, pk) -> Notification:
    """``user``'s own notification ``pk``; ``Http404`` for anyone else's or an unknown id."""
    if not user.is_authenticated:
        raise Http404
    notification = Notification.objects.filter(pk=pk, user=user).first()
    if notification is None:
        raise Http404
    return notification
