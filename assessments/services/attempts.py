"""Write-side operations of the quiz engine: start, autosave, submit/expire, and evidence.

Contracts (docs/quality.md R1, tested on PostgreSQL):
- ``attempt_start``: at most one in-progress attempt per user and quiz, also under concurrent
  starts (partial unique index + retry); returns the in-progress attempt if there is one.
- ``attempt_autosave``: one transaction of three statements (docs/quality.md P4): the
  idempotency receipt inserted first (a retry with the same key is applied once), the
  conditional UPDATE of the sequence (refused with 409 when the client's sequence is stale, the
  attempt finished or past its time; the row lock it takes orders saves and submits), one
  UPDATE for all answers.
- ``attempt_submit``: one transaction, attempt row locked (``FOR UPDATE OF`` the attempt only),
  at most six statements and one bulk insert (P5); exactly one transition out of
  ``in_progress`` (a conditional UPDATE of the state, so also across nodes); later submits
  return the stored result (idempotent). Answers, grade and evidence are written together or
  not at all.
- ``attempts_expire``: finishes attempts past their deadline with their last saved answers;
  idempotent.
"""

import datetime
import json
import random
import secrets
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from django.db import IntegrityError, connection, transaction
from django.db.models import Case, F, Max, OuterRef, Subquery, Value, When
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.competencies.models import CompetencyEvidence, EvidenceSource
from lms.competencies.services import evidence_bulk_record
from lms.core.errors import ApplicationError
from lms.core.events import send_after_commit
from lms.people.models import Employee
from lms.users.models import User

from ..grading import grade, response_problem
from ..models import (
    Attempt,
    AttemptAnswer,
    AttemptState,
    AutosaveReceipt,
    Question,
    QuestionType,
    QuestionVersion,
    Quiz,
    QuizKind,
)
from ..selectors import quiz_access_allowed
from ..signals import attempt_finished

HUNDRED = Decimal(100)
CENTS = Decimal("0.01")


def draw_layout(quiz: Quiz, seed: int) -> list[dict]:
    """The questions of one attempt: ``count`` from each bank (stratified), shuffled by seed.

    Each item is ``{"v": version_id, "order": [choice or pair ids in display order]}``.
    """
    rng = random.Random(seed)  # noqa: S311 - reproducible order; the seed comes from secrets
    draws = list(quiz.draws.select_related("bank").order_by("pk"))
    drawable: dict[int, list[int]] = defaultdict(list)
    types: dict[int, str] = {}
    for bank_id, version_id, qtype in (
        Question.objects.filter(bank_id__in={draw.bank_id for draw in draws})
        .drawable()
        .order_by("pk")
        .values_list("bank_id", "current_version_id", "type")
    ):  # one query for every bank, not one per draw
        drawable[bank_id].append(version_id)
        types[version_id] = qtype
    items: list[dict] = []
    for draw in draws:
        versions = drawable[draw.bank_id]
        if len(versions) < draw.count:
            raise ApplicationError(
                _(
                    'Bank soal "%(bank)s" hanya berisi %(n)s soal aktif; kuis ini mengambil '
                    "%(count)s. Hubungi pengajar."
                )
                % {"bank": draw.bank.name, "n": len(versions), "count": draw.count},
                code="bank_too_small",
            )
        items.extend({"v": v} for v in rng.sample(versions, draw.count))
    if quiz.shuffle_questions:
        rng.shuffle(items)
    contents = QuestionVersion.objects.in_bulk([item["v"] for item in items])
    for item in items:
        version = contents[item["v"]]
        qtype = types[item["v"]]
        ids = [c["id"] for c in version.data.get("choices", [])] or [
            p["id"] for p in version.data.get("pairs", [])
        ]
        if quiz.shuffle_choices and qtype not in (QuestionType.TRUE_FALSE,):
            rng.shuffle(ids)
        item["order"] = ids
        # The type, so autosave can check a response from the layout alone (the choice or pair
        # ids are ``order``), without reading the versions (docs/quality.md P4). A question's
        # type never changes (``question_save``); the learner sees it anyway.
        item["t"] = qtype
    return items


