"""Read-side queries for the catalogue, course outlines, progress and the learner dashboard.

Every page calls these and nothing else, so each page's query count stays constant as the
number of courses, lessons and learners grows.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Substr
from django.utils import timezone

from assessments.models import Attempt, Quiz, QuizKind
from lms.competencies.models import Competency, Level
from lms.competencies.selectors import (
    attained_levels,
    employee_competency_profile,
    jp_target_for,
    jp_total,
)
from lms.people.models import Employee
from lms.people.selectors import employee_for_user, opd_descendant_ids
from lms.users.models import User

from .models import (
    Assignment,
    AssignmentTarget,
    Category,
    CourseCompetency,
    CourseIndexPage,
    CoursePage,
    Enrollment,
    EnrollmentStatus,
    LessonPage,
    LessonProgress,
    ModulePage,
)


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


@dataclass
class ModuleOutline:
    module: ModulePage
    lessons: list[LessonPage] = field(default_factory=list)


def course_outline(course: CoursePage) -> list[ModuleOutline]:
    """Modules and their live lessons in tree order. Two queries."""
    modules = {
        module.path: ModuleOutline(module)
        for module in ModulePage.objects.live().child_of(course).order_by("path")
    }
    for lesson in LessonPage.objects.live().descendant_of(course).order_by("path"):
        outline = modules.get(lesson.path[: -LessonPage.steplen])
        if outline is not None:
            outline.lessons.append(lesson)
    return list(modules.values())


def course_lessons(course: CoursePage) -> list[LessonPage]:
    return [lesson for outline in course_outline(course) for lesson in outline.lessons]


def lesson_following(*, lesson: LessonPage) -> LessonPage | None:
    """Where a learner goes after ``lesson``: the next live lesson of its module, else the
    first live lesson of the next live module of the course. One query (not one per module)."""
    module_path = lesson.path[: -LessonPage.steplen]
    live_module = ModulePage.objects.live().filter(
        path=Substr(OuterRef("path"), 1, len(module_path))
    )
    return (
        LessonPage.objects.live()
        .filter(
            path__startswith=module_path[: -LessonPage.steplen],
            depth=lesson.depth,
            path__gt=lesson.path,
        )
        .filter(Q(path__startswith=module_path) | Exists(live_module))
        .order_by("path")
        .first()
    )


def course_for_lesson(lesson: LessonPage) -> CoursePage:
    return CoursePage.objects.ancestor_of(lesson).get()


def current_enrollments(*, user: User, course: CoursePage) -> QuerySet[Enrollment]:
    """The user's enrollment in the course that is not withdrawn (at most one: the partial
    unique index), as a queryset the caller may lock."""
    return Enrollment.objects.filter(user=user, course=course).exclude(
        status=EnrollmentStatus.WITHDRAWN
    )


def current_enrollment(user: User, course: CoursePage) -> Enrollment | None:
    if not user.is_authenticated:
        return None
    return current_enrollments(user=user, course=course).select_related("last_lesson").first()


def completed_lesson_ids(enrollment: Enrollment | None) -> set[int]:
    if enrollment is None:
        return set()
    return set(
        LessonProgress.objects.filter(enrollment=enrollment).values_list("lesson_id", flat=True)
    )


@dataclass(frozen=True)
class Progress:
    done: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def lesson_quizzes(lessons: list[LessonPage]) -> dict[int, list[tuple[int, bool]]]:
    """{lesson_id: [(quiz_id, required), ...]} read from the stream's raw data (no queries)."""
    found: dict[int, list[tuple[int, bool]]] = {}
    for lesson in lessons:
        for block in lesson.body.raw_data:
            if block["type"] == "quiz" and block["value"].get("quiz"):
                found.setdefault(lesson.pk, []).append(
                    (int(block["value"]["quiz"]), bool(block["value"].get("required", True)))
                )
    return found


def quiz_kinds(refs: dict[int, list[tuple[int, bool]]]) -> dict[int, str]:
    """{quiz_id: kind} for the quizzes that ``lesson_quizzes`` found and that still exist (a
    block may name a deleted quiz). One query."""
    quiz_ids = {quiz_id for placed in refs.values() for quiz_id, _required in placed}
    return dict(Quiz.objects.filter(pk__in=quiz_ids).values_list("pk", "kind"))


def quiz_lesson_for(user: User, quiz_id: int, page_id: int) -> LessonPage | None:
    """The live lesson ``page_id`` if it holds quiz ``quiz_id`` and ``user`` is enrolled (not
    withdrawn) in its course; else None. The course side of the quiz access rule
    (docs/security.md): no role is exempt. Three queries."""
    if not user.is_authenticated:
        return None
    lesson = LessonPage.objects.live().filter(pk=page_id).first()
    if lesson is None or quiz_id not in {
        q for q, _r in lesson_quizzes([lesson]).get(lesson.pk, [])
    }:
        return None
    if current_enrollment(user, course_for_lesson(lesson)) is None:
        return None
    return lesson


