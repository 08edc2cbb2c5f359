"""Write-side operations of the quiz engine: start, autosave, submit/expire, and evidence.

Contracts (docs/quality.md R1, tested on PostgreSQL):
- ``attempt_start``: at most one in-progress attempt per user and quiz, also under concurrent
  starts (partial unique index + retry); returns the in-progress attempt if there is one.
- ``attempt_autosave``: one transaction with the attempt row locked; refused with 409 when the
  client's sequence is stale or the attempt is finished; a retry with the same idempotency key
  is applied once.
- ``attempt_submit``: one transaction, attempt row locked; exactly one transition out of
  ``in_progress``; later submits return the stored result (idempotent). Answers, grade and
  evidence are written together or not at all.
- ``attempts_expire``: finishes attempts past their deadline with their last saved answers;
  idempotent.
"""

import datetime
import random
import secrets
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.competencies.models import Competency, EvidenceSource
from lms.competencies.services import evidence_record
from lms.core.errors import ApplicationError
from lms.core.events import send_after_commit
from lms.people.selectors import employee_for_user
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


def _locked(attempt_id: int, user: User) -> Attempt:
    attempt = (
        Attempt.objects.select_for_update().select_related("quiz").filter(pk=attempt_id).first()
    )
    if attempt is None or attempt.user_id != user.pk:
        raise Attempt.DoesNotExist  # 404: another learner's attempt does not exist for you
    return attempt


def _apply_answers(attempt: Attempt, answers: dict[int, object]) -> None:
    """Validates and stores responses by position (400 on a malformed one)."""
    if not answers:
        return
    rows = {
        row.position: row
        for row in AttemptAnswer.objects.filter(
            attempt=attempt, position__in=list(answers)
        ).select_related("version__question")
    }
    changed = []
    for position, response in answers.items():
        row = rows.get(position)
        problem = (
            ""
            if row is None
            else response_problem(row.version.question.type, row.version.data, response)
        )
        if problem is not None:
            message = _("Jawaban soal nomor %(n)s tidak valid.") % {"n": position + 1}
            raise ApplicationError(f"{message} {problem}".strip(), code="bad_answer")
        if row.response != response:
            row.response = response
            changed.append(row)
    if changed:
        AttemptAnswer.objects.bulk_update(changed, ["response", "updated_at"])


@transaction.atomic
def attempt_autosave(
    *,
    attempt_id: int,
    user: User,
    sequence: int,
    answers: dict[int, object],
    key=None,
    now: datetime.datetime | None = None,
) -> Attempt:
    """Stores answers if ``sequence`` equals the stored one; returns the attempt with the new
    sequence. Raises ApplicationError ``stale``/``finished``/``expired`` (409) or
    ``bad_answer`` (400); ``Attempt.DoesNotExist`` for someone else's attempt.
    """
    now = now or timezone.now()
    attempt = _locked(attempt_id, user)
    if key is not None and AutosaveReceipt.objects.filter(attempt=attempt, key=key).exists():
        return attempt  # a retry of a save that was already applied
    if attempt.state != AttemptState.IN_PROGRESS:
        raise ApplicationError(_("Kuis ini sudah selesai; jawaban tidak diubah."), code="finished")
    if attempt.deadline and now >= attempt.deadline:
        raise ApplicationError(_("Waktu mengerjakan sudah habis."), code="expired")
    if sequence != attempt.sequence:
        raise ApplicationError(
            _(
                "Jawaban di perangkat ini sudah usang (kuis dibuka di tab atau perangkat lain). "
                "Muat ulang halaman."
            ),
            code="stale",
        )
    _apply_answers(attempt, answers)
    attempt.sequence += 1
    attempt.save(update_fields=["sequence"])
    if key is not None:
        AutosaveReceipt.objects.create(attempt=attempt, key=key, sequence=attempt.sequence)
    return attempt


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


@transaction.atomic
def _finish(*, attempt_id: int, user: User, answers, now, expired: bool) -> tuple[Attempt, bool]:
    """The one transition out of ``in_progress``; returns the attempt and whether this call
    made the transition (False when it was already finished)."""
    now = now or timezone.now()
    attempt = _locked(attempt_id, user)
    if attempt.state != AttemptState.IN_PROGRESS:
        return attempt, False
    late = attempt.deadline is not None and now >= attempt.deadline
    if answers and not late and not expired:
        _apply_answers(attempt, answers)
    _grade(attempt)
    attempt.state = AttemptState.EXPIRED if (expired or late) else AttemptState.SUBMITTED
    attempt.finished_at = now
    attempt.save(
        update_fields=[
            "state", "finished_at", "score", "max_score", "percent", "passed", "competency_results",
        ]
    )  # fmt: skip
    _record_evidence(attempt, now.date())
    send_after_commit(attempt_finished, sender=Attempt, attempt=attempt)
    return attempt, True


def _grade(attempt: Attempt) -> None:
    rows = list(
        AttemptAnswer.objects.filter(attempt=attempt).select_related(
            "version__question__bank__competency"
        )
    )
    per_competency: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0), 0])
    total = earned = Decimal(0)
    for row in rows:
        version = row.version
        points = version.points
        row.score = (grade(version.question.type, version.data, row.response) * points).quantize(
            CENTS, ROUND_HALF_UP
        )
        total += points
        earned += row.score
        bank = version.question.bank
        bucket = per_competency[bank.competency.code]
        bucket[0] += row.score
        bucket[1] += points
        bucket[2] = max(bucket[2], bank.level)
    AttemptAnswer.objects.bulk_update(rows, ["score"])
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


def _record_evidence(attempt: Attempt, day: datetime.date) -> None:
    """Post-test passed → server-graded evidence at the banks' level for every competency that
    reached the pass mark; placement → the level of the band each competency reached."""
    quiz = attempt.quiz
    if quiz.kind not in (QuizKind.POST_TEST, QuizKind.PLACEMENT):
        return
    employee = employee_for_user(attempt.user)
    if employee is None:
        return
    competencies = Competency.objects.in_bulk(list(attempt.competency_results), field_name="code")
    threshold = quiz.competency_pass_percent or quiz.pass_percent
    # The placement bands, highest first, loaded once (not one query per competency).
    bands = list(quiz.bands.order_by("-min_percent")) if quiz.kind == QuizKind.PLACEMENT else []
    for code, result in attempt.competency_results.items():
        if quiz.kind == QuizKind.POST_TEST:
            if not attempt.passed or result["percent"] < threshold:
                continue
            level = result["level"]
        else:
            band = next(
                (
                    band
                    for band in bands
                    if band.competency_id == competencies[code].pk
                    and band.min_percent <= result["percent"]
                ),
                None,
            )
            if band is None:
                continue
            level = band.level
        evidence_record(
            employee=employee,
            competency=competencies[code],
            level=level,
            source=EvidenceSource.QUIZ,
            observed_on=day,
            reference=f"attempt:{attempt.pk}",
        )


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