def _quiz_open(quiz: Quiz, now: datetime.datetime) -> None:
    if quiz.not_open_yet(now):
        raise ApplicationError(_("Kuis ini belum dibuka."), code="not_open")
    if quiz.closed(now):
        raise ApplicationError(_("Kuis ini sudah ditutup."), code="closed")


def attempt_start(
    *, user: User, quiz: Quiz, page_id: int | None = None, now: datetime.datetime | None = None
) -> Attempt:
    """Returns the user's in-progress attempt, or starts a new one (see module contract).

    Refused (``ApplicationError`` code ``not_found``, a 404 for the API and pages) unless
    ``quiz_access_allowed(user, quiz, page_id)``: the quiz sits in a live lesson ``page_id``
    of a course the user is enrolled in, or is open without a course (docs/security.md).
    """
    now = now or timezone.now()
    if not quiz_access_allowed(user, quiz, page_id):
        raise ApplicationError(_("Kuis tidak ditemukan."), code="not_found")
    for _try in range(3):
        current = Attempt.objects.filter(
            user=user, quiz=quiz, state=AttemptState.IN_PROGRESS
        ).first()
        if current is not None:
            if current.deadline is None or current.deadline > now:
                return current
            attempt_submit(attempt=current, user=user, now=now, expired=True)
            continue
        _quiz_open(quiz, now)
        try:
            return _attempt_create(user=user, quiz=quiz, page_id=page_id, now=now)
        except IntegrityError:
            continue  # a concurrent start won: loop and return its attempt
    raise ApplicationError(_("Kuis sedang dimulai di tempat lain; coba lagi."), code="conflict")


@transaction.atomic
def _attempt_create(*, user: User, quiz: Quiz, page_id: int | None, now) -> Attempt:
    finished = Attempt.objects.filter(user=user, quiz=quiz).aggregate(n=Max("number"))["n"] or 0
    limit = quiz.attempt_limit
    if limit and finished >= limit:
        raise ApplicationError(
            _("Kesempatan mengerjakan kuis ini sudah habis (%(n)s kali).") % {"n": limit},
            code="no_attempts_left",
        )
    seed = secrets.randbits(62)
    layout = draw_layout(quiz, seed)
    deadline = quiz.attempt_deadline(now)
    attempt = Attempt.objects.create(
        user=user,
        quiz=quiz,
        number=finished + 1,
        page_id=page_id,
        seed=seed,
        layout=layout,
        deadline=deadline,
    )
    AttemptAnswer.objects.bulk_create(
        AttemptAnswer(attempt=attempt, version_id=item["v"], position=index)
        for index, item in enumerate(layout)
    )
    return attempt


class AutosaveResult(NamedTuple):
    """What an autosave answers: the attempt and its sequence after the save (for a replayed
    idempotency key, the attempt's current sequence: the replay changes nothing)."""

    attempt_id: int
    sequence: int


def _locked(attempt_id: int, user: User) -> Attempt:
    """The caller's attempt with its quiz, its row (only its own: ``of=("self",)``, never the
    quiz's, which every examinee of an exam shares) locked until the transaction ends, and
    ``employee_pk``, the learner's employee record for evidence (None for an account without
    one). One query. ``Attempt.DoesNotExist`` for another learner's attempt (a 404)."""
    employee = Employee.objects.filter(user_id=OuterRef("user_id")).values("pk")[:1]
    attempt = next(
        iter(
            Attempt.objects.select_for_update(of=("self",))
            .select_related("quiz")
            .annotate(employee_pk=Subquery(employee))
            .filter(pk=attempt_id, user_id=user.pk)
            .order_by()[:1]
        ),
        None,
    )
    if attempt is None:
        raise Attempt.DoesNotExist  # 404: another learner's attempt does not exist for you
    return attempt


