from django.conf import settings
from django.utils import translation

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
