"""A course from the learner's side: outline, current enrollment, progress, prerequisites and
the course and lesson page contexts."""

from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Substr

from lms.competencies.selectors import attained_levels
from lms.core.contentcache import cached
from lms.people.selectors import employee_for_user
from lms.users.models import User

from ..models import (
    CoursePage,
    Enrollment,
    EnrollmentStatus,
    LessonPage,
    LessonProgress,
    ModulePage,
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


@dataclass
class CourseStructure:
    """What a course's pages show of the course itself, the same for every learner: the course,
    its outline (pages without their StreamField bodies) and the quizzes its lessons hold
    (``{lesson_id: [(quiz_id, required), ...]}``, as ``lesson_quizzes`` reads them)."""

    course: CoursePage
    outline: list[ModuleOutline]
    quiz_refs: dict[int, list[tuple[int, bool]]]
    targets: list  # the course's CourseCompetency rows, with their competencies

    @property
    def lessons(self) -> list[LessonPage]:
        return [lesson for module in self.outline for lesson in module.lessons]


def published_course_structure(course_path: str) -> CourseStructure:
    """The structure of the course at tree path ``course_path``, from the shared cache until
    the next publish, move or delete anywhere on the site (lms/core/contentcache.py). For the
    pages learners read; the services that write (completion) read the tree itself. Five
    queries when it is built, none after."""
    return cached("course-structure", course_path, fill=lambda: _course_structure(course_path))


def _course_structure(course_path: str) -> CourseStructure:
    from .quizzes import lesson_quizzes

    course = CoursePage.objects.defer_streamfields().get(path=course_path)
    modules = {
        module.path: ModuleOutline(module)
        for module in ModulePage.objects.live().child_of(course).order_by("path")
    }
    lessons = list(
        LessonPage.objects.live().descendant_of(course).order_by("path").defer_streamfields()
    )
    for lesson in lessons:
        outline = modules.get(lesson.path[: -LessonPage.steplen])
        if outline is not None:
            outline.lessons.append(lesson)
    bodies = LessonPage.objects.filter(pk__in=[lesson.pk for lesson in lessons]).only("body")
    return CourseStructure(
        course=course,
        outline=list(modules.values()),
        quiz_refs=lesson_quizzes(list(bodies)),
        targets=list(course.competency_targets.select_related("competency")),
    )


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


def progress_of(lessons: list[LessonPage], done_ids: set[int]) -> Progress:
    required = [lesson for lesson in lessons if lesson.is_required]
    return Progress(sum(1 for lesson in required if lesson.pk in done_ids), len(required))


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


def course_page_context(*, user: User | AnonymousUser, course: CoursePage) -> dict:
    """Outline, the user's enrollment and progress, the resume point, the pre-test and final
    test (``courses.selectors.journey``), and for a learner who withdrew the progress that
    awaits them, for a course page."""
    from .journey import course_quizzes, latest_enrollment

    structure = published_course_structure(course.path)
    outline = structure.outline
    enrollment = current_enrollment(user, course)
    withdrawn = None
    if enrollment is None and user.is_authenticated:
        withdrawn = latest_enrollment(user=user, course=course)
    done = completed_lesson_ids(enrollment or withdrawn)
    lessons = structure.lessons
    first_open = next((lesson for lesson in lessons if lesson.pk not in done), None)
    progress = progress_of(lessons, done)
    return {
        "outline": outline,
        "enrollment": enrollment,
        "withdrawn": withdrawn,
        "done_ids": done,
        "progress": progress,
        "lessons_done": bool(progress.total) and progress.done >= progress.total,
        "resume_lesson": (enrollment.last_lesson if enrollment else None) or first_open,
        "targets": structure.targets,
        "quizzes": course_quizzes(user=user, lessons=lessons, refs=structure.quiz_refs),
    }


def lesson_page_context(*, user: User | AnonymousUser, lesson: LessonPage) -> dict:
    """Course, outline, neighbours and progress for a lesson, its blocks with the pre-tests
    first (a diagnostic is taken before the lesson is read), and the course's final test.
    Read-only."""
    from .journey import course_quizzes

    structure = published_course_structure(lesson.course_path)
    course, outline, lessons = structure.course, structure.outline, structure.lessons
    # The lesson page needs no resume point: the enrollment alone, without its last lesson.
    enrollment = (
        current_enrollments(user=user, course=course).first() if user.is_authenticated else None
    )
    done = completed_lesson_ids(enrollment)
    index = next((i for i, item in enumerate(lessons) if item.pk == lesson.pk), None)
    quizzes = course_quizzes(user=user, lessons=lessons, refs=structure.quiz_refs)
    pre_tests = quizzes.pre_test_ids
    blocks = list(lesson.body)
    first = (
        [index for index, block in enumerate(blocks) if _quiz_id(block) in pre_tests]
        if pre_tests
        else []
    )
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
        "body_blocks": [blocks[i] for i in first]
        + [block for i, block in enumerate(blocks) if i not in first],
        "quizzes": quizzes,
    }


def _quiz_id(block) -> int | None:
    """The id of the quiz a lesson block holds (None for other blocks)."""
    if block.block_type != "quiz":
        return None
    quiz = block.value.get("quiz")
    return quiz.pk if quiz is not None else None