def _case(values: dict[int, object], name: str, *, keep: bool) -> Case | Cast:
    """``CASE position WHEN p THEN value ... END`` for one column of ``AttemptAnswer``, as
    ``bulk_update`` writes it (cast where the backend needs it); ``keep``: positions not in
    ``values`` keep their value (else NULL)."""
    field = AttemptAnswer._meta.get_field(name)
    case = Case(
        *(When(position=p, then=Value(v, output_field=field)) for p, v in values.items()),
        default=F(name) if keep else None,
        output_field=field,
    )
    return (
        Cast(case, output_field=field)
        if connection.features.requires_casted_case_in_updates
        else case
    )


def _answers_write(
    attempt_id: int,
    now: datetime.datetime,
    responses: dict[int, object],
    scores: dict[int, Decimal] | None = None,
) -> None:
    """One UPDATE for all answers of the attempt: the responses of ``responses`` (and their
    ``updated_at``) and, when given, the scores of ``scores`` (every position)."""
    changes: dict[str, object] = {}
    if responses:
        changes["response"] = _case(responses, "response", keep=scores is not None)
        changes["updated_at"] = Case(
            When(position__in=list(responses), then=Value(now)),
            default=F("updated_at"),
            output_field=AttemptAnswer._meta.get_field("updated_at"),
        )
    if scores:
        changes["score"] = _case(scores, "score", keep=False)
    if not changes:
        return
    rows = AttemptAnswer.objects.filter(attempt_id=attempt_id)
    if scores is None:
        rows = rows.filter(position__in=list(responses))
    rows.update(**changes)


def _problem(qtype: str, data: dict, position: int, response) -> None:
    """400 (``bad_answer``) when ``response`` cannot be stored for the question."""
    problem = response_problem(qtype, data, response)
    if problem is not None:
        _refuse(position, problem)


def _refuse(position: int, problem: str = "") -> None:
    message = _("Jawaban soal nomor %(n)s tidak valid.") % {"n": position + 1}
    raise ApplicationError(f"{message} {problem}".strip(), code="bad_answer")


def _check_against_layout(layout: list[dict], answers: dict[int, object]) -> None:
    """Validates responses by position from the attempt's layout alone: its ``t`` (type) and
    ``order`` (every choice or pair id of the version) are what ``response_problem`` needs.
    Items of layouts written before ``t`` existed read their versions (one query)."""
    old = {
        layout[p]["v"]
        for p in answers
        if 0 <= p < len(layout) and ("t" not in layout[p] or "order" not in layout[p])
    }
    versions = (
        {
            pk: (qtype, data)
            for pk, qtype, data in QuestionVersion.objects.filter(pk__in=old).values_list(
                "pk", "question__type", "data"
            )
        }
        if old
        else {}
    )
    for position, response in answers.items():
        if not 0 <= position < len(layout):
            _refuse(position)  # no such question in this attempt
        item = layout[position]
        if item["v"] in versions:
            qtype, data = versions[item["v"]]
        else:
            qtype = item["t"]
            key = "pairs" if qtype == QuestionType.MATCHING else "choices"
            data = {key: [{"id": item_id} for item_id in item["order"]]}
        _problem(qtype, data, position, response)


def _stale_reason(attempt_id: int, user: User, now: datetime.datetime) -> ApplicationError:
    """Why a conditional autosave changed nothing (only read on that path)."""
    row = (
        Attempt.objects.filter(pk=attempt_id, user_id=user.pk)
        .values_list("state", "deadline")
        .first()
    )
    if row is None:
        raise Attempt.DoesNotExist
    state, deadline = row
    if state != AttemptState.IN_PROGRESS:
        return ApplicationError(_("Kuis ini sudah selesai; jawaban tidak diubah."), code="finished")
    if deadline and now >= deadline:
        return ApplicationError(_("Waktu mengerjakan sudah habis."), code="expired")
    return ApplicationError(
        _(
            "Jawaban di perangkat ini sudah usang (kuis dibuka di tab atau perangkat lain). "
            "Muat ulang halaman."
        ),
        code="stale",
    )


