import ipaddress

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.functional import SimpleLazyObject, empty

from lms.core.audit.context import audit_request_reset, audit_request_set


class TrustedProxyMiddleware:
    """The client's address behind the site's own reverse proxy (docs/deployment.md).

    gunicorn sets ``REMOTE_ADDR`` to whatever connected to it, which behind nginx is nginx. When
    ``REMOTE_ADDR`` is one of ``LMS_TRUSTED_PROXIES`` (addresses or networks; production:
    ``127.0.0.1,::1``, nginx on the same host) and the request carries ``X-Real-IP`` (nginx:
    ``proxy_set_header X-Real-IP $remote_addr``, which replaces anything a client sent), that
    address becomes ``REMOTE_ADDR``, and the proxy's is kept in ``LMS_PROXY_ADDR``. From any
    other peer the header is ignored, and ``X-Forwarded-For`` is never read: a client cannot
    choose the address the rate limits, the lockout and the audit log see. First in
    ``MIDDLEWARE``."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.proxies = [
            ipaddress.ip_network(item, strict=False)
            for item in getattr(settings, "LMS_TRUSTED_PROXIES", [])
        ]

    def _trusted(self, address: str) -> bool:
        try:
            peer = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(peer in network for network in self.proxies)

    def __call__(self, request):
        meta = request.META
        forwarded = meta.get("HTTP_X_REAL_IP", "").strip()
        if self.proxies and forwarded and self._trusted(meta.get("REMOTE_ADDR", "")):
            try:
                client = str(ipaddress.ip_address(forwarded))
            except ValueError:
                client = ""
            if client:
                meta["LMS_PROXY_ADDR"] = meta["REMOTE_ADDR"]
                meta["REMOTE_ADDR"] = client
        return self.get_response(request)


class LanguageMiddleware:
    """Bahasa Indonesia unless the user chose another language with the language switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, and many office PCs
    run English browsers; the product is Indonesian first, so only an explicit choice counts.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.codes = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.codes else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class AuditContextMiddleware:
    """Makes the current request known to ``lms.core.audit.services.audit_record`` (actor and
    client address of each entry) for the time of the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = audit_request_set(request)
        try:
            return self.get_response(request)
        finally:
            audit_request_reset(token)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware with one policy per part of the site: ``CONTENT_SECURITY_POLICY``
    for the learner-facing site, ``LMS_ADMIN_CONTENT_SECURITY_POLICY`` under
    ``LMS_ADMIN_PATH_PREFIX`` (the Wagtail admin writes inline styles). A response that already
    carries a policy keeps it alone: the H5P player's (``assessments.h5p.player``) is stricter.
    A PDF gets none: Chrome shows it in a viewer page of its own, which a page policy
    (``object-src 'none'``, no inline style) leaves blank; the file cannot run script here.
    """

    def process_response(self, request, response):
        if response.get("Content-Type", "").split(";")[0].strip().lower() == "application/pdf":
            response._csp_exempt = True
        return super().process_response(request, response)

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if (
            not report_only
            and parts.config is None
            and request.path_info.startswith(settings.LMS_ADMIN_PATH_PREFIX)
        ):
            parts.config = settings.LMS_ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
        return parts


class PrivacyHeadersMiddleware:
    """``Permissions-Policy`` on every response, and ``Cache-Control: private, no-store`` on
    every response to a signed-in user or to a request with credentials (a Bearer token): those
    hold personal data, and office PCs and proxies are shared. A view's own ``no-store`` (or
    ``never_cache``) stays as it is (nothing stores it anyway); any other caching it asked for
    gets ``private, no-store`` on top (``public`` removed). Anonymous
    pages are left alone; static files never get here (WhiteNoise answers them first)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.permissions_policy = settings.LMS_PERMISSIONS_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        # The sandboxed H5P player (its own "sandbox" policy) holds no personal data and must
        # not read the session (docs/h5p.md): its responses are left as they are.
        sandboxed = "sandbox" in response.get("Content-Security-Policy", "")
        if (
            not sandboxed
            and "no-store" not in response.get("Cache-Control", "")
            and self._personal(request)
        ):
            patch_cache_control(response, private=True, no_store=True)
        return response

    @staticmethod
    def _personal(request) -> bool:
        if "HTTP_AUTHORIZATION" in request.META:
            return True
        user = getattr(request, "user", None)
        if user is None:
            return False
        # No session cookie and nobody signed in by this request (login() replaces the lazy
        # user): anonymous, and no query is spent finding that out.
        untouched = isinstance(user, SimpleLazyObject) and user._wrapped is empty
        if untouched and settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return False
        return bool(user.is_authenticated)


class PublishedContentMiddleware:
    """For a page, reads the site and the route to it from the shared cache
    (lms/core/published.py); Wagtail's serve view then finds both on the request. Keeps each
    cache generation read once per request (lms/core/contentcache.py). Other requests (health
    checks, static files, the API) touch neither the cache nor the database here."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from .contentcache import generation_scope

        with generation_scope():
            return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from wagtail.views import serve

        from .published import route_for_request

        if view_func is serve and request.method in ("GET", "HEAD"):
            # Wagtail's URL pattern passes the path positionally.
            path = view_kwargs.get("path", view_args[0] if view_args else "")
            route_for_request(request, path)
        return None
