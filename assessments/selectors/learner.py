"""Read-side of the quiz engine for learners: what an attempt shows, results and review.

Key safety (docs/quality.md R5): ``attempt_for_learner`` is the ONLY shape of a question that
reaches a learner before review is allowed. It copies an allow-list of fields (ids, texts,
points, the learner's own response) and never the ``data`` dict itself, so a key, a ``correct``
flag, feedback, accepted answers, a tolerance or an explanation cannot leak by accident.
``attempt_review`` adds them and must only be called when ``review_allowed`` says so.

Texts in the payloads are sanitised HTML (cleaned again here, in case a question reached the
database without going through ``question_save``), safe to render with ``|safe``.
"""

import datetime
import html
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Max, QuerySet, Sum
from django.utils import timezone
from django.utils.html import strip_tags

from lms.competencies.models import Competency
from lms.core.events import answers
from lms.users.models import User

from ..grading import grade
from ..models import (
    Attempt,
    AttemptAnswer,
    AttemptState,
    QuestionType,
    Quiz,
    QuizKind,
    ReviewPolicy,
)
from ..questions import clean_html
from ..signals import quiz_access_requested

CHOICE_TYPES = (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.TRUE_FALSE)


def quiz_access_allowed(user: User, quiz: Quiz, page_id: int | None = None) -> bool:
    """THE access rule of a quiz (docs/security.md), used by the API, the HTML views and
    ``attempt_start``: may ``user`` see and start ``quiz`` from ``page_id``?

    - the user must be logged in and active;
    - from a page (``page_id``): every receiver of ``signals.quiz_access_requested`` must agree
      (at least one must answer: with none, no page can vouch for a quiz);
    - without a page: only a quiz marked ``open_access`` (never a post-test, a database
      constraint), e.g. a placement test.

    Staff are not exempt: a trainer previewing a quiz enrols in the course like anyone, so
    every attempt that can count (evidence, completion) was taken where it counts. Callers
    answer 404 when not, so a quiz outside the learner's courses looks like none.
    """
    if not (user.is_authenticated and user.is_active):
        return False
    if page_id is None:
        return quiz.open_access
    replies = answers(quiz_access_requested, sender=Quiz, user=user, quiz=quiz, page_id=page_id)
    return bool(replies) and all(replies)


def attempt_of(attempt_id: int, user: User) -> Attempt:
    """The user's own attempt with its quiz; ``Attempt.DoesNotExist`` for anyone else's, so a
    foreign attempt id is indistinguishable from a missing one (404, never 403)."""
    return Attempt.objects.select_related("quiz").get(pk=attempt_id, user=user)


def _answer_rows(attempt: Attempt) -> list[AttemptAnswer]:
    """The attempt's answers in position (= layout) order, with version and question: 1 query."""
    return list(
        AttemptAnswer.objects.filter(attempt=attempt)
        .select_related("version__question")
        .order_by("position")
    )


def plain_text(value: str) -> str:
    """Stored (sanitised) HTML as plain text, for places that cannot hold markup (options)."""
    return html.unescape(strip_tags(value)).strip()


def _matching_options(pairs: list[dict], seed: int, position: int) -> list[str]:
    """The distinct answer texts of a matching question, shuffled per attempt and question.

    Always shuffled (also when the quiz does not shuffle choices): listed in the prompts' order
    they would give the key away.
    """
    options = list(dict.fromkeys(pair["answer"] for pair in pairs))
    rng = random.Random(f"{seed}:{position}")  # noqa: S311 - reproducible order, not a secret
    rng.shuffle(options)
    return options


def _in_order(order: list[str], by_id: dict) -> list[str]:
    """The ids of ``by_id`` in the attempt's shuffled ``order`` (as stored, for a layout that
    has no order)."""
    return [item_id for item_id in order if item_id in by_id] or list(by_id)


def _shown(row: AttemptAnswer) -> dict:
    """What every payload says of a question: its place, type, text and points, and the
    learner's response."""
    version = row.version
    return {
        "position": row.position,
        "number": row.position + 1,
        "type": version.question.type,
        "text": clean_html(version.text),
        "points": version.points,
        "response": row.response,
    }


def _question_for_learner(attempt: Attempt, row: AttemptAnswer, order: list[str]) -> dict:
    qtype = row.version.question.type
    data = row.version.data or {}
    item: dict = {**_shown(row), "choices": None, "prompts": None, "options": None}
    if qtype in CHOICE_TYPES:
        texts = {choice["id"]: choice.get("text", "") for choice in data.get("choices", [])}
        ids = _in_order(order, texts)
        item["choices"] = [{"id": cid, "text": clean_html(str(texts[cid]))} for cid in ids]
    elif qtype == QuestionType.MATCHING:
        pairs = {pair["id"]: pair for pair in data.get("pairs", [])}
        ids = _in_order(order, pairs)
        item["prompts"] = [
            {"id": pid, "text": clean_html(str(pairs[pid].get("prompt", "")))} for pid in ids
        ]
        item["options"] = [
            {"value": option, "text": plain_text(option)}
            for option in _matching_options(list(pairs.values()), attempt.seed, row.position)
        ]
    return item