def _receipt_insert(attempt_id: int, key, sequence: int, now: datetime.datetime) -> bool:
    """Inserts the autosave receipt unless the key is already there (``ON CONFLICT DO
    NOTHING``, PostgreSQL and SQLite alike); whether this call inserted it."""
    meta = AutosaveReceipt._meta
    qn = connection.ops.quote_name
    columns = ("attempt_id", "key", "sequence", "created_at")
    params = [
        attempt_id,
        meta.get_field("key").get_db_prep_value(key, connection),
        sequence,
        meta.get_field("created_at").get_db_prep_value(now, connection),
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {qn(meta.db_table)} ({', '.join(map(qn, columns))}) "  # noqa: S608
            f"VALUES (%s, %s, %s, %s) ON CONFLICT ({qn('attempt_id')}, {qn('key')}) DO NOTHING",
            params,
        )
        return cursor.rowcount == 1


def _sequence_advance(
    attempt_id: int, user: User, sequence: int, now: datetime.datetime
) -> list[dict] | None:
    """The conditional UPDATE of the sequence: ``sequence + 1`` only if the attempt is the
    user's, in progress, within its time and still at ``sequence`` (the client's); returns its
    layout, or None when nothing matched. The row stays locked until the transaction ends."""
    meta = Attempt._meta
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {qn(meta.db_table)} SET {qn('sequence')} = %s "  # noqa: S608
            f"WHERE {qn('id')} = %s AND {qn('user_id')} = %s AND {qn('state')} = %s "
            f"AND {qn('sequence')} = %s AND ({qn('deadline')} IS NULL OR {qn('deadline')} > %s) "
            f"RETURNING {qn('layout')}",
            [
                sequence + 1,
                attempt_id,
                user.pk,
                AttemptState.IN_PROGRESS.value,
                sequence,
                connection.ops.adapt_datetimefield_value(now),
            ],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    layout = row[0]
    return json.loads(layout) if isinstance(layout, str | bytes) else (layout or [])


#: The sequence is a PositiveIntegerField (at most 2**31 - 1 in PostgreSQL) and a save stores
#: ``sequence + 1``: a client's sequence at or above this matches no attempt.
_SEQUENCE_LIMIT = 2**31 - 1


@transaction.atomic
def attempt_autosave(
    *,
    attempt_id: int,
    user: User,
    sequence: int,
    answers: dict[int, object],
    key=None,
    now: datetime.datetime | None = None,
) -> AutosaveResult:
    """Stores answers if ``sequence`` equals the stored one; returns the new sequence. Raises
    ApplicationError ``stale``/``finished``/``expired`` (409) or ``bad_answer`` (400), with
    nothing changed; ``Attempt.DoesNotExist`` for someone else's attempt.

    Three statements in one transaction (docs/quality.md P4): the receipt is inserted first
    (``ON CONFLICT DO NOTHING``: a replayed key inserts nothing and changes nothing else), then
    the conditional UPDATE of the sequence (``WHERE sequence = <client's>``, the row lock
    orders concurrent saves and submits), then one UPDATE for all answers. Any refusal rolls
    the receipt and the sequence back with the transaction.
    """
    now = now or timezone.now()
    if not 0 <= sequence < _SEQUENCE_LIMIT:  # no attempt can be there: stale, never a 500
        raise _stale_reason(attempt_id, user, now)
    if key is not None and not _receipt_insert(attempt_id, key, sequence + 1, now):
        replay = (  # the attempt's current sequence, as the client would read it now
            Attempt.objects.filter(pk=attempt_id, user_id=user.pk, receipts__key=key)
            .values_list("sequence", flat=True)
            .first()
        )
        if replay is None:
            raise Attempt.DoesNotExist
        return AutosaveResult(attempt_id, replay)  # a retry of a save that was already applied
    layout = _sequence_advance(attempt_id, user, sequence, now)
    if layout is None:
        raise _stale_reason(attempt_id, user, now)
    if answers:
        _check_against_layout(layout, answers)
        _answers_write(attempt_id, now, answers)
    return AutosaveResult(attempt_id, sequence + 1)


