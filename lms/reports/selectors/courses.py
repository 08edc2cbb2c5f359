# ruff: noqa: S608 - the SQL is built from quoted table names, compiled querysets and %s placeholders; no value is ever interpolated
"""Course completion and pre/post learning gain per OPD and course, for a year.

* **Completion**: the enrolments that were current during the year (enrolled on or before 31
  December, not withdrawn, not completed before 1 January) of the people of the year
  (:func:`.base.population`), per unit and course; *completed* = completed within the year.
* **Gain**: for a course whose lessons hold a pre-test and a post-test (the first quiz of each
  kind in lesson order, as ``courses.selectors.course_learning_gains`` finds them), per learner
  pre = % of the *first* finished pre-test attempt, post = % of the *latest* finished post-test
  attempt up to 31 December, counted in the year when that post-test attempt finished in it;
  Hake's g = (post − pre) ÷ (100 − pre), learners with pre = 100 left out of ⟨g⟩ (the rule of
  ``assessments.statistics.normalised_gain``). ⟨g⟩ is the mean of the learners' g.
"""

import datetime
from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone

from assessments.models import Attempt, QuizKind
from assessments.statistics import FINISHED_STATES
from courses.models import CoursePage, Enrollment, EnrollmentStatus, LessonPage
from courses.selectors import lesson_quizzes, quiz_kinds

from .base import OPDRef, ReportFilters, compiled, grouping, population, share


def _bounds(year: int) -> tuple[datetime.datetime, datetime.datetime]:
    """[1 January, next 1 January) of ``year`` in the site's time zone."""
    zone = timezone.get_current_timezone()
    return (
        datetime.datetime(year, 1, 1, tzinfo=zone),
        datetime.datetime(year + 1, 1, 1, tzinfo=zone),
    )


@dataclass
class CourseFigures:
    """One OPD × course: sums, so rows add up the tree."""

    course_id: int
    code: str
    title: str
    enrolled: int = 0
    completed: int = 0
    gain_learners: int = 0  # finished both tests (counted in the year)
    gain_n: int = 0  # of whom pre < 100 (in ⟨g⟩)
    sum_pre: float = 0.0
    sum_post: float = 0.0
    sum_g: float = 0.0

    def add(self, other: "CourseFigures") -> None:
        for name in ("enrolled", "completed", "gain_learners", "gain_n", "sum_pre", "sum_post",
                     "sum_g"):  # fmt: skip
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def completion_rate(self) -> float | None:
        return share(self.completed, self.enrolled)

    @property
    def pre_mean(self) -> float | None:
        return share(self.sum_pre, self.gain_learners)

    @property
    def post_mean(self) -> float | None:
        return share(self.sum_post, self.gain_learners)

    @property
    def gain(self) -> float | None:
        """Hake's ⟨g⟩ (mean of the learners' g), ``None`` without learners."""
        return share(self.sum_g, self.gain_n)


@dataclass
class CourseSummaryRow:
    opd: OPDRef
    courses: dict[int, CourseFigures]  # course id -> figures


@dataclass
class CourseSummary:
    year: int
    courses: list[tuple[int, str, str]]  # (id, code, title) of the columns, by code
    rows: list[CourseSummaryRow]

    def per_course(self) -> dict[int, CourseFigures]:
        """All rows together, per course (the completion and gain per course)."""
        total: dict[int, CourseFigures] = {}
        for row in self.rows:
            for pk, figures in row.courses.items():
                total.setdefault(pk, CourseFigures(pk, figures.code, figures.title)).add(figures)
        return total


def pre_post_pairs() -> list[tuple[int, int, int]]:
    """(course id, pre-test quiz id, post-test quiz id) of the live courses whose lessons hold
    both. Two queries (live lessons, quiz kinds), none per course."""
    lessons = list(LessonPage.objects.live().order_by("path").only("pk", "path", "body"))
    refs = lesson_quizzes(lessons)
    kinds = quiz_kinds(refs)
    courses = CoursePage.objects.live().order_by("path").values_list("pk", "path")
    pairs = []
    for course_id, path in courses:
        found: dict[str, int] = {}
        for lesson in lessons:
            if lesson.path.startswith(path):
                for quiz_id, _required in refs.get(lesson.pk, []):
                    found.setdefault(kinds.get(quiz_id, ""), quiz_id)
        if QuizKind.PRE_TEST in found and QuizKind.POST_TEST in found:
            pairs.append((course_id, found[QuizKind.PRE_TEST], found[QuizKind.POST_TEST]))
    return pairs


