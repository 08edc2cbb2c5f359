"""Reads of the audit log (BKPSDM's *Log audit* screen, tests)."""

from __future__ import annotations

from django.db.models import QuerySet

from lms.core.models import AuditEntry


def audit_entries(*, action: str = "", actor_id: int | None = None, object_type: str = "",
                  object_id: str = "") -> QuerySet[AuditEntry]:  # fmt: skip
    """Entries, newest first, optionally of one action, actor or object."""
    entries = AuditEntry.objects.all()
    if action:
        entries = entries.filter(action=action)
    if actor_id is not None:
        entries = entries.filter(actor_id=actor_id)
    if object_type:
        entries = entries.filter(object_type=object_type)
    if object_id:
        entries = entries.filter(object_id=object_id)
    return entries
