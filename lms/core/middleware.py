from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.functional import SimpleLazyObject, empty

from lms.core.audit.context import audit_request_reset, audit_request_set


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
    """

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
    ``never_cache``) stays as it is; any other caching it asked for is overridden. Anonymous
    pages are left alone; static files never get here (WhiteNoise answers them first)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.permissions_policy = settings.LMS_PERMISSIONS_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        if self._personal(request):
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
