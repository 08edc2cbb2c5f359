"""The one writer of the audit log (docs/security.md, "Audit log").

Call :func:`audit_record` from the service (or, for reads such as an export or a record view,
from the view) that performed the action, once per action. It writes in the caller's
transaction: an action that rolls back leaves no entry, so every entry is an action that
happened. Actor and client address default to the current request's
(:mod:`lms.core.audit.context`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models
from django.utils import timezone

from lms.core.events import answers
from lms.core.models import AuditEntry

from .actions import AuditAction
from .context import audit_request, client_ip
from .encoding import audit_details, audit_text
from .signals import actor_opd_requested


def _actor_of(request: Any | None) -> Any | None:
    user = getattr(request, "user", None)
    return user if getattr(user, "is_authenticated", False) else None


def _actor_label(actor: Any) -> str:
    name = actor.get_full_name() if hasattr(actor, "get_full_name") else ""
    username = getattr(actor, "username", "") or ""
    return f"{name} ({username})" if name and name != username else str(username or actor)


def _entry(
    action: AuditAction | str,
    *,
    actor: Any | None = None,
    actor_label: str = "",
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: Any = "",
    object_label: str = "",
    opd: Any | None = None,
    details: dict | None = None,
    request: Any | None = None,
    created_at: Any = None,
) -> AuditEntry:
    """The unsaved entry of :func:`audit_record` (its arguments)."""
    request = request if request is not None else audit_request()
    if actor is None:
        actor = _actor_of(request)
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id if object_id != "" else obj.pk
        object_label = object_label or str(obj)
    return AuditEntry(
        created_at=created_at or timezone.now(),
        action=str(action),
        actor_id=getattr(actor, "pk", None),
        actor_label=audit_text(actor_label or (_actor_label(actor) if actor else ""), limit=300),
        ip=client_ip(request),
        object_type=audit_text(object_type, limit=100),
        object_id=audit_text("" if object_id is None else object_id, limit=64),
        object_label=audit_text(object_label, limit=300),
        opd_id=getattr(opd, "pk", None),
        opd_label=audit_text(getattr(opd, "name", "") if opd is not None else "", limit=300),
        details=audit_details(details or {}),
    )


def audit_record(
    action: AuditAction | str,
    *,
    actor: Any | None = None,
    actor_label: str = "",
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: Any = "",
    object_label: str = "",
    opd: Any | None = None,
    details: dict | None = None,
    request: Any | None = None,
) -> AuditEntry:
    """Writes one entry.

    - ``actor``: the user who acted (default: the current request's user; None for the system).
      ``actor_label`` names someone who is not a user (the username typed at a failed login).
    - ``obj``: the model instance acted on (its ``app_label.model``, pk and text are kept), or
      ``object_type``/``object_id``/``object_label`` for something else (an export's kind).
    - ``opd``: the OPD the data belongs to (anything with ``pk`` and ``name``), kept as id and
      name.
    - ``details``: a small JSON object (counts, a file's SHA-256, old and new values); strings
      are encoded like every other value.
    """
    entry = _entry(
        action,
        actor=actor,
        actor_label=actor_label,
        obj=obj,
        object_type=object_type,
        object_id=object_id,
        object_label=object_label,
        opd=opd,
        details=details,
        request=request,
    )
    entry.save()
    return entry


def audit_records(entries: Iterable[dict[str, Any]]) -> list[AuditEntry]:
    """Writes many entries in one INSERT (a batch of certificates): each item holds the
    keyword arguments of :func:`audit_record` (``action`` included). One time for all."""
    now = timezone.now()
    rows = [_entry(created_at=now, **entry) for entry in entries]
    return AuditEntry.objects.bulk_create(rows, batch_size=500) if rows else []


class AuditOPD:
    """An OPD as an entry keeps it (id and name), for callers that hold only those."""

    def __init__(self, pk: int | None, name: str = "") -> None:
        self.pk = pk
        self.name = name

    def __bool__(self) -> bool:
        return self.pk is not None


def audit_actor_opd(user: Any | None) -> Any | None:
    """The one OPD ``user`` acts for (an Admin OPD bound to exactly one OPD), or None:
    asked of the apps above through ``actor_opd_requested`` (``lms.people`` answers)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    for answer in answers(actor_opd_requested, sender=AuditEntry, user=user):
        if answer is not None:
            return answer
    return None
