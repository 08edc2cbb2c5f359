"""The catalogue, the learner dashboard and the learner's enrollments: lists of courses whose
query count stays constant as courses and learners grow (docs/quality.md)."""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from lms.competencies.models import Competency, Level
from lms.competencies.selectors import (
    JPBreakdown,
    employee_competency_profile,
    jp_breakdown,
    jp_target_for,
)
from lms.people.selectors import employee_for_user
from lms.users.models import User

from ..models import (
    Category,
    CourseCompetency,
    CourseIndexPage,
    CoursePage,
    Enrollment,
    EnrollmentStatus,
    LessonPage,
)
from .search import courses_matching


def published_courses() -> QuerySet[CoursePage]:
    return (
        CoursePage.objects.live()
        .public()
        .prefetch_related(
            Prefetch(
                "competency_targets",
                queryset=CourseCompetency.objects.select_related("competency").order_by(
                    "sort_order"
                ),
            )
        )
        .order_by("path")
    )


def gap_competency_levels(user: User) -> dict[int, int]:
    """{competency_id: attained level} for the competencies where the learner has a gap."""
    employee = employee_for_user(user)
    if employee is None:
        return {}
    return {
        row.competency_id: row.attained for row in employee_competency_profile(employee) if row.gap
    }


def closes_a_gap(course: CoursePage, gaps: dict[int, int]) -> bool:
    """True if the course develops a gap competency to a level above what the learner has."""
    return any(
        target.competency_id in gaps and target.target_level > gaps[target.competency_id]
        for target in course.competency_targets.all()
    )


@dataclass(frozen=True)
class CatalogueFilters:
    """The catalogue's search and filters as the learner typed them (the page reads them from
    the query string: ``q``, ``kategori``, ``kompetensi``, ``level``, ``jp_maks``)."""

    q: str = ""
    kategori: str = ""
    kompetensi: str = ""
    level: str = ""
    jp_maks: str = ""

    @classmethod
    def from_query(cls, params: Mapping[str, str]) -> "CatalogueFilters":
        """The filters of a query string, each cut to 100 characters and without NUL
        characters (PostgreSQL refuses them in any value)."""

        def value(name: str) -> str:
            return params.get(name, "").replace("\x00", "")[:100].strip()

        return cls(
            q=value("q"),
            kategori=value("kategori"),
            kompetensi=value("kompetensi"),
            level=value("level"),
            jp_maks=value("jp_maks"),
        )


def _jp_limit(text: str) -> Decimal | None:
    """``jp_maks`` as a number of JP, or None for an empty, unreadable or unbounded one
    ("abc", "NaN", "Infinity", "1e999999"); a comma is read as the decimal mark."""
    try:
        limit = Decimal(text.replace(",", "."))
    except ArithmeticError:
        return None
    if not limit.is_finite() or not Decimal("-1000") < limit < Decimal("1000"):
        return None
    return limit


def catalogue_context(
    *, index: CourseIndexPage, user: User | AnonymousUser, filters: CatalogueFilters
) -> dict:
    """The catalogue page's courses for ``user`` under ``filters`` (the words of ``q`` through
    :func:`.search.courses_matching`), with the filters echoed back (an unreadable ``jp_maks``
    is dropped) and ``filters_active``, how many filters are in force."""
    courses = published_courses().child_of(index)
    query = filters.q
    category = filters.kategori
    competency = filters.kompetensi
    level = filters.level
    max_jp = filters.jp_maks
    applied = 0  # filters in force (the page shows their number on the folded filters)
    if category in Category.values:
        courses = courses.filter(category=category)
        applied += 1
    if competency:
        courses = courses.filter(competency_targets__competency__code=competency)
        applied += 1
    if level.isdecimal() and len(level) < 3:
        courses = courses.filter(competency_targets__target_level=int(level))
        applied += 1
    limit = _jp_limit(max_jp)
    if limit is None:
        max_jp = ""
    else:
        courses = courses.filter(jp__lte=limit)
        applied += 1
    courses = courses.distinct()
    if query:
        courses = courses_matching(courses, query)
    courses = list(courses)
    gaps = gap_competency_levels(user)
    enrolled = set()
    if user.is_authenticated:
        enrolled = set(
            Enrollment.objects.filter(user=user)
            .exclude(status=EnrollmentStatus.WITHDRAWN)
            .values_list("course_id", flat=True)
        )
    return {
        "courses": [
            {
                "page": course,
                "closes_gap": closes_a_gap(course, gaps),
                "enrolled": course.pk in enrolled,
            }
            for course in courses
        ],
        "filters": {
            "q": query,
            "kategori": category,
            "kompetensi": competency,
            "level": level,
            "jp_maks": max_jp,
        },
        "filters_active": applied,
        "categories": Category.choices,
        "competencies": Competency.objects.filter(is_active=True).only("code", "name"),
        "levels": Level.choices,
    }


