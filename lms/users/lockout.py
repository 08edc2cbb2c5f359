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
  30 at once: each failure costs a password hash, and 30 of them in a burst would hold both
  web processes of a small server for a while.
* **An office behind one address** (docs/quality.md P7: hundreds of examinees log in from one
  NAT address at the start of an exam) is never refused for its correct logins. A client's
  standing comes from its logins of the last one to two minutes (:func:`login_standing`):
  *trusted* (more successes than failures) may have ``LMS_LOGIN_IP_CONCURRENCY`` (16) checks in
  flight or failed in a window instead of one, so concurrent logins and a colleague's typo
  refuse nobody; *clean* (no failure: a new address, or the office before its first login of
  the morning) keeps one check at a time; either waits for a slot in use (up to
  ``LMS_LOGIN_SLOT_WAIT_SECONDS``, 2) instead of a 429 (:func:`login_slot_take`). *Suspect*
  (failures not outnumbered by successes: a flood of wrong passwords) keeps one check per
  window, every other attempt refused at once; an address that floods loses its standing
  within seconds.

A refused attempt answers 429 with "Terlalu banyak percobaan masuk. Coba lagi dalam N menit."
(:func:`lockout_response`, axes' ``AXES_LOCKOUT_CALLABLE``, called by ``axes.middleware``).
"""

from __future__ import annotations

import math
import time
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
    rate_add,
    rate_hit,
    rate_peek,
    rate_recent,
    rate_release,
)

# Password checks in flight or failed in the client's current window.
LOGIN_SCOPE = "login-failures"
# The client's successful and failed logins, a minute per window (login_trusted).
SUCCEEDED_SCOPE = "login-succeeded"
FAILED_SCOPE = "login-failed"
OUTCOME_WINDOW = 60


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


TRUSTED, CLEAN, SUSPECT = "trusted", "clean", "suspect"


def login_standing(request) -> str:
    """How this client's logins of the last one to two minutes went, in one cache round trip:
    ``TRUSTED``, more successes than failures (an office whose people log in); ``CLEAN``, no
    failure (a new address, or the office before its first login of the morning); otherwise
    ``SUSPECT`` (failures, and not outnumbered by successes: a script guessing passwords)."""
    counts = rate_recent(
        scopes=(SUCCEEDED_SCOPE, FAILED_SCOPE), subject=client_key(request), window=OUTCOME_WINDOW
    )
    succeeded, failed = counts[SUCCEEDED_SCOPE], counts[FAILED_SCOPE]
    if succeeded > failed:
        return TRUSTED
    return CLEAN if failed == 0 else SUSPECT


def login_trusted(request) -> bool:
    """Whether this client may have ``LMS_LOGIN_IP_CONCURRENCY`` checks at once."""
    return login_standing(request) == TRUSTED


def _judged(state: RateState, standing: str | None) -> RateState:
    """``state`` (a take counted against one slot) judged against a trusted client's slots."""
    slots = settings.LMS_LOGIN_IP_CONCURRENCY
    if standing != TRUSTED or slots <= 1:
        return state
    return RateState(state.count > slots, state.count, slots, state.retry_after, state.index)


def login_rate(request) -> RateState:
    """Where the client stands against ``LMS_LOGIN_IP_RATE``, counting nothing (the middleware's
    cheap look): exceeded when a check holds its slot or it failed a login in the current
    window, and it is suspect (:func:`login_standing`); a trusted or clean client's attempt goes
    on to :func:`login_slot_take`, which gives it a slot or lets it wait for one. Never with
    ``LMS_LOGIN_IP_RATE = 0`` (off)."""
    if settings.LMS_LOGIN_IP_RATE <= 0:
        return RateState(False, 0, 0, 1)
    state = rate_peek(
        scope=LOGIN_SCOPE, subject=client_key(request), limit=1, window=_login_window()
    )
    if state.exceeded and login_standing(request) != SUSPECT:
        return RateState(False, state.count, 1, state.retry_after, state.index)
    return state


def login_slot_take(request) -> RateState:
    """Takes one of the client's password checks of the current window, atomically, before the
    check (kept on the request for :func:`login_slot_release`). An untrusted client has one
    slot: two web processes never check two of its passwords at once. When the slot is taken:

    * a trusted client takes one of its ``LMS_LOGIN_IP_CONCURRENCY`` slots instead, and when
      all are in use waits for one, up to ``LMS_LOGIN_SLOT_WAIT_SECONDS`` (2);
    * a clean client waits as long for the check that holds the slot to end (polling the cache
      every 20 ms; a check takes tens of milliseconds): a success gives the slot back (and
      makes the client trusted), a failure makes it suspect;
    * a suspect client's attempt (or one whose wait ran out) is refused, and its count given
      back at once (a refused attempt checks nothing)."""
    if settings.LMS_LOGIN_IP_RATE <= 0:
        return RateState(False, 0, 0, 1)
    subject, window = client_key(request), _login_window()
    deadline = time.monotonic() + settings.LMS_LOGIN_SLOT_WAIT_SECONDS
    held = None  # the window of the check this attempt waits for
    while True:
        if held is None or _slot_free(subject, window, held):
            state = rate_hit(scope=LOGIN_SCOPE, subject=subject, limit=1, window=window)
            standing = login_standing(request) if state.exceeded else None
            state = _judged(state, standing)
            if not state.exceeded:
                request.lms_login_slot = state.index
                return state
            rate_release(scope=LOGIN_SCOPE, subject=subject, window=window, index=state.index)
            # A clean client waits for the one check that holds its slot; a trusted one for
            # any of its slots (it tries again).
            held = state.index if standing == CLEAN else None
        else:
            standing = login_standing(request)
            state = RateState(True, 1, 1, _window_left(window), held)
        if standing == SUSPECT or time.monotonic() >= deadline:
            return state
        time.sleep(0.02)


def _slot_free(subject: str, window: int, index: int) -> bool:
    """Whether the check that held the slot of window ``index`` gave it back."""
    return (
        rate_peek(scope=LOGIN_SCOPE, subject=subject, limit=1, window=window, index=index).count
        == 0
    )


def _window_left(window: int) -> int:
    return max(1, math.ceil(window - time.time() % window))


def login_slot_release(request) -> None:
    """Gives the slot back to the window it was taken in: the attempt that took it was not a
    failure (a right password, or refused for its lock): only failures count against the
    client. Nothing when this request took no slot."""
    index = getattr(request, "lms_login_slot", None)
    if settings.LMS_LOGIN_IP_RATE > 0 and index is not None:
        request.lms_login_slot = None
        subject = client_key(request)
        rate_release(scope=LOGIN_SCOPE, subject=subject, window=_login_window(), index=index)


def login_outcome_record(request, *, succeeded: bool) -> None:
    """Counts a checked password's outcome for :func:`login_trusted`; a success also gives its
    slot back."""
    if settings.LMS_LOGIN_IP_RATE <= 0:
        return
    if succeeded:
        login_slot_release(request)
    rate_add(
        scope=SUCCEEDED_SCOPE if succeeded else FAILED_SCOPE,
        subject=client_key(request),
        window=OUTCOME_WINDOW,
    )


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