def _completion(filters: ReportFilters, units) -> list[tuple[int, int, int, int]]:
    """(unit, course id, enrolled, completed): one aggregate statement."""
    start, end = _bounds(filters.year)
    pop_sql, pop_params = population(filters, units)
    enrolled_sql, enrolled_params = compiled(
        Enrollment.objects.order_by()
        .filter(enrolled_at__lt=end)
        .exclude(status=EnrollmentStatus.WITHDRAWN)
        .exclude(completed_at__lt=start)
        .annotate(
            done=Case(
                When(Q(completed_at__gte=start, completed_at__lt=end), then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .values("user_id", "course_id", "done")
    )
    sql = f"""
        WITH pop AS MATERIALIZED ({pop_sql}), en AS ({enrolled_sql})
        SELECT pop.e_unit, en.course_id, COUNT(*), SUM(en.done)
        FROM pop JOIN en ON en.user_id = pop.e_user
        GROUP BY pop.e_unit, en.course_id
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [*pop_params, *enrolled_params])
        return [(u, c, int(n), int(d or 0)) for u, c, n, d in cursor.fetchall()]


def _gains(filters: ReportFilters, units, pairs) -> list[tuple]:
    """(unit, course id, learners, in ⟨g⟩, Σ pre, Σ post, Σ g): one statement."""
    if not pairs:
        return []
    start, end = _bounds(filters.year)
    quiz_ids = {quiz for _c, pre, post in pairs for quiz in (pre, post)}
    pop_sql, pop_params = population(filters, units)
    attempts_sql, attempts_params = compiled(
        Attempt.objects.order_by()
        .filter(state__in=FINISHED_STATES, quiz_id__in=quiz_ids, finished_at__lt=end)
        .annotate(
            in_year=Case(
                When(finished_at__gte=start, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .values("user_id", "quiz_id", "number", "percent", "in_year")
    )
    values = ", ".join(["(%s, %s, %s)"] * len(pairs))
    sql = f"""
        WITH pop AS MATERIALIZED ({pop_sql}),
        att AS ({attempts_sql}),
        ranked AS (
            SELECT user_id, quiz_id, CAST(percent AS FLOAT) AS pct, in_year,
                   ROW_NUMBER() OVER (PARTITION BY user_id, quiz_id ORDER BY number) AS first_n,
                   ROW_NUMBER() OVER (PARTITION BY user_id, quiz_id ORDER BY number DESC)
                       AS last_n
            FROM att WHERE percent IS NOT NULL
        ),
        pairs (course_id, pre_quiz, post_quiz) AS (VALUES {values}),
        learner AS (
            SELECT pairs.course_id, pop.e_unit, pre.pct AS pre, post.pct AS post
            FROM pairs
            JOIN ranked pre ON pre.quiz_id = pairs.pre_quiz AND pre.first_n = 1
            JOIN ranked post ON post.quiz_id = pairs.post_quiz AND post.last_n = 1
                 AND post.user_id = pre.user_id AND post.in_year = 1
            JOIN pop ON pop.e_user = pre.user_id
        )
        SELECT e_unit, course_id, COUNT(*), SUM(CASE WHEN pre < 100 THEN 1 ELSE 0 END),
               SUM(pre), SUM(post),
               SUM(CASE WHEN pre < 100 THEN (post - pre) / (100.0 - pre) ELSE 0 END)
        FROM learner GROUP BY e_unit, course_id
    """
    params = [*pop_params, *attempts_params, *(v for pair in pairs for v in pair)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def course_summary(filters: ReportFilters) -> CourseSummary:
    """Completion and pre/post gain per row OPD (:func:`.base.grouping`) and course; columns are
    the courses with an enrolment or a gain in scope. Constant queries: scope, tree, live
    lessons and quiz kinds, the completion aggregate, the gain aggregate, the course titles."""
    group = grouping(filters)
    completion = _completion(filters, group.units)
    gains = _gains(filters, group.units, pre_post_pairs())
    course_ids = {c for _u, c, *_ in completion} | {c for _u, c, *_ in gains}
    titles = {
        pk: (code, title)
        for pk, code, title in CoursePage.objects.filter(pk__in=course_ids).values_list(
            "pk", "code", "title"
        )
    }
    rows = {pk: CourseSummaryRow(group.tree.ref(pk, filters.year), {}) for pk in group.rows}

    def cell(unit: int, course_id: int) -> CourseFigures | None:
        row_id = group.row_for(unit)
        if row_id is None:
            return None
        code, title = titles.get(course_id, ("", ""))
        return rows[row_id].courses.setdefault(course_id, CourseFigures(course_id, code, title))

    for unit, course_id, enrolled, completed in completion:
        if (target := cell(unit, course_id)) is not None:
            target.add(CourseFigures(course_id, "", "", enrolled, completed))
    for unit, course_id, n, n_gain, sum_pre, sum_post, sum_g in gains:
        if (target := cell(unit, course_id)) is not None:
            target.add(
                CourseFigures(
                    course_id,
                    "",
                    "",
                    0,
                    0,
                    int(n),
                    int(n_gain or 0),
                    float(sum_pre or 0),
                    float(sum_post or 0),
                    float(sum_g or 0),
                )  # fmt: skip
            )
    columns = sorted(((pk, *titles[pk]) for pk in course_ids if pk in titles), key=lambda c: c[1])
    return CourseSummary(filters.year, columns, [rows[pk] for pk in group.rows])