def attempt_submit(
    *,
    attempt: Attempt | None = None,
    attempt_id: int | None = None,
    user: User,
    answers: dict[int, object] | None = None,
    now: datetime.datetime | None = None,
    expired: bool = False,
) -> Attempt:
    """Grades and finishes the attempt (see module contract). Idempotent."""
    if attempt_id is None:
        attempt_id = attempt.pk
    return _finish(attempt_id=attempt_id, user=user, answers=answers, now=now, expired=expired)[0]


class _AlreadyFinished(Exception):
    """Another process finished the attempt between our read and our conditional UPDATE."""


def _finish(*, attempt_id: int, user: User, answers, now, expired: bool) -> tuple[Attempt, bool]:
    """The one transition out of ``in_progress``; returns the attempt and whether this call
    made the transition (False when it was already finished)."""
    now = now or timezone.now()
    try:
        return _finish_once(
            attempt_id=attempt_id, user=user, answers=answers, now=now, expired=expired
        )
    except _AlreadyFinished:
        return _locked(attempt_id, user), False


@transaction.atomic
def _finish_once(*, attempt_id, user, answers, now, expired) -> tuple[Attempt, bool]:
    """At most six statements and one bulk insert (docs/quality.md P5): the locked attempt with
    its quiz and employee id; the versions with their banks; the stored responses (only when
    the submit does not carry every answer); one UPDATE for all answers (responses and scores);
    the conditional UPDATE of the state (``WHERE state = 'in_progress'``: exactly one grade,
    also from two nodes); the placement bands (placement tests only); the evidence rows in one
    bulk insert."""
    attempt = _locked(attempt_id, user)
    if attempt.state != AttemptState.IN_PROGRESS:
        return attempt, False
    if user.pk == attempt.user_id and not user._state.adding:
        attempt.user = user  # the request's user: receivers need not load it again
    late = attempt.deadline is not None and now >= attempt.deadline
    given = answers if (answers and not late and not expired) else {}
    layout = attempt.layout or []
    versions = {
        row[0]: row[1:]
        for row in QuestionVersion.objects.filter(
            pk__in={item["v"] for item in layout}
        ).values_list(
            "pk",
            "question__type",
            "data",
            "points",
            "question__bank__level",
            "question__bank__competency_id",
            "question__bank__competency__code",
        )
    }
    for position, response in given.items():
        if not 0 <= position < len(layout):
            _refuse(position)
        qtype, data = versions[layout[position]["v"]][:2]
        _problem(qtype, data, position, response)
    responses = dict(given)
    if len(responses) < len(layout):
        stored = AttemptAnswer.objects.filter(attempt_id=attempt.pk).values_list(
            "position", "response"
        )
        for position, response in stored:
            responses.setdefault(position, response)
    scores, competencies = _grade(attempt, layout, versions, responses)
    _answers_write(attempt.pk, now, given, scores)
    attempt.state = AttemptState.EXPIRED if (expired or late) else AttemptState.SUBMITTED
    attempt.finished_at = now
    fields = (
        "state",
        "finished_at",
        "score",
        "max_score",
        "percent",
        "passed",
        "competency_results",
    )
    won = Attempt.objects.filter(pk=attempt.pk, state=AttemptState.IN_PROGRESS).update(
        **{name: getattr(attempt, name) for name in fields}
    )
    if not won:
        raise _AlreadyFinished
    _record_evidence(attempt, now.date(), competencies)
    send_after_commit(attempt_finished, sender=Attempt, attempt=attempt)
    return attempt, True


