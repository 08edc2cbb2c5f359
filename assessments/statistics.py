"""Item statistics of a quiz and the pre/post normalised gain (selectors: reads only).

Everything is aggregated in SQL (``GROUP BY`` over answers and attempts); Python only turns the
per-item sums into indices, so the number of queries does not grow with the number of attempts.

Which responses count: every *finished* attempt (submitted or expired) of the quiz is one
response set; an in-progress attempt is left out. A question is analysed per *version*, because
an edited question is a different item (an attempt keeps the version it showed).

Indices (classical test theory):

* **n** (``shown``): answers of finished attempts that showed this version; **answered**: those
  with a non-empty response. An unanswered item scores 0, as it does in the grade.
* **Facility index** p = Σ xᵢ / n, where xᵢ = score earned ÷ points of the version ∈ [0, 1]
  (partial credit of multiple choice and matching counts as a fraction). 0 = nobody, 1 = everybody.
* **Discrimination**: the corrected point-biserial, i.e. the Pearson correlation between the
  item score xᵢ and the *rest score* yᵢ of the same attempt (its percentage without this item):

      yᵢ = 100 · (attempt score − item score) ÷ (attempt maximum − item points)
      r  = (n·Σxy − Σx·Σy) ÷ √[(n·Σx² − (Σx)²) · (n·Σy² − (Σy)²)]

  For a right/wrong item this is the point-biserial coefficient; leaving the item out of the
  total avoids the inflation of the uncorrected coefficient on short quizzes. r is ``None`` when
  either variance is 0 (everyone scored alike) or fewer than 2 attempts answered the item.
  Rough reading: r ≥ 0.3 good, 0.2–0.3 acceptable, < 0.2 review, < 0 key or wording suspect.
* **Distractor counts** (single, multiple choice, true/false): how many finished attempts chose
  each choice (a multiple-choice response counts once for every choice ticked), plus the number
  of attempts that left the item unanswered.

With fewer than ``MIN_RELIABLE_ATTEMPTS`` finished attempts the figures are unstable; the admin
page says so.
"""