@dataclass
class Dashboard:
    """The learner's dashboard. Each enrollment carries ``done`` and ``total``: its required
    live lessons completed and in all, the figures of the course page."""

    employee: object
    learner_name: str
    year: int
    jp: JPBreakdown
    jp_target: int
    jp_target_kind: str
    assigned: list[Enrollment]
    in_progress: list[Enrollment]
    completed: list[Enrollment]
    profile: list
    recommended: list[CoursePage]

    @property
    def jp_this_year(self) -> Decimal:
        return self.jp.total

    @property
    def jp_percent(self) -> int:
        return min(100, round(100 * self.jp_this_year / self.jp_target)) if self.jp_target else 0

    @property
    def jp_remaining(self) -> Decimal:
        """JP still to earn for a PNS's minimum, or still allowed under a PPPK's cap."""
        return max(Decimal(self.jp_target) - self.jp_this_year, Decimal("0"))

    @property
    def profile_gaps(self) -> int:
        return sum(1 for row in self.profile if row.gap)


def _required_lessons_total() -> Coalesce:
    """The number of required live lessons of an enrollment's course (a subquery by tree path,
    for an ``Enrollment`` queryset)."""
    required_lessons = (
        LessonPage.objects.live()
        .filter(is_required=True, path__startswith=OuterRef("course__path"))
        .order_by()
        .values("is_required")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(required_lessons[:1]), 0)


_REQUIRED_DONE = Count(
    "lesson_progress",
    filter=Q(lesson_progress__lesson__is_required=True, lesson_progress__lesson__live=True),
)


def learner_dashboard(user: User, *, today=None) -> Dashboard:
    today = today or timezone.localdate()
    employee = employee_for_user(user)
    enrollments = list(
        Enrollment.objects.filter(user=user)
        .exclude(status=EnrollmentStatus.WITHDRAWN)
        .select_related("course", "last_lesson")
        .annotate(done=_REQUIRED_DONE, total=_required_lessons_total())
        .order_by("due_date", "-enrolled_at")
    )
    profile = employee_competency_profile(employee) if employee else []
    gaps = {row.competency_id: row.attained for row in profile if row.gap}
    taken = {enrollment.course_id for enrollment in enrollments}
    recommended = [
        course for course in published_courses().exclude(pk__in=taken) if closes_a_gap(course, gaps)
    ][:5]
    target, kind = jp_target_for(employee.employee_type) if employee else (20, "minimum")
    zero = Decimal("0")
    return Dashboard(
        employee=employee,
        learner_name=employee.full_name if employee else user.get_full_name() or user.username,
        year=today.year,
        jp=jp_breakdown(employee, today.year) if employee else JPBreakdown(*[zero] * 5),
        jp_target=target,
        jp_target_kind=kind,
        assigned=[e for e in enrollments if e.due_date and e.status == EnrollmentStatus.ACTIVE],
        in_progress=[e for e in enrollments if e.status == EnrollmentStatus.ACTIVE],
        completed=[e for e in enrollments if e.status == EnrollmentStatus.COMPLETED],
        profile=profile,
        recommended=recommended,
    )


@dataclass(frozen=True)
class EnrollmentSummary:
    status: str
    done: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def learner_enrollments(user: User) -> dict[int, EnrollmentSummary]:
    """{course_id: status and required-lesson progress} for the user's current enrollments.

    One query: lessons are counted by tree path in a subquery, progress with a filtered count.
    """
    if not user.is_authenticated:
        return {}
    rows = (
        Enrollment.objects.filter(user=user)
        .exclude(status=EnrollmentStatus.WITHDRAWN)
        .annotate(total=_required_lessons_total(), done=_REQUIRED_DONE)
        .values_list("course_id", "status", "done", "total")
    )
    return {
        course_id: EnrollmentSummary(status, done, total) for course_id, status, done, total in rows
    }
