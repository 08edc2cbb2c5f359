"""Quiz API (``/api/v1/``): start an attempt, autosave answers, submit.

Authentication and error responses come from ``lms.core.api.build_api``: ``ApplicationError``
codes ``stale``/``finished``/``expired``/``conflict`` are 409, other codes 400; another
learner's attempt is a 404. Payloads never contain keys (see ``assessments.selectors``).

Autosave is the hot path (docs/quality.md P4): one service transaction, no rendering, no payload
re-read; it returns only the new sequence.
"""

import datetime
import uuid
from typing import Annotated, Any

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Body, Field, Header, Router, Schema

from lms.core.api import JSON_INTEGER, Id, errors
from lms.core.errors import ApplicationError

from .models import Attempt, Quiz
from .selectors import attempt_for_learner
from .services import attempt_autosave, attempt_start, attempt_submit

router = Router(tags=["kuis"])

MAX_ANSWERS = 500  # far above any quiz; bounds the work one request can ask for
# Question position (from 0) → answer. Declared in full so the schema says which keys are taken
# (pydantic alone would leave other keys allowed in the schema while refusing them).
Position = Annotated[str, Field(pattern=r"^[0-9]{1,4}$")]
Answers = Annotated[
    dict[Position, Any],
    Field(max_length=MAX_ANSWERS, json_schema_extra={"additionalProperties": False}),
]


class ChoiceOut(Schema):
    id: str
    text: str


class OptionOut(Schema):
    value: str
    text: str


class QuestionOut(Schema):
    position: int
    number: int
    type: str
    text: str = Field(description="HTML yang sudah dibersihkan")
    points: float
    choices: list[ChoiceOut] | None = Field(
        None, description="pilihan (urutan tampil), untuk pilihan ganda dan benar/salah"
    )
    prompts: list[ChoiceOut] | None = Field(None, description="pernyataan soal menjodohkan")
    options: list[OptionOut] | None = Field(None, description="pilihan jawaban menjodohkan")
    response: Any = Field(None, description="jawaban tersimpan")


class AttemptOut(Schema):
    id: int
    quiz_id: int
    number: int
    state: str
    deadline: datetime.datetime | None
    now: datetime.datetime = Field(description="waktu server, untuk menghitung sisa waktu")
    sequence: int
    questions: list[QuestionOut]


class StartIn(Schema):
    page_id: Annotated[int, Field(gt=0, le=2**31 - 1), JSON_INTEGER] | None = None


class AnswersIn(Schema):
    sequence: Annotated[int, Field(ge=0), JSON_INTEGER]
    answers: Answers = Field(
        default_factory=dict,
        description=(
            "posisi soal (mulai 0) → jawaban: kode pilihan (acak, dari ``choices``), daftar "
            'kode, teks, atau {kode pasangan: pilihan}; mis. {"0": "3f9c2a1b", '
            '"1": ["a41c09e2", "77d0b5f3"]}'
        ),
    )


class SequenceOut(Schema):
    sequence: int


class SubmitIn(Schema):
    answers: Answers | None = None


class ResultOut(Schema):
    id: int
    state: str
    score: float | None
    max_score: float | None
    percent: float | None
    passed: bool | None


def _positions(answers: dict[str, Any] | None) -> dict[int, object]:
    """``{"3": …}`` → ``{3: …}``; a key that is not a position is a 400."""
    if not answers:
        return {}
    if len(answers) > MAX_ANSWERS:
        raise ApplicationError("Terlalu banyak jawaban dalam satu permintaan.", code="bad_answer")
    converted: dict[int, object] = {}
    for key, value in answers.items():
        if not (key.isascii() and key.isdigit() and len(key) <= 4):
            raise ApplicationError(f'Nomor soal "{key[:20]}" tidak valid.', code="bad_answer")
        converted[int(key)] = value
    return converted


def _attempt_out(attempt: Attempt) -> dict:
    payload = attempt_for_learner(attempt)
    payload["now"] = timezone.now()
    return payload


def _result_out(attempt: Attempt) -> dict:
    def number(value):
        return float(value) if value is not None else None

    return {
        "id": attempt.pk,
        "state": attempt.state,
        "score": number(attempt.score),
        "max_score": number(attempt.max_score),
        "percent": number(attempt.percent),
        "passed": attempt.passed,
    }


@router.post(
    "/quizzes/{quiz_id}/attempts",
    response={200: AttemptOut, **errors(400, 403, 404, 409)},
    url_name="quiz_attempts",
    summary="Mulai kuis (atau lanjutkan percobaan yang sedang berjalan)",
)
def start(request, quiz_id: Id, payload: Annotated[StartIn | None, Body()] = None):
    quiz = get_object_or_404(Quiz, pk=quiz_id)
    page_id = payload.page_id if payload else None
    # attempt_start applies the quiz access rule (code "not_found": a 404 like a missing quiz).
    attempt = attempt_start(user=request.user, quiz=quiz, page_id=page_id)
    return _attempt_out(attempt)


@router.put(
    "/attempts/{attempt_id}/answers",
    response={200: SequenceOut, **errors(400, 403, 404, 409)},
    url_name="attempt_answers",
    summary="Simpan jawaban otomatis (409 bila urutan usang atau kuis selesai)",
)
def autosave(
    request,
    attempt_id: Id,
    payload: AnswersIn,
    # A UUID or absent (not "| None": the schema would then offer the string "null" for a
    # header); anything else is the usual 400, and the schema says "format: uuid".
    idempotency_key: Annotated[uuid.UUID, Header(alias="Idempotency-Key")] = None,
):
    try:
        saved = attempt_autosave(
            attempt_id=attempt_id,
            user=request.user,
            sequence=payload.sequence,
            answers=_positions(payload.answers),
            key=idempotency_key,
        )
    except Attempt.DoesNotExist:
        raise Http404 from None
    return {"sequence": saved.sequence}


@router.post(
    "/attempts/{attempt_id}/submit",
    response={200: ResultOut, **errors(400, 403, 404, 409)},
    url_name="attempt_submit",
    summary="Kumpulkan dan nilai (idempoten)",
)
def submit(request, attempt_id: Id, payload: Annotated[SubmitIn | None, Body()] = None):
    try:
        attempt = attempt_submit(
            attempt_id=attempt_id,
            user=request.user,
            answers=_positions(payload.answers if payload else None),
        )
    except Attempt.DoesNotExist:
        raise Http404 from None
    return _result_out(attempt)