def required_quizzes_passed(user: User, lessons: list[LessonPage]) -> bool:
    """Whether the user passed every quiz marked required in these lessons, each in a lesson
    that holds it (a pass elsewhere, in another course or outside any, does not count). One
    query."""
    placed = {
        (quiz_id, lesson_id)
        for lesson_id, refs in lesson_quizzes(lessons).items()
        for quiz_id, needed in refs
        if needed
    }
    if not placed:
        return True
    passed = set(
        Attempt.objects.filter(
            user=user,
            quiz_id__in={quiz_id for quiz_id, _lesson in placed},
            page_id__in={lesson_id for _quiz, lesson_id in placed},
            passed=True,
        )
        .values_list("quiz_id", "page_id")
        .distinct()
    )
    return {quiz_id for quiz_id, _l in placed} <= {
        quiz_id for quiz_id, lesson_id in passed if (quiz_id, lesson_id) in placed
    }


def missing_prerequisites(*, user: User, course: CoursePage) -> list[str]:
    """Prerequisite courses not completed and competency levels not attained (trusted
    evidence), as readable items. Assignments by HR skip this check: HR decides.

    Constant queries: the prerequisite courses, then one completion query for all of them
    (not one per prerequisite), then three for the levels when the course asks for any.
    """
    prerequisites = list(course.prerequisite_courses.all())
    completed = (
        set(
            Enrollment.objects.filter(
                user=user,
                course_id__in=[prerequisite.pk for prerequisite in prerequisites],
                status=EnrollmentStatus.COMPLETED,
            ).values_list("course_id", flat=True)
        )
        if prerequisites
        else set()
    )
    missing = [
        str(prerequisite.title)
        for prerequisite in prerequisites
        if prerequisite.pk not in completed
    ]
    levels = list(course.prerequisite_levels.select_related("competency"))
    if levels:
        employee = employee_for_user(user)
        attained = attained_levels([employee.pk]) if employee else {}
        missing += [
            f"{req.competency.code} level {req.minimum_level}"
            for req in levels
            if attained.get((employee.pk if employee else 0, req.competency_id), 0)
            < req.minimum_level
        ]
    return missing


def progress_of(lessons: list[LessonPage], done_ids: set[int]) -> Progress:
    required = [lesson for lesson in lessons if lesson.is_required]
    return Progress(sum(1 for lesson in required if lesson.pk in done_ids), len(required))


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
        return cls(
            q=params.get("q", "").strip()[:100],
            kategori=params.get("kategori", ""),
            kompetensi=params.get("kompetensi", ""),
            level=params.get("level", ""),
            jp_maks=params.get("jp_maks", ""),
        )


def catalogue_context(
    *, index: CourseIndexPage, user: User | AnonymousUser, filters: CatalogueFilters
) -> dict:
    """The catalogue page's courses for ``user`` under ``filters``, with the filters echoed
    back (an unreadable ``jp_maks`` is dropped)."""
    courses = published_courses().child_of(index)
    query = filters.q
    category = filters.kategori
    competency = filters.kompetensi
    level = filters.level
    max_jp = filters.jp_maks
    if category in Category.values:
        courses = courses.filter(category=category)
    if competency:
        courses = courses.filter(competency_targets__competency__code=competency)
    if level.isdigit():
        courses = courses.filter(competency_targets__target_level=int(level))
    try:
        courses = courses.filter(jp__lte=Decimal(max_jp)) if max_jp else courses
    except ArithmeticError:
        max_jp = ""
    courses = courses.distinct()
    if query:
        courses = courses.search(query, operator="and")
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
        "categories": Category.choices,
        "competencies": Competency.objects.filter(is_active=True).only("code", "name"),
        "levels": Level.choices,
    }


@dataclass
class Dashboard:
    employee: object
    year: int
    jp_this_year: Decimal
    jp_target: int
    jp_target_kind: str
    assigned: list[Enrollment]
    in_progress: list[Enrollment]
    completed: list[Enrollment]
    profile: list
    recommended: list[CoursePage]

    @property
    def jp_percent(self) -> int:
        return min(100, round(100 * self.jp_this_year / self.jp_target)) if self.jp_target else 0


