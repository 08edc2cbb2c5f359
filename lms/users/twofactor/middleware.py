"""The one enforcement point of the two-factor login, and the idle limit of staff sessions.

``TwoFactorMiddleware`` (after django-otp's ``OTPMiddleware``): an authenticated user whose
session has not verified a second step is sent, whatever the URL (site and Wagtail admin
alike), to the verification page if the account has a confirmed device, else, for a staff
account, to the enrolment page; ``next`` keeps the page asked for (a GET on this site only).
Left alone: the two-factor pages themselves (each checks its own rules), logout, static and
media files, ``/healthz``, the language switch and the favicon. API calls with
``Authorization: Bearer`` are not session logins: they pass with the session's user dropped
(only the token counts); any other API call riding on an unverified session gets a JSON 403,
and any other header (``Authorization: Basic``, or on a page) changes nothing. Learners
without a device pass; so does everyone when ``LMS_OTP_REQUIRED`` is off (the test settings
only).

``StaffIdleTimeoutMiddleware`` (before it): a staff session with no request for
``LMS_STAFF_IDLE_MINUTES`` is logged out and sent to the login page with a message. The last
activity is kept in the session and written at most once a minute; the staff check rides on
the same write (a role given or taken counts within a minute). Wagtail's editing-session pings
(an editor left open) do not count as activity."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .selectors import account_requires_twofactor, twofactor_enabled

ACTIVITY_KEY = "lms_activity"  # [last request (epoch seconds), staff account?]
CHECKED_KEY = "lms_2fa_checked"  # epoch seconds: a learner without a device, checked then
REFRESH_SECONDS = 60
PINGS = ("/admin/editing-sessions/",)
API_PREFIX = "/api/"


def _bearer(request: HttpRequest) -> bool:
    """``Authorization: Bearer <token>``, as django-ninja's HttpBearer reads it."""
    parts = request.META.get("HTTP_AUTHORIZATION", "").split(" ")
    return len(parts) == 2 and parts[0].lower() == "bearer" and bool(parts[1])


def _open_prefixes() -> tuple[str, ...]:
    return (
        reverse("users:twofactor"),  # every page under /akun/dua-langkah/
        reverse("users:logout"),
        reverse("wagtailadmin_logout"),
        settings.STATIC_URL,
        settings.MEDIA_URL,
        reverse("healthz"),
        reverse("set_language"),
        reverse("favicon"),
    )


def staff_account(request: HttpRequest, *, now: int | None = None) -> bool:
    """Whether the request's user is staff, read at most once a minute per session (the value
    rides in ``ACTIVITY_KEY``) and once per request."""
    cached = getattr(request, "_lms_staff_account", None)
    if cached is not None:
        return cached
    now = int(time.time()) if now is None else now
    activity = request.session.get(ACTIVITY_KEY)
    if isinstance(activity, list) and len(activity) == 2 and now - activity[0] < REFRESH_SECONDS:
        staff = bool(activity[1])
    else:
        staff = account_requires_twofactor(request.user)
    request._lms_staff_account = staff
    return staff


class StaffIdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        minutes = settings.LMS_STAFF_IDLE_MINUTES
        if minutes > 0 and request.user.is_authenticated:
            response = self._check(request, minutes)
            if response is not None:
                return response
        return self.get_response(request)

    def _check(self, request: HttpRequest, minutes: int) -> HttpResponse | None:
        now = int(time.time())
        activity = request.session.get(ACTIVITY_KEY)
        last = activity[0] if isinstance(activity, list) and len(activity) == 2 else None
        staff = staff_account(request, now=now)
        if staff and last is not None and now - last > minutes * 60:
            logout(request)
            message = _(
                "Sesi Anda berakhir karena tidak ada aktivitas selama %(minutes)s menit. "
                "Silakan masuk lagi."
            ) % {"minutes": minutes}
            if request.path_info.startswith(API_PREFIX):
                return JsonResponse({"detail": message, "code": "session_idle"}, status=401)
            messages.warning(request, message)
            target = request.get_full_path() if request.method in ("GET", "HEAD") else "/"
            return redirect_to_login(target)
        pinged = request.path_info.startswith(PINGS)
        if (last is None or now - last >= REFRESH_SECONDS) and not pinged:
            request.session[ACTIVITY_KEY] = [now, staff]
        return None


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self._open: tuple[str, ...] | None = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.LMS_OTP_REQUIRED:
            response = self._check(request)
            if response is not None:
                return response
        return self.get_response(request)

    def _check(self, request: HttpRequest) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if self._open is None:
            self._open = _open_prefixes()
        path = request.path_info
        if path.startswith(self._open):
            return None
        if path.startswith(API_PREFIX) and _bearer(request):
            # A token call, not a session login: the session's user is dropped for it, so only
            # the token authenticates (an invalid one is a 401, never the session's account).
            request.user = AnonymousUser()
            return None
        now = int(time.time())
        checked = request.session.get(CHECKED_KEY)
        if isinstance(checked, int) and now - checked < REFRESH_SECONDS:
            return None  # a learner without a device, seen less than a minute ago
        enabled = twofactor_enabled(user)
        if not enabled and not staff_account(request, now=now):
            request.session[CHECKED_KEY] = now
            return None
        request.session.pop(CHECKED_KEY, None)
        if path.startswith(API_PREFIX):
            detail = _("Verifikasi dua langkah diperlukan: buka situs dan masukkan kode Anda.")
            return JsonResponse({"detail": detail, "code": "otp_required"}, status=403)
        target = reverse("users:twofactor_verify" if enabled else "users:twofactor")
        if request.method in ("GET", "HEAD"):
            target += "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)
