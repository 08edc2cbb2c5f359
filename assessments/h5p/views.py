"""The endpoints the lesson page posts the player's messages to (docs/h5p.md).

The sandboxed player cannot reach the site itself (opaque origin, no cookies); the lesson
page receives its messages and posts them here, same-origin, with the session and the CSRF
token. Views are thin: the access rule is ``selectors.h5p_access_allowed`` (404 when not),
the writes are ``services``. Answers are JSON; a refused body is a 400 with an Indonesian
message and nothing stored.
"""

import json

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from .models import H5PPackage
from .selectors import h5p_access_allowed, playable_packages
from .services import h5p_state_save, h5p_statement_record


def _package(request: HttpRequest, package_id: int, page_id: int) -> H5PPackage:
    package = playable_packages().filter(pk=package_id).first()
    if package is None or not h5p_access_allowed(request.user, package, page_id):
        raise Http404
    return package


def _refused(error: ValidationError) -> JsonResponse:
    return JsonResponse({"error": " ".join(error.messages)}, status=400)


@never_cache
@require_POST
@login_required
def xapi(request: HttpRequest, package_id: int, page_id: int) -> JsonResponse:
    package = _package(request, package_id, page_id)
    try:
        outcome = h5p_statement_record(
            user=request.user,
            package=package,
            page_id=page_id,
            body=request.body,
            limit=settings.LMS_H5P_STATEMENT_MAX_BYTES,
        )
    except ValidationError as error:
        return _refused(error)
    result = outcome.result
    return JsonResponse(
        {
            "stored": outcome.stored,
            "result": None
            if result is None
            else {
                "raw": result.raw_score,
                "max": result.max_score,
                "scaled": result.scaled_score,
                "completed": result.completed,
            },
            "lesson_completed": outcome.lesson_completed,
        }
    )


@never_cache
@require_POST
@login_required
def state(request: HttpRequest, package_id: int, page_id: int) -> JsonResponse:
    package = _package(request, package_id, page_id)
    limit = settings.LMS_H5P_STATE_MAX_BYTES
    try:
        if len(request.body) > limit + 1024:
            raise ValidationError("", code="too_big")
        body = json.loads(request.body.decode("utf-8"))
        if not isinstance(body, dict):
            raise ValueError(body)
    except ValidationError:
        return JsonResponse({"error": _("Status pemutar terlalu besar.")}, status=400)
    except (UnicodeDecodeError, ValueError, RecursionError):
        return JsonResponse({"error": _("Permintaan bukan JSON yang sah.")}, status=400)
    try:
        h5p_state_save(
            user=request.user,
            package=package,
            page_id=page_id,
            data_type=body.get("data_type", "state"),
            sub_content_id=str(body.get("sub_content_id", "0")),
            data=body.get("data"),
            limit=limit,
        )
    except ValidationError as error:
        return _refused(error)
    return JsonResponse({"saved": True})