def attempt_for_learner(attempt: Attempt) -> dict:
    """What the learner may see of an attempt: questions in the attempt's order with choices
    (id and text only) or matching prompts and shuffled options, and the saved responses.

    Never contains keys, ``correct`` flags, feedback, accepted answers, tolerances or
    explanations. One query (the answers with their versions).
    """
    rows = _answer_rows(attempt)
    layout = attempt.layout or []
    questions = [
        _question_for_learner(
            attempt,
            row,
            layout[row.position].get("order", []) if row.position < len(layout) else [],
        )
        for row in rows
    ]
    return {
        "id": attempt.pk,
        "quiz_id": attempt.quiz_id,
        "number": attempt.number,
        "state": attempt.state,
        "deadline": attempt.deadline,
        "sequence": attempt.sequence,
        "page_id": attempt.page_id,
        "questions": questions,
    }


def attempt_form_fields(attempt: Attempt) -> list[dict] | None:
    """What reading the posted attempt form needs of each question (``position``, ``type``,
    matching ``prompts`` ids; :func:`assessments.forms.answers_from_post`), from the layout
    alone: no query, so a submit from the page costs what a submit from the API does
    (docs/quality.md P5). None for a layout written before it kept the type (``t``): then
    the caller reads :func:`attempt_for_learner`."""
    layout = attempt.layout or []
    if not layout or not all("t" in item and "order" in item for item in layout):
        return None
    return [
        {"position": position, "type": item["t"], "prompts": [{"id": i} for i in item["order"]]}
        for position, item in enumerate(layout)
    ]


def attempt_overdue(attempt: Attempt, now: datetime.datetime) -> bool:
    """In progress but past its deadline (the beat task or the next request will finish it)."""
    return (
        attempt.state == AttemptState.IN_PROGRESS
        and attempt.deadline is not None
        and now >= attempt.deadline
    )


COUNTING_KINDS = (QuizKind.POST_TEST, QuizKind.PLACEMENT)


def review_allowed(
    attempt: Attempt, now: datetime.datetime, *, attempts_used: int | None = None
) -> bool:
    """Whether keys, feedback and explanations of ``attempt`` may be shown to its learner
    (docs/user-guide.md, "Pembahasan"):

    - ``immediately``: once the attempt is finished, except on a quiz that counts (post-test,
      placement test: its result is competency evidence): there only once the learner can
      start no further attempt, i.e. every attempt of ``max_attempts`` is used or the quiz has
      closed. Otherwise the key of the first attempt would answer the next (issue 8, hole 8);
      a counting quiz with unlimited attempts shows it only after it closes.
    - ``after_close``: finished and the quiz's ``closes_at`` has passed (a quiz that never
      closes never shows them);
    - ``never``: never (the score and per-competency results are always shown).

    A pre-test never shows its key, whatever its policy: it is a diagnostic taken before the
    lessons, usually from the banks of the post-test (issue 13).

    At most one query (the learner's attempts, for ``immediately`` on a counting quiz); none
    when the caller passes ``attempts_used`` (the highest attempt number of this learner on this
    quiz, read in bulk for many attempts).
    """
    if attempt.state == AttemptState.IN_PROGRESS:
        return False
    quiz = attempt.quiz
    if quiz.kind == QuizKind.PRE_TEST:
        return False
    closed = quiz.closed(now)
    if quiz.review_policy == ReviewPolicy.IMMEDIATELY:
        if quiz.kind not in COUNTING_KINDS or closed:
            return True
        limit = quiz.attempt_limit
        if not limit:
            return False
        used = attempts_used
        if used is None:
            used = (
                Attempt.objects.filter(user_id=attempt.user_id, quiz_id=quiz.pk).aggregate(
                    n=Max("number")
                )["n"]
                or 0
            )
        return used >= limit
    if quiz.review_policy == ReviewPolicy.AFTER_CLOSE:
        return closed
    return False


def _choice_review(data: dict, order: list[str], response) -> list[dict]:
    chosen = set(response if isinstance(response, list) else [response])
    by_id = {choice["id"]: choice for choice in data.get("choices", [])}
    ids = _in_order(order, by_id)
    return [
        {
            "id": cid,
            "text": clean_html(str(by_id[cid].get("text", ""))),
            "correct": bool(by_id[cid].get("correct")),
            "chosen": cid in chosen,
            "feedback": clean_html(str(by_id[cid].get("feedback", ""))),
        }
        for cid in ids
    ]