def _grade(
    attempt: Attempt, layout: list[dict], versions: dict, responses: dict
) -> tuple[dict[int, Decimal], dict[str, int]]:
    """Sets the attempt's totals, percent, per-competency results and pass; returns the score
    of every position and competency code → id (for evidence). No query."""
    per_competency: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0), 0])
    competencies: dict[str, int] = {}
    scores: dict[int, Decimal] = {}
    total = earned = Decimal(0)
    for position, item in enumerate(layout):
        qtype, data, points, level, competency_id, code = versions[item["v"]]
        score = (grade(qtype, data, responses.get(position)) * points).quantize(
            CENTS, ROUND_HALF_UP
        )
        scores[position] = score
        total += points
        earned += score
        competencies[code] = competency_id
        bucket = per_competency[code]
        bucket[0] += score
        bucket[1] += points
        bucket[2] = max(bucket[2], level)
    quiz = attempt.quiz
    attempt.score = earned
    attempt.max_score = total
    attempt.percent = (earned * HUNDRED / total).quantize(CENTS, ROUND_HALF_UP) if total else 0
    attempt.competency_results = {
        code: {
            "percent": float((e * HUNDRED / t).quantize(CENTS, ROUND_HALF_UP)) if t else 0.0,
            "level": level,
        }
        for code, (e, t, level) in per_competency.items()
    }
    passed = attempt.percent >= quiz.pass_percent
    if passed and quiz.competency_pass_percent is not None:
        passed = all(
            result["percent"] >= quiz.competency_pass_percent
            for result in attempt.competency_results.values()
        )
    attempt.passed = passed
    return scores, competencies


def _record_evidence(attempt: Attempt, day: datetime.date, competencies: dict[str, int]) -> None:
    """Post-test passed → server-graded evidence at the banks' level for every competency that
    reached the pass mark; placement → the level of the band each competency reached. One bulk
    insert (the rows are valid by construction: levels come from validated banks and bands)."""
    quiz = attempt.quiz
    if quiz.kind not in (QuizKind.POST_TEST, QuizKind.PLACEMENT):
        return
    if attempt.employee_pk is None:
        return
    if quiz.kind == QuizKind.POST_TEST and not attempt.passed:
        return
    threshold = quiz.competency_pass_percent or quiz.pass_percent
    # The placement bands, highest first, loaded once (not one query per competency).
    bands = list(quiz.bands.order_by("-min_percent")) if quiz.kind == QuizKind.PLACEMENT else []
    rows = []
    for code, result in attempt.competency_results.items():
        if quiz.kind == QuizKind.POST_TEST:
            if result["percent"] < threshold:
                continue
            level = result["level"]
        else:
            band = next(
                (
                    band
                    for band in bands
                    if band.competency_id == competencies[code]
                    and band.min_percent <= result["percent"]
                ),
                None,
            )
            if band is None:
                continue
            level = band.level
        rows.append(
            CompetencyEvidence(
                employee_id=attempt.employee_pk,
                competency_id=competencies[code],
                level=level,
                source=EvidenceSource.QUIZ,
                observed_on=day,
                reference=f"attempt:{attempt.pk}",
            )
        )
    if rows:
        evidence_bulk_record(evidence=rows)


def attempts_expire(*, now: datetime.datetime | None = None) -> int:
    """Finishes every in-progress attempt past its deadline with its saved answers; returns
    how many this call finished (idempotent: a second run finishes none)."""
    now = now or timezone.now()
    overdue = Attempt.objects.filter(state=AttemptState.IN_PROGRESS, deadline__lte=now)
    return sum(
        _finish(attempt_id=attempt_id, user=User(pk=user_id), answers=None, now=now, expired=True)[
            1
        ]
        for attempt_id, user_id in overdue.values_list("pk", "user_id")
    )
