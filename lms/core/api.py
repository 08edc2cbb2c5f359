"""Shared pieces of the HTTP API (``/api/v1/``): authentication and error responses.

Authentication: ``Authorization: Bearer <token>`` (Wagtail API tokens, from ``lms_token`` or the
admin) or the browser session with CSRF. Errors are ``{"detail": ...}`` with the right status.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import SessionAuth
from wagtail.api.v3.auth import BearerTokenAuth

from .errors import ApplicationError

AUTH = [BearerTokenAuth(), SessionAuth()]
CONFLICT_CODES = {"conflict", "stale", "finished", "expired"}
NOT_FOUND_CODES = {"not_found"}  # outside the caller's scope looks like nothing (interfaces)


def build_api(*, routers: list[tuple[str, object]]) -> NinjaAPI:
    api = NinjaAPI(
        title="LMS ASN API",
        version="1",
        urls_namespace="api-v1",
        auth=AUTH,
        docs_url=None,  # Swagger UI comes from a CDN; offices may be offline. The spec is served.
    )

    @api.exception_handler(ApplicationError)
    def application_error(request, exc: ApplicationError):
        if exc.code in NOT_FOUND_CODES:
            return api.create_response(request, {"detail": exc.message}, status=404)
        status = 409 if exc.code in CONFLICT_CODES else 400
        return api.create_response(
            request, {"detail": exc.message, "code": exc.code}, status=status
        )

    @api.exception_handler(ValidationError)
    def validation_error(request, exc: ValidationError):
        return api.create_response(request, {"detail": exc.messages}, status=400)

    @api.exception_handler(NinjaValidationError)
    def schema_error(request, exc: NinjaValidationError):
        # interfaces.md: bad input is 400 (django-ninja would answer 422).
        return api.create_response(
            request, {"detail": "Data yang dikirim tidak valid.", "errors": exc.errors}, status=400
        )

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return api.create_response(request, {"detail": "Tidak ditemukan."}, status=404)

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return api.create_response(request, {"detail": "Tidak diizinkan."}, status=403)

    for prefix, router in routers:
        api.add_router(prefix, router)
    return api