def learner_dashboard(user: User, *, today=None) -> Dashboard:
    today = today or timezone.localdate()
    employee = employee_for_user(user)
    enrollments = list(
        Enrollment.objects.filter(user=user)
        .exclude(status=EnrollmentStatus.WITHDRAWN)
        .select_related("course", "last_lesson")
        .annotate(done=Count("lesson_progress"))
        .order_by("due_date", "-enrolled_at")
    )
    profile = employee_competency_profile(employee) if employee else []
    gaps = {row.competency_id: row.attained for row in profile if row.gap}
    taken = {enrollment.course_id for enrollment in enrollments}
    recommended = [
        course for course in published_courses().exclude(pk__in=taken) if closes_a_gap(course, gaps)
    ][:5]
    target, kind = jp_target_for(employee.employee_type) if employee else (20, "minimum")
    return Dashboard(
        employee=employee,
        year=today.year,
        jp_this_year=jp_total(employee, today.year) if employee else Decimal("0"),
        jp_target=target,
        jp_target_kind=kind,
        assigned=[e for e in enrollments if e.due_date and e.status == EnrollmentStatus.ACTIVE],
        in_progress=[e for e in enrollments if e.status == EnrollmentStatus.ACTIVE],
        completed=[e for e in enrollments if e.status == EnrollmentStatus.COMPLETED],
        profile=profile,
        recommended=recommended,
    )


def course_page_context(*, user: User | AnonymousUser, course: CoursePage) -> dict:
    """Outline, the user's enrollment and progress, and the resume point for a course page."""
    outline = course_outline(course)
    enrollment = current_enrollment(user, course)
    done = completed_lesson_ids(enrollment)
    lessons = [lesson for module in outline for lesson in module.lessons]
    first_open = next((lesson for lesson in lessons if lesson.pk not in done), None)
    return {
        "outline": outline,
        "enrollment": enrollment,
        "done_ids": done,
        "progress": progress_of(lessons, done),
        "resume_lesson": (enrollment.last_lesson if enrollment else None) or first_open,
        "targets": list(course.competency_targets.select_related("competency")),
    }


def lesson_page_context(*, user: User | AnonymousUser, lesson: LessonPage) -> dict:
    """Course, outline, neighbours and progress for a lesson. Read-only."""
    course = course_for_lesson(lesson)
    outline = course_outline(course)
    lessons = [item for module in outline for item in module.lessons]
    enrollment = current_enrollment(user, course)
    done = completed_lesson_ids(enrollment)
    index = next((i for i, item in enumerate(lessons) if item.pk == lesson.pk), None)
    return {
        "course": course,
        "outline": outline,
        "enrollment": enrollment,
        "done_ids": done,
        "is_done": lesson.pk in done,
        "progress": progress_of(lessons, done),
        "previous_lesson": lessons[index - 1] if index else None,
        "next_lesson": lessons[index + 1]
        if index is not None and index + 1 < len(lessons)
        else None,
    }


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
    required_lessons = (
        LessonPage.objects.live()
        .filter(is_required=True, path__startswith=OuterRef("course__path"))
        .order_by()
        .values("is_required")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = (
        Enrollment.objects.filter(user=user)
        .exclude(status=EnrollmentStatus.WITHDRAWN)
        .annotate(
            total=Coalesce(Subquery(required_lessons[:1]), 0),
            done=Count(
                "lesson_progress",
                filter=Q(
                    lesson_progress__lesson__is_required=True,
                    lesson_progress__lesson__live=True,
                ),
            ),
        )
        .values_list("course_id", "status", "done", "total")
    )
    return {
        course_id: EnrollmentSummary(status, done, total) for course_id, status, done, total in rows
    }


@dataclass(frozen=True)
class CourseGain:
    course: CoursePage
    pre_quiz_id: int | None
    post_quiz_id: int | None
    figures: dict | None  # from assessments.statistics.normalised_gain, or None


def course_learning_gains() -> list[CourseGain]:
    """Pre/post normalised gain per published course whose lessons hold a pre-test and a
    post-test (the first of each kind, in lesson order). One gain query per such course."""
    from assessments.statistics import normalised_gain

    courses = list(published_courses())
    lessons = list(LessonPage.objects.live().order_by("path"))
    refs = lesson_quizzes(lessons)
    kinds = quiz_kinds(refs)
    gains = []
    for course in courses:
        found: dict[str, int] = {}
        for lesson in lessons:
            if lesson.path.startswith(course.path):
                for quiz_id, _required in refs.get(lesson.pk, []):
                    found.setdefault(kinds.get(quiz_id, ""), quiz_id)
        pre, post = found.get(QuizKind.PRE_TEST), found.get(QuizKind.POST_TEST)
        figures = normalised_gain(pre, post) if pre and post else None
        gains.append(CourseGain(course, pre, post, figures))
    return gains


def assignment_employees(assignment: Assignment) -> QuerySet[Employee]:
    """The active employees an assignment reaches."""
    employees = Employee.objects.filter(is_active=True, user__isnull=False)
    if assignment.target == AssignmentTarget.OPD:
        return employees.filter(opd_id__in=opd_descendant_ids([assignment.opd_id]))
    if assignment.target == AssignmentTarget.POSITION:
        return employees.filter(position_id=assignment.position_id)
    return employees.filter(pk__in=assignment.employees.values("pk"))
