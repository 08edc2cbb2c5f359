from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render, resolve_url
from django.templatetags.static import static
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def healthz(request):
    """Liveness and readiness for load balancers: database and cache reachable."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception:  # noqa: BLE001 - any failure means "not ready"
        checks["database"] = "error"
    try:
        cache.set("healthz", "1", 5)
        checks["cache"] = "ok" if cache.get("healthz") == "1" else "error"
    except Exception:  # noqa: BLE001
        checks["cache"] = "error"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503
    )


def favicon(request):
    """``/favicon.ico``: the site's icon (browsers and bots ask for it whatever the page says;
    every visit logged a 404 before). The static URL is resolved per request, so a manifest
    storage is only asked once ``collectstatic`` has run."""
    return HttpResponsePermanentRedirect(static("lms/img/favicon.svg"))


def _same_origin_path(request, url: str) -> str:
    """``url`` as a path on this site (path and query), or "" when it points elsewhere."""
    if not url or not url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    parts = urlsplit(url)
    path = parts.path or "/"
    return f"{path}?{parts.query}" if parts.query else path


def csrf_failure(request, reason: str = ""):
    """``CSRF_FAILURE_VIEW``: a form sent from a page that outlived its session or its token
    (an expired session, a login in another tab, cookies cleared). Says what happened and what
    to do, in Indonesian, with a way back to the page the form was on (same origin only) and,
    without a session, to the login page that returns there."""
    back = _same_origin_path(request, request.headers.get("Referer", ""))
    if back == request.get_full_path():
        back = ""  # the refused address itself is not a page to go back to
    login_url = ""
    if not request.user.is_authenticated:
        admin = request.path.startswith(reverse("wagtailadmin_home"))
        login_url = reverse("wagtailadmin_login") if admin else resolve_url(settings.LOGIN_URL)
        if back:
            login_url += "?" + urlencode({"next": back})
    return render(
        request,
        "403_csrf.html",
        {"back_url": back, "login_url": login_url, "reason": reason},
        status=403,
    )
