"""Login lockout and the per-IP login limit (docs/security.md, "Login, lockout and rate limits").

Two refusals, both decided by :class:`lms.users.backends.LoginGuardBackend`, the first
authentication backend, **before** the NIP-or-e-mail backend looks anything up or hashes a
password:

* **Lockout** (django-axes, database handler): ``LMS_LOGIN_FAILURE_LIMIT`` (5) failed logins of
  one username **from one IP** (``AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]``) lock
  that pair for ``LMS_LOGIN_COOLOFF_MINUTES`` (15) after the last failure: the 6th attempt is
  refused, even with the right password, while the same account still logs in from another
  address (an attacker cannot lock a victim out, ASVS 6.1.1). The username is the one the login
  form matches: an e-mail in lower case, a NIP without spaces and dots (:func:`login_key`).
* **Rate limit** (:mod:`lms.core.ratelimit`): ``LMS_LOGIN_IP_RATE`` (30) failed logins a minute
  from one client (IPv6 per /64), whatever the usernames, spread evenly: one password check per
  ``60 / LMS_LOGIN_IP_RATE`` seconds (2) per client, taken atomically before the check (two web
  processes never check two at once), given back when the password was right; after a
  failure, every attempt from that client is refused until the window ends. Spread, not
  30 at once: each failure costs a password hash (about half a second of a core with Django's
  PBKDF2), and 30 of them in a burst would hold both web processes of a small server for
  seconds. Only failures count, so an office behind one address where hundreds log in
  correctly at the start of a training is never refused.

A refused attempt answers 429 with "Terlalu banyak percobaan masuk. Coba lagi dalam N menit."
(:func:`lockout_response`, axes' ``AXES_LOCKOUT_CALLABLE``, called by ``axes.middleware``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.core.nip import normalize_nip
from lms.core.ratelimit import (
    RateState,
    client_address,
    client_key,
    rate_hit,
    rate_peek,
    rate_release,
)

LOGIN_SCOPE = "login-failures"


@dataclass(frozen=True)
class Refusal:
    """Why an attempt was refused before its password was checked."""

    reason: str  # "locked" (username and IP) or "rate" (the IP)
    retry_after: int  # seconds

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.retry_after / 60))


def login_key(identifier: str | None) -> str:
    """The username a lockout counts: what the login matches, written one way (an e-mail in
    lower case, a NIP or NI PPPK without spaces, dots or hyphens)."""
    identifier = (identifier or "").strip()
    if "@" in identifier:
        return identifier.lower()
    return normalize_nip(identifier)


def axes_username(request, credentials: dict | None) -> str:
    """``AXES_USERNAME_CALLABLE``: the :func:`login_key` of the username tried."""
    if credentials and credentials.get("username") is not None:
        return login_key(credentials["username"])
    return login_key(getattr(request, "POST", {}).get("username"))


def axes_client_ip(request) -> str | None:
    """``AXES_CLIENT_IP_CALLABLE``: ``REMOTE_ADDR`` only, never a forwarded header."""
    return client_address(request) or None


def _login_window() -> int:
    """Seconds between two failed logins a client may have (``LMS_LOGIN_IP_RATE`` a minute)."""
    return max(1, round(60 / max(1, settings.LMS_LOGIN_IP_RATE)))


def login_rate(request) -> RateState:
    """Where the client stands against ``LMS_LOGIN_IP_RATE``, counting nothing: exceeded when
    it failed a login in the current window (never with ``LMS_LOGIN_IP_RATE = 0``, off)."""
    if settings.LMS_LOGIN_IP_RATE <= 0:
        return RateState(False, 0, 0, 1)
    return rate_peek(
        scope=LOGIN_SCOPE, subject=client_key(request), limit=1, window=_login_window()
    )


def login_slot_take(request) -> RateState:
    """Takes the client's one password check of the current window, atomically (so that two
    web processes never both check a password in it); exceeded when another attempt has it."""
    if settings.LMS_LOGIN_IP_RATE <= 0:
        return RateState(False, 0, 0, 1)
    return rate_hit(scope=LOGIN_SCOPE, subject=client_key(request), limit=1, window=_login_window())


def login_slot_release(request) -> None:
    """Gives the slot back: the attempt that took it was not a failure (a right password, or
    refused for its lock): only failures count against the client."""
    if settings.LMS_LOGIN_IP_RATE > 0:
        rate_release(scope=LOGIN_SCOPE, subject=client_key(request), window=_login_window())


def lockout_remaining(request, username: str) -> int:
    """Seconds until the lock of ``username`` from this client ends (at least 1)."""
    from axes.models import AccessAttempt

    cool_off = timedelta(minutes=settings.LMS_LOGIN_COOLOFF_MINUTES)
    last = AccessAttempt.objects.filter(
        username=username, ip_address=axes_client_ip(request)
    ).aggregate(last=Max("attempt_time"))["last"]
    if last is None:
        return int(cool_off.total_seconds())
    return max(1, math.ceil((last + cool_off - timezone.now()).total_seconds()))


def login_refusal(request, username: str | None, *, take: bool = False) -> Refusal | None:
    """Whether an attempt to log in as ``username`` from this request's client is refused
    before its password is checked: the per-IP limit (the cache only), then the axes lock of
    this username from this address (one query). The one decision, used by
    :class:`~lms.users.middleware.LoginGuardMiddleware` (``take=False``: only looks) and
    :class:`~lms.users.backends.LoginGuardBackend` (``take=True``: takes the window's slot for
    the password check that follows, or is refused when another attempt holds it)."""
    rate = login_slot_take(request) if take else login_rate(request)
    if rate.exceeded:
        return Refusal("rate", rate.retry_after)
    if settings.AXES_ENABLED:
        from axes.handlers.proxy import AxesProxyHandler

        if AxesProxyHandler.is_locked(request, {settings.AXES_USERNAME_FORM_FIELD: username}):
            if take:
                login_slot_release(request)
            return Refusal("locked", lockout_remaining(request, login_key(username)))
    return None


def refusal_record(request, typed: str, refusal: Refusal) -> None:
    """The one audit entry of a refused attempt (``LOGIN_LOCKED``, with the reason)."""
    from lms.core.audit.actions import AuditAction
    from lms.core.audit.services import audit_record

    audit_record(
        AuditAction.LOGIN_LOCKED,
        actor_label=typed,
        request=request,
        details={"reason": refusal.reason, "retry_after_seconds": refusal.retry_after},
    )


def refusal_of(request) -> Refusal | None:
    """The refusal :class:`~lms.users.backends.LoginGuardBackend` put on this request."""
    return getattr(request, "lms_login_refused", None)


def lockout_response(request, original_response=None, credentials=None):
    """``AXES_LOCKOUT_CALLABLE``: axes calls it for every request it flagged as locked out.

    An attempt refused before its password was checked gets the 429 page. The failure that
    reached the limit was a real attempt with a wrong password: it keeps its own answer ("wrong
    NIP/e-mail or password"), and the next attempt is the one refused."""
    from django.shortcuts import render

    refusal = refusal_of(request)
    if refusal is None and original_response is not None:
        return original_response
    retry_after = refusal.retry_after if refusal else settings.LMS_LOGIN_COOLOFF_MINUTES * 60
    minutes = max(1, math.ceil(retry_after / 60))
    response = render(
        request,
        "users/login_locked.html",
        {
            "message": _("Terlalu banyak percobaan masuk. Coba lagi dalam %(minutes)s menit.")
            % {"minutes": minutes},
        },
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response
