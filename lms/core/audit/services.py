"""The one writer of the audit log (docs/security.md, "Audit log").

Call :func:`audit_record` from the service (or, for reads such as an export or a record view,
from the view) that performed the action, once per action. It writes in the caller's
transaction: an action that rolls back leaves no entry, so every entry is an action that
happened. Actor and client address default to the current request's
(:mod:`lms.core.audit.context`)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone

from lms.core.models import AuditEntry

from .actions import AuditAction
from .context import audit_request, client_ip
from .encoding import audit_details, audit_text


def _actor_of(request: Any | None) -> Any | None:
    user = getattr(request, "user", None)
    return user if getattr(user, "is_authenticated", False) else None


def _actor_label(actor: Any) -> str:
    name = actor.get_full_name() if hasattr(actor, "get_full_name") else ""
    username = getattr(actor, "username", "") or ""
    return f"{name} ({username})" if name and name != username else str(username or actor)


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
    request = request if request is not None else audit_request()
    if actor is None:
        actor = _actor_of(request)
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id if object_id != "" else obj.pk
        object_label = object_label or str(obj)
    return AuditEntry.objects.create(
        created_at=timezone.now(),
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
