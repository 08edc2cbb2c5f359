"""Shared pieces of the HTTP API (``/api/v1/``): authentication and error responses.

Authentication: ``Authorization: Bearer <token>`` (Wagtail API tokens, from ``lms_token`` or the
admin) or the browser session with CSRF. Errors are ``{"detail": ...}`` with the right status.

Every answer of the API is JSON, in every settings mode (``DEBUG`` on or off), issue 8 hole 7:

- bodies are read by :class:`ObjectBodyParser` through ``lms.core.safe_input``: malformed
  JSON, ``NaN``/``Infinity``, numbers overflowing to an infinity (``1e999``), NUL characters and
  lone surrogates in any text are a 400 with an Indonesian message, before any view runs;
- 401 (no session or token), 403 (CSRF, permissions), 404 (also for a path under ``/api/v1/``
  that does not exist), 405 (a method the path does not take), 409, 429 and validation errors
  are JSON;
- anything unexpected is logged (logger ``lms.api``, with the traceback) and answered
  ``{"detail": "Terjadi kesalahan di server."}`` with 500: never Django's HTML page (production)
  nor django-ninja's plain-text traceback (``DEBUG``).
"""

import logging
from functools import wraps
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.urls import re_path
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI, Path, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser
from ninja.security import SessionAuth
from pydantic import BeforeValidator
from wagtail.api.v3.auth import BearerTokenAuth

from .errors import ApplicationError
from .safe_input import UnsafeInput, strict_json_loads

logger = logging.getLogger("lms.api")

AUTH = [BearerTokenAuth(), SessionAuth()]
CONFLICT_CODES = {"conflict", "stale", "finished", "expired"}
# Outside the caller's scope looks like nothing (docs/api.md): a quiz they may not take, a lesson
# of a course they are not enrolled in.
NOT_FOUND_CODES = {"not_found", "not_enrolled"}


def _json_integer(value: object) -> object:
    """JSON Schema's "integer": a number without a fraction (``3`` or ``3.0``), never ``true``
    or ``"3"``, which pydantic's lax mode would turn into numbers."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(_("harus berupa bilangan bulat"))
    return value


# For an integer in a JSON body, exactly as the schema says "type: integer". Put it after the
# constraints (``Annotated[int, Field(ge=0), JSON_INTEGER]``): before them, pydantic writes
# ``gt``/``le`` into the schema instead of ``exclusiveMinimum``/``maximum``.
JSON_INTEGER = BeforeValidator(_json_integer)
# An object id in a path: 1 to the largest BIGINT, so no id reaches the database that it cannot
# hold (a larger one was a 500 on SQLite); outside that range it is a 400.
Id = Annotated[int, Path(ge=1, le=2**63 - 1)]


class ErrorOut(Schema):
    """Every error answer of the API (docs/api.md)."""

    detail: str | list[str]
    code: str | None = None
    errors: list[dict[str, Any]] | None = None


def errors(*statuses: int) -> dict[int, type[ErrorOut]]:
    """The error answers a route can give, declared so the OpenAPI schema is honest:
    ``response={200: Out, **errors(400, 401, 404)}``. 401 (no or bad credentials) is always
    possible, every route needs authentication."""
    return dict.fromkeys(sorted({401, *statuses}), ErrorOut)


class ObjectBodyParser(Parser):
    """Every request body of this API is a JSON object (or ``null`` for an optional one), as
    the schema says. django-ninja would read ``"x"`` or ``[1]`` sent to an optional body as
    "no body"; here they are the 400 of a body that cannot be read. The JSON is read by
    :func:`lms.core.safe_input.strict_json_loads` (no NaN, infinities, NUL or lone surrogates);
    django-ninja turns any parser error into ``HttpError(400)`` raised from it, and
    :func:`_http_error_detail` shows the :class:`UnsafeInput` message."""

    def parse_body(self, request):
        data = strict_json_loads(request.body)
        if data is not None and not isinstance(data, dict):
            raise ValueError("JSON body must be an object")
        return data


def _http_error_detail(exc: HttpError) -> str:
    """An Indonesian ``detail`` for django-ninja's own errors (their messages are English)."""
    if isinstance(exc.__cause__, UnsafeInput):
        return exc.__cause__.message
    if exc.status_code == 400:
        return _("Isi permintaan tidak dapat dibaca; kirim objek JSON yang valid.")
    if exc.status_code == 401:
        return _(
            "Silakan masuk terlebih dahulu: pakai sesi yang masih berlaku atau token API "
            "(Authorization: Bearer ...)."
        )
    if exc.status_code == 403 and "CSRF" in str(exc):
        return _("Permintaan ditolak: token CSRF tidak ada atau tidak cocok. Muat ulang halaman.")
    if exc.status_code == 403:
        return _("Tidak diizinkan.")
    if exc.status_code == 429:
        return _("Terlalu banyak permintaan; coba lagi sebentar lagi.")
    return _("Permintaan tidak dapat diproses.")


