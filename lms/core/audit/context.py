"""The request an audited action runs in, so that services record the actor and the client's
address without taking a request argument (``lms.core.middleware.AuditContextMiddleware`` sets
it for every request; a Celery task or a command runs with none: the actor is passed explicitly
and the address is empty).

The client is ``REMOTE_ADDR``: behind the site's reverse proxy, the ``X-Real-IP`` it sets
(``lms.core.middleware.TrustedProxyMiddleware``, ``LMS_TRUSTED_PROXIES``; docs/deployment.md).
``X-Forwarded-For`` sent by a client is never read.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

_current_request: ContextVar[Any | None] = ContextVar("lms_audit_request", default=None)


def audit_request_set(request: Any | None):
    """Sets the current request; returns the token for :func:`audit_request_reset`."""
    return _current_request.set(request)


def audit_request_reset(token) -> None:
    _current_request.reset(token)


def audit_request() -> Any | None:
    return _current_request.get()


def client_ip(request: Any | None) -> str | None:
    """The client's address of ``request`` (``REMOTE_ADDR``), or None."""
    if request is None:
        return None
    address = (getattr(request, "META", {}) or {}).get("REMOTE_ADDR") or ""
    return address or None
