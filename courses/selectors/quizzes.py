"""Quizzes placed in lessons: which lesson holds which quiz, whether the required ones are passed,
and the pre/post learning gain per course."""

from dataclasses import dataclass

from assessments.models import Attempt, Quiz, QuizKind
from lms.users.models import User

from ..models import CoursePage, LessonPage
from .catalogue import published_courses
from .progress import course_for_lesson, current_enrollment


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