def _with_json_errors(view):
    """What django-ninja answers outside its operations is not JSON: the 405 of a path whose
    method has no operation. This makes it JSON (``Allow`` kept) and, should an exception
    escape, logs it and answers the JSON 500."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            response = view(request, *args, **kwargs)
        except Http404:  # e.g. the API root, which has no docs page (the spec is served)
            return JsonResponse({"detail": _("Tidak ditemukan.")}, status=404)
        except PermissionDenied:
            return JsonResponse({"detail": _("Tidak diizinkan.")}, status=403)
        except Exception:  # noqa: BLE001 - the API's last line: log and answer JSON
            logger.exception("unhandled API error: %s %s", request.method, request.path)
            return JsonResponse({"detail": _("Terjadi kesalahan di server.")}, status=500)
        if isinstance(response, HttpResponseNotAllowed):
            allowed = response.headers.get("Allow", "")
            detail = _(
                "Metode %(method)s tidak dapat dipakai di alamat ini; yang dapat: %(allowed)s."
            ) % {"method": request.method, "allowed": allowed}
            response = JsonResponse({"detail": detail}, status=405)
            response.headers["Allow"] = allowed
        return response

    return wrapper


@csrf_exempt
def _unknown_path(request, rest: str = ""):
    return JsonResponse({"detail": _("Tidak ditemukan.")}, status=404)


class LmsAPI(NinjaAPI):
    """NinjaAPI whose URL patterns answer JSON for every error (see the module docstring)."""

    def _get_urls(self):
        patterns = super()._get_urls()
        for pattern in patterns:
            pattern.callback = _with_json_errors(pattern.callback)
        # Last: any other path under the API's prefix is a JSON 404, not the site's HTML page.
        patterns.append(re_path(r"^(?P<rest>.*)$", _unknown_path, name="not_found"))
        return patterns


def build_api(*, routers: list[tuple[str, object]]) -> NinjaAPI:
    api = LmsAPI(
        parser=ObjectBodyParser(),
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
        # docs/interfaces.md: bad input is 400 (django-ninja would answer 422).
        return api.create_response(
            request,
            {"detail": _("Data yang dikirim tidak valid."), "errors": exc.errors},
            status=400,
        )

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return api.create_response(request, {"detail": _("Tidak ditemukan.")}, status=404)

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return api.create_response(request, {"detail": _("Tidak diizinkan.")}, status=403)

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        return api.create_response(
            request, {"detail": _http_error_detail(exc)}, status=exc.status_code
        )

    @api.exception_handler(Exception)
    def server_error(request, exc: Exception):
        # Replaces django-ninja's default, which re-raises without DEBUG (Django's HTML 500)
        # and answers a plain-text traceback with it.
        logger.error("unhandled API error: %s %s", request.method, request.path, exc_info=exc)
        return api.create_response(
            request, {"detail": _("Terjadi kesalahan di server.")}, status=500
        )

    for prefix, router in routers:
        api.add_router(prefix, router)
    return api
