"""The project's one request limiter: a fixed window per scope and subject, counted in the Django
cache (Redis in production, shared by every web process). docs/security.md, "Login, lockout and
rate limits".

* **Subjects.** Anonymous endpoints count per client (:func:`client_key`); exports count per
  user (:func:`user_key`).
* **The client** is ``REMOTE_ADDR``: behind the site's reverse proxy it is the ``X-Real-IP``
  that proxy sets (``lms.core.middleware.TrustedProxyMiddleware``, ``LMS_TRUSTED_PROXIES``); a
  client-chosen ``X-Forwarded-For`` is never trusted. An IPv6 client counts per /64, the block
  one subscriber usually holds, so rotating addresses inside it does not reset the limit.
* **Fixed window**: the count of window ``floor(now / window)`` lives under its own key and
  expires with it. :func:`rate_hit` counts a request and tells whether it went over the limit;
  :func:`rate_peek` only tells whether the limit is already used up; :func:`rate_release` gives
  a counted request back to the window it was counted in (the login counts only failures: it
  takes a slot before checking a password, atomically, and gives it back when the password was
  right); :func:`rate_add` and :func:`rate_recent` count events and read the last two windows'
  counts (the login's successes and failures of the last minute or two).
* **Refused**: :func:`rate_limited_response`, a 429 with ``Retry-After`` (the seconds until the
  window ends) and an Indonesian message, as a page or as JSON ``{"detail": …}``.
"""

from __future__ import annotations

import contextlib
import ipaddress
import math
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

# The window of the per-minute limits (certificate verification, login, links, exports).
WINDOW_SECONDS = 60


def client_address(request) -> str:
    """``REMOTE_ADDR`` of ``request`` ("" when there is none)."""
    return (getattr(request, "META", {}) or {}).get("REMOTE_ADDR", "") or ""


def client_key(request) -> str:
    """The client a per-IP limit counts: its IPv4 address, or its IPv6 /64."""
    raw = client_address(request) or "unknown"
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return raw
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def user_key(user) -> str:
    """The subject a per-user limit counts."""
    return f"user:{user.pk}"


@dataclass(frozen=True)
class RateState:
    """Where a subject stands in the current window."""

    exceeded: bool
    count: int
    limit: int
    retry_after: int  # seconds until the window ends (at least 1)
    index: int | None = None  # the window counted in (for rate_release)

    @property
    def retry_after_minutes(self) -> int:
        return max(1, math.ceil(self.retry_after / 60))


def _window(window: int) -> tuple[int, int]:
    now = time.time()
    index = int(now // window)
    return index, max(1, math.ceil((index + 1) * window - now))


def _key(scope: str, subject: str, index: int) -> str:
    return f"lms:rate:{scope}:{subject}:{index}"


def rate_hit(
    *, scope: str, subject: str, limit: int, window: int = WINDOW_SECONDS, keep: int = 1
) -> RateState:
    """Counts one request of ``subject`` in ``scope``; ``exceeded`` once more than ``limit``
    requests were counted in the current window (this one included). The count is kept
    ``keep`` windows (and 5 s) from its first request."""
    index, retry_after = _window(window)
    key = _key(scope, subject, index)
    timeout = keep * window + 5
    if cache.add(key, 1, timeout=timeout):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=timeout)
            count = 1
    return RateState(count > limit, count, limit, retry_after, index)


def rate_peek(
    *, scope: str, subject: str, limit: int, window: int = WINDOW_SECONDS, index: int | None = None
) -> RateState:
    """Counts nothing; ``exceeded`` once ``limit`` requests were counted in the current window
    (or in window ``index``, an earlier one), so that the next one would be over it."""
    current, retry_after = _window(window)
    index = current if index is None else index
    count = int(cache.get(_key(scope, subject, index)) or 0)
    return RateState(count >= limit, count, limit, retry_after, index)


def rate_release(
    *, scope: str, subject: str, window: int = WINDOW_SECONDS, index: int | None = None
) -> None:
    """Gives back one request counted by :func:`rate_hit` (the login takes a slot before
    checking a password and gives it back when the password was right): in window ``index``,
    the one :attr:`RateState.index` says it was counted in (default: the current one), so that
    a request answered after its window ended never gives back another request's count."""
    if index is None:
        index, _retry_after = _window(window)
    with contextlib.suppress(ValueError):  # that window's count expired meanwhile
        cache.decr(_key(scope, subject, index))


def rate_add(*, scope: str, subject: str, window: int = WINDOW_SECONDS) -> None:
    """Counts one event of ``subject`` in ``scope`` in the current window, with no limit (what
    :func:`rate_recent` reads)."""
    rate_hit(scope=scope, subject=subject, limit=0, window=window, keep=2)


def rate_recent(
    *, scopes: tuple[str, ...], subject: str, window: int = WINDOW_SECONDS
) -> dict[str, int]:
    """How many events of ``subject`` each scope counted in the current and the previous window
    (between ``window`` and ``2 * window`` seconds back), in one cache round trip."""
    index, _retry_after = _window(window)
    keys = {(scope, i): _key(scope, subject, i) for scope in scopes for i in (index - 1, index)}
    found = cache.get_many(list(keys.values()))
    return {
        scope: sum(int(found.get(keys[scope, i]) or 0) for i in (index - 1, index))
        for scope in scopes
    }


def rate_exceeded(
    request, *, scope: str, limit: int, window: int = WINDOW_SECONDS, subject: str | None = None
) -> RateState:
    """Counts this request against ``subject`` (default: the client, :func:`client_key`)."""
    subject = subject if subject is not None else client_key(request)
    return rate_hit(scope=scope, subject=subject, limit=limit, window=window)


def rate_limited_response(
    request,
    state: RateState,
    *,
    message: str = "",
    json: bool = False,
    template: str = "core/rate_limited.html",
    title: str = "",
) -> HttpResponse:
    """The 429 of a refused request: ``Retry-After``, never cached, the message in Indonesian
    ("Terlalu banyak permintaan. Coba lagi dalam N menit." unless the caller says better)."""
    message = message or _("Terlalu banyak permintaan. Coba lagi dalam %(minutes)s menit.") % {
        "minutes": state.retry_after_minutes
    }
    if json:
        response = JsonResponse({"detail": message}, status=429)
    else:
        context = {"message": message, "title": title or _("Terlalu banyak permintaan")}
        response = TemplateResponse(request, template, context, status=429)
    response["Retry-After"] = str(state.retry_after)
    response["Cache-Control"] = "no-store"
    return response
