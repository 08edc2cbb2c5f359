"""Writes from the sandboxed player, posted by the lesson page (docs/h5p.md): xAPI statements
(append-only, idempotent) and the player's state for resuming."""

import json
import math
import uuid
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.core.events import answers
from lms.users.models import User

from ..models import H5PPackage, H5PResult, H5PUserState, XAPIStatement
from ..signals import h5p_completed

COMPLETION_VERBS = {"completed", "answered", "passed", "failed"}
SUB_CONTENT = "http://h5p.org/x-api/h5p-subContentId"
MAX_SCORE = 1_000_000


@dataclass
class StatementOutcome:
    stored: bool
    result: H5PResult | None
    lesson_completed: bool = False


def _bad(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def _no_constants(value: str):
    raise ValueError(value)


def _statement(body: bytes, limit: int) -> dict[str, Any]:
    if len(body) > limit:
        raise _bad(_("Pernyataan xAPI terlalu besar."), "too_big")
    try:
        statement = json.loads(body.decode("utf-8"), parse_constant=_no_constants)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _bad(_("Pernyataan xAPI bukan JSON yang sah."), "malformed") from None
    if not isinstance(statement, dict):
        raise _bad(_("Pernyataan xAPI harus berupa objek JSON."), "malformed")
    return statement


def _verb(statement: dict) -> str:
    verb = statement.get("verb")
    verb_id = verb.get("id") if isinstance(verb, dict) else None
    if not isinstance(verb_id, str) or not verb_id or len(verb_id) > 255:
        raise _bad(_("Pernyataan xAPI tanpa kata kerja (verb.id)."), "malformed")
    return verb_id


def _is_top_level(statement: dict) -> bool:
    """A statement about the activity itself, not one of its sub-contents (a question inside
    a question set): no parent activity in the context, no H5P sub-content id."""
    context = statement.get("context")
    activities = context.get("contextActivities") if isinstance(context, dict) else None
    if isinstance(activities, dict) and activities.get("parent"):
        return False
    target = statement.get("object")
    definition = target.get("definition") if isinstance(target, dict) else None
    extensions = definition.get("extensions") if isinstance(definition, dict) else None
    return not (isinstance(extensions, dict) and extensions.get(SUB_CONTENT))


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return float(value)


def _score(statement: dict) -> tuple[float | None, float | None, float | None, bool, Any]:
    """(raw, max, scaled, completion, success) from ``result``; raises for impossible scores."""
    result = statement.get("result")
    if result is None:
        return None, None, None, False, None
    if not isinstance(result, dict):
        raise _bad(_("Bagian result pernyataan xAPI salah."), "malformed")
    score = result.get("score") or {}
    if not isinstance(score, dict):
        raise _bad(_("Bagian result pernyataan xAPI salah."), "malformed")
    raw, maximum = _number(score.get("raw")), _number(score.get("max"))
    scaled = _number(score.get("scaled"))
    if (raw is None) != (maximum is None):
        raw = maximum = None
    if raw is not None and not (0 <= raw <= maximum <= MAX_SCORE and maximum > 0):
        raise _bad(_("Skor dalam pernyataan xAPI tidak mungkin."), "bad_score")
    if raw is not None:
        scaled = raw / maximum
    elif scaled is not None and not 0 <= scaled <= 1:
        raise _bad(_("Skor dalam pernyataan xAPI tidak mungkin."), "bad_score")
    success = result.get("success") if isinstance(result.get("success"), bool) else None
    return raw, maximum, scaled, result.get("completion") is True, success


def h5p_statement_record(
    *, user: User, package: H5PPackage, page_id: int, body: bytes, limit: int
) -> StatementOutcome:
    """Stores one xAPI statement the player sent for ``user`` (append-only, idempotent on
    ``id``: a repeat changes nothing) and, for a top-level completed/answered/passed/failed
    statement, updates the learner's result on this page (the best score reported; completion
    sticks). The actor in the statement is ignored: the statement is the caller's.

    Raises ``ValidationError`` (Indonesian) for a statement over ``limit`` bytes, malformed
    JSON, a missing or non-UUID id, a missing verb or an impossible score; nothing is stored
    then. Once a completion is stored, asks the apps above (``h5p_completed``) whether that
    completes the lesson (courses: when the block says so)."""
    statement = _statement(body, limit)
    try:
        statement_id = uuid.UUID(str(statement.get("id")))
    except ValueError:
        raise _bad(_("Pernyataan xAPI tanpa id (UUID)."), "malformed") from None
    verb_id = _verb(statement)
    verb = verb_id.rstrip("/").rsplit("/", 1)[-1].lower()
    top_level = _is_top_level(statement)
    raw, maximum, scaled, completion, success = _score(statement)
    with transaction.atomic():
        try:
            with transaction.atomic():
                XAPIStatement.objects.create(
                    statement_id=statement_id,
                    user=user,
                    package=package,
                    page_id=page_id,
                    verb=verb_id,
                    top_level=top_level,
                    statement=statement,
                    size_bytes=len(body),
                )
        except IntegrityError:
            return StatementOutcome(stored=False, result=None)
        if not top_level or verb not in COMPLETION_VERBS:
            return StatementOutcome(stored=True, result=None)
        result, _created = H5PResult.objects.select_for_update().get_or_create(
            user=user, package=package, page_id=page_id
        )
        if scaled is not None and (result.scaled_score is None or scaled >= result.scaled_score):
            result.raw_score, result.max_score, result.scaled_score = raw, maximum, scaled
        if success is not None and (result.success is None or success):
            result.success = success
        finished = verb in {"completed", "passed", "failed"} or completion
        if finished and not result.completed:
            result.completed = True
            result.first_completed_at = timezone.now()
        result.statements += 1
        result.save()
    lesson_completed = False
    if result.completed:
        lesson_completed = any(answers(h5p_completed, sender=H5PResult, result=result))
    return StatementOutcome(stored=True, result=result, lesson_completed=lesson_completed)


def h5p_state_save(
    *,
    user: User,
    package: H5PPackage,
    page_id: int,
    data_type: str,
    sub_content_id: str,
    data: str,
    limit: int,
) -> H5PUserState:
    """Saves the player's state for resuming (the last save wins). ``data`` must be JSON text
    of at most ``limit`` bytes; an empty string or ``"RESET"`` deletes the saved state.
    Raises ``ValidationError`` (Indonesian) otherwise."""
    if not isinstance(data_type, str) or not data_type.isidentifier() or len(data_type) > 64:
        raise _bad(_("Jenis data status pemutar tidak sah."), "malformed")
    if not isinstance(sub_content_id, str) or len(sub_content_id) > 64:
        raise _bad(_("Id sub-konten tidak sah."), "malformed")
    if not isinstance(data, str):
        raise _bad(_("Status pemutar harus berupa teks JSON."), "malformed")
    if len(data.encode("utf-8")) > limit:
        raise _bad(_("Status pemutar terlalu besar."), "too_big")
    key = {
        "user": user,
        "package": package,
        "page_id": page_id,
        "data_type": data_type,
        "sub_content_id": sub_content_id,
    }
    if data in {"", "RESET"}:
        H5PUserState.objects.filter(**key).delete()
        return H5PUserState(**key, data="")
    try:
        json.loads(data, parse_constant=_no_constants)
    except (ValueError, RecursionError):
        raise _bad(_("Status pemutar bukan JSON yang sah."), "malformed") from None
    state, _created = H5PUserState.objects.update_or_create(**key, defaults={"data": data})
    return state