def attempt_review(attempt: Attempt) -> list[dict]:
    """Per question: the learner's response, score, correctness, the key, feedback and the
    explanation. Call only when ``review_allowed(attempt, now)``. One query."""
    layout = attempt.layout or []
    review = []
    for row in _answer_rows(attempt):
        version = row.version
        qtype = version.question.type
        data = version.data or {}
        order = layout[row.position].get("order", []) if row.position < len(layout) else []
        fraction = grade(qtype, data, row.response)
        item: dict = {
            **_shown(row),
            "score": row.score if row.score is not None else Decimal(0),
            "outcome": "correct" if fraction == 1 else ("partial" if fraction > 0 else "wrong"),
            "explanation": clean_html(version.explanation),
            "choices": None,
            "accepted": None,
            "numeric": None,
            "pairs": None,
        }
        if qtype in CHOICE_TYPES:
            item["choices"] = _choice_review(data, order, row.response)
        elif qtype == QuestionType.SHORT:
            item["accepted"] = list(data.get("accepted", []))
        elif qtype == QuestionType.NUMERIC:
            item["numeric"] = {"answer": data.get("answer"), "tolerance": data.get("tolerance")}
        elif qtype == QuestionType.MATCHING:
            given = row.response if isinstance(row.response, dict) else {}
            pairs = {pair["id"]: pair for pair in data.get("pairs", [])}
            ids = _in_order(order, pairs)
            item["pairs"] = [
                {
                    "prompt": clean_html(str(pairs[pid].get("prompt", ""))),
                    "answer": clean_html(str(pairs[pid].get("answer", ""))),
                    "given": clean_html(str(given.get(pid, ""))),
                    "correct": grade(qtype, {"pairs": [pairs[pid]]}, {pid: given.get(pid, "")})
                    == 1,
                }
                for pid in ids
            ]
        review.append(item)
    return review


@dataclass
class CompetencyResult:
    code: str
    name: str
    level: int
    percent: float


def competency_results(attempt: Attempt) -> list[CompetencyResult]:
    """The attempt's per-competency results with the competencies' names (one query)."""
    results = attempt.competency_results or {}
    names = dict(Competency.objects.filter(code__in=list(results)).values_list("code", "name"))
    return [
        CompetencyResult(
            code=code, name=names.get(code, ""), level=r.get("level", 0), percent=r["percent"]
        )
        for code, r in sorted(results.items())
    ]


def attempts_of(user: User, quiz: Quiz) -> QuerySet[Attempt]:
    """The user's attempts at the quiz, newest first."""
    return Attempt.objects.filter(user=user, quiz=quiz).select_related("quiz").order_by("-number")


@dataclass
class QuizLanding:
    """What the quiz's landing page shows one learner."""

    quiz: Quiz
    attempts: list[Attempt] = field(default_factory=list)
    finished: list[Attempt] = field(default_factory=list)
    in_progress: Attempt | None = None
    used: int = 0
    left: int | None = None  # None = unlimited
    best: Attempt | None = None
    not_open: bool = False
    closed: bool = False
    question_count: int = 0

    @property
    def can_start(self) -> bool:
        """A new attempt may be started (a resumable one is offered separately)."""
        return not (self.not_open or self.closed) and (self.left is None or self.left > 0)


def quiz_landing(quiz: Quiz, user: User, now: datetime.datetime | None = None) -> QuizLanding:
    """Attempts used and left, the best finished result, the resumable attempt and the number
    of questions (two queries).

    An in-progress attempt past its deadline counts as used but is not offered for resuming:
    it is finished with its saved answers by the expiry task or the next start.
    """
    now = now or timezone.now()
    attempts = list(attempts_of(user, quiz))
    landing = QuizLanding(quiz=quiz, attempts=attempts)
    landing.finished = [a for a in attempts if a.state != AttemptState.IN_PROGRESS]
    current = [a for a in attempts if a.state == AttemptState.IN_PROGRESS]
    if current and not attempt_overdue(current[0], now):
        landing.in_progress = current[0]
    landing.used = max((a.number for a in attempts), default=0)
    if quiz.attempt_limit:
        landing.left = max(0, quiz.attempt_limit - landing.used)
    graded = [a for a in landing.finished if a.percent is not None]
    if graded:
        landing.best = max(graded, key=lambda a: (a.percent, -a.number))
    landing.not_open = quiz.not_open_yet(now)
    landing.closed = quiz.closed(now)
    landing.question_count = quiz.draws.aggregate(n=Sum("count"))["n"] or 0
    return landing


def page_url(page_id: int | None) -> str | None:
    """URL of the (Wagtail) page an attempt was taken on, if it still exists and is live."""
    if not page_id:
        return None
    from wagtail.models import Page

    page = Page.objects.live().filter(pk=page_id).first()
    return page.url if page else None