import math
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import (
    Avg,
    Case,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, NullIf

from lms.users.models import User

from .importers.sanitize import clean_html
from .models import (
    Attempt,
    AttemptAnswer,
    AttemptState,
    QuestionType,
    QuestionVersion,
)

FINISHED_STATES = (AttemptState.SUBMITTED, AttemptState.EXPIRED)
CHOICE_TYPES = (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.TRUE_FALSE)
MIN_RELIABLE_ATTEMPTS = 20
_EPSILON = 1e-12


@dataclass(frozen=True)
class ChoiceCount:
    id: str
    text: str
    correct: bool
    count: int


@dataclass(frozen=True)
class ItemStatistics:
    version_id: int
    question_id: int
    version_number: int
    question_type: str
    text: str
    competency_code: str
    level: int
    points: float
    shown: int
    answered: int
    facility: float | None
    discrimination: float | None
    choices: list[ChoiceCount] = field(default_factory=list)
    unanswered_choice: int = 0

    @property
    def question_type_label(self) -> str:
        return QuestionType(self.question_type).label

    @property
    def flag(self) -> str:
        """``easy`` (p > 0.9), ``hard`` (p < 0.2), ``weak`` (r < 0.2) or ``""`` (no remark)."""
        if self.discrimination is not None and self.discrimination < 0.2:
            return "weak"
        if self.facility is not None and self.facility > 0.9:
            return "easy"
        if self.facility is not None and self.facility < 0.2:
            return "hard"
        return ""


@dataclass(frozen=True)
class QuizStatistics:
    quiz_id: int
    attempts: int
    mean_percent: float | None
    passed: int
    items: list[ItemStatistics]

    @property
    def reliable(self) -> bool:
        return self.attempts >= MIN_RELIABLE_ATTEMPTS

    @property
    def pass_rate(self) -> float | None:
        return self.passed / self.attempts if self.attempts else None


def finished_answers(quiz_id: int) -> QuerySet[AttemptAnswer]:
    """Answers of the quiz's finished attempts (the population of every item statistic)."""
    return AttemptAnswer.objects.filter(
        attempt__quiz_id=quiz_id, attempt__state__in=FINISHED_STATES
    ).order_by()


def _float(expression) -> Cast:
    return Cast(expression, output_field=FloatField())


def _answered() -> Q:
    return Q(response__isnull=False) & ~Q(response="") & ~Q(response=[]) & ~Q(response={})


def _pearson(n: int, sx: float, sy: float, sxx: float, syy: float, sxy: float) -> float | None:
    if n < 2:
        return None
    var_x = n * sxx - sx * sx
    var_y = n * syy - sy * sy
    if var_x <= _EPSILON or var_y <= _EPSILON:
        return None
    return (n * sxy - sx * sy) / math.sqrt(var_x * var_y)


def _item_sums(quiz_id: int) -> dict[int, dict]:
    """One ``GROUP BY version`` query with the sums behind facility and discrimination."""
    x = Coalesce(_float("score"), Value(0.0)) / _float("version__points")
    rest = (
        (_float("attempt__score") - Coalesce(_float("score"), Value(0.0)))
        * Value(100.0)
        / NullIf(_float("attempt__max_score") - _float("version__points"), Value(0.0))
    )
    x = ExpressionWrapper(x, output_field=FloatField())
    y = ExpressionWrapper(rest, output_field=FloatField())
    paired = Q(attempt__max_score__gt=F("version__points"), attempt__score__isnull=False)
    rows = (
        finished_answers(quiz_id)
        .values("version_id")
        .annotate(
            shown=Count("pk"),
            answered=Count("pk", filter=_answered()),
            sum_x=Sum(x),
            pairs=Count("pk", filter=paired),
            px=Sum(x, filter=paired),
            py=Sum(y, filter=paired),
            pxx=Sum(ExpressionWrapper(x * x, output_field=FloatField()), filter=paired),
            pyy=Sum(ExpressionWrapper(y * y, output_field=FloatField()), filter=paired),
            pxy=Sum(ExpressionWrapper(x * y, output_field=FloatField()), filter=paired),
        )
    )
    return {row["version_id"]: row for row in rows}


def _choice_counts(quiz_id: int) -> dict[int, tuple[dict[str, int], int]]:
    """``GROUP BY version, response`` over choice questions → per version the count of each
    choice id and of unanswered responses. The rows are distinct responses, not attempts."""
    rows = (
        finished_answers(quiz_id)
        .filter(version__question__type__in=CHOICE_TYPES)
        .values("version_id", "response")
        .annotate(n=Count("pk"))
    )
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    unanswered: dict[int, int] = defaultdict(int)
    for row in rows:
        response, n, version_id = row["response"], row["n"], row["version_id"]
        if isinstance(response, str) and response:
            counts[version_id][response] += n
        elif isinstance(response, list) and response:
            for choice_id in {item for item in response if isinstance(item, str)}:
                counts[version_id][choice_id] += n
        else:
            unanswered[version_id] += n
    return {
        version_id: (dict(counts.get(version_id, {})), unanswered.get(version_id, 0))
        for version_id in {*counts, *unanswered}
    }


def quiz_item_statistics(quiz_id: int) -> QuizStatistics:
    """Facility, discrimination and distractor counts of every question version shown in the
    quiz's finished attempts (see the module docstring for the formulas). Four queries,
    whatever the number of attempts."""
    summary = Attempt.objects.filter(quiz_id=quiz_id, state__in=FINISHED_STATES).aggregate(
        attempts=Count("pk"),
        mean_percent=Avg(_float("percent")),
        passed=Count("pk", filter=Q(passed=True)),
    )
    sums = _item_sums(quiz_id)
    choices = _choice_counts(quiz_id)
    versions = (
        QuestionVersion.objects.filter(pk__in=list(sums))
        .select_related("question__bank__competency")
        .order_by("question__bank__competency__code", "question__bank__level", "question_id")
    )
    items = []
    for version in versions:
        row = sums[version.pk]
        chosen, unanswered = choices.get(version.pk, ({}, 0))
        question = version.question
        items.append(
            ItemStatistics(
                version_id=version.pk,
                question_id=question.pk,
                version_number=version.number,
                question_type=question.type,
                text=clean_html(version.text),  # shown with its images and tables
                competency_code=question.bank.competency.code,
                level=question.bank.level,
                points=float(version.points),
                shown=row["shown"],
                answered=row["answered"],
                facility=(row["sum_x"] or 0.0) / row["shown"] if row["shown"] else None,
                discrimination=_pearson(
                    row["pairs"],
                    row["px"] or 0.0,
                    row["py"] or 0.0,
                    row["pxx"] or 0.0,
                    row["pyy"] or 0.0,
                    row["pxy"] or 0.0,
                ),
                choices=[
                    ChoiceCount(
                        id=choice["id"],
                        text=choice.get("text", ""),
                        correct=bool(choice.get("correct")),
                        count=chosen.get(choice["id"], 0),
                    )
                    for choice in version.data.get("choices", [])
                ]
                if question.type in CHOICE_TYPES
                else [],
                unanswered_choice=unanswered,
            )
        )
    return QuizStatistics(
        quiz_id=quiz_id,
        attempts=summary["attempts"],
        mean_percent=summary["mean_percent"],
        passed=summary["passed"],
        items=items,
    )


def normalised_gain(pre_quiz_id: int, post_quiz_id: int) -> dict:
    """Hake's normalised gain between a pre-test and a post-test, over the learners who
    finished both.

    Per learner: pre = percentage of their *first* finished attempt of the pre-test, post =
    percentage of their *latest* finished attempt of the post-test, and
    g = (post − pre) ÷ (100 − pre). Learners with pre = 100 have no room to gain: they count in
    the means of pre and post but not in ⟨g⟩.

    Returns ``{"n", "n_gain", "pre_mean", "post_mean", "gain"}``: learners who finished both,
    learners in ⟨g⟩, mean pre %, mean post %, and ⟨g⟩ = the mean of the learners' g (a value
    is ``None`` when there is nobody to average). One query.
    """
    finished = Attempt.objects.filter(state__in=FINISHED_STATES, user_id=OuterRef("pk"))
    first_pre = finished.filter(quiz_id=pre_quiz_id).order_by("number").values("percent")[:1]
    last_post = finished.filter(quiz_id=post_quiz_id).order_by("-number").values("percent")[:1]
    learners = (
        User.objects.annotate(pre=_float(Subquery(first_pre)), post=_float(Subquery(last_post)))
        .filter(pre__isnull=False, post__isnull=False)
        .annotate(
            g=Case(
                When(
                    pre__lt=100,
                    then=ExpressionWrapper(
                        (F("post") - F("pre")) / (Value(100.0) - F("pre")),
                        output_field=FloatField(),
                    ),
                ),
                default=None,
                output_field=FloatField(),
            )
        )
    )
    result = learners.aggregate(
        n=Count("pk"),
        n_gain=Count("g"),
        pre_mean=Avg("pre"),
        post_mean=Avg("post"),
        gain=Avg("g"),
    )
    return result
