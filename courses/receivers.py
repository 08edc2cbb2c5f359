"""Reactions of the courses app to events of lower apps (connected in CoursesConfig.ready)."""

from assessments.models import Attempt

from .models import LessonPage
from .selectors import course_for_lesson, current_enrollment, lesson_quizzes
from .services import lesson_complete


def complete_lesson_of_passed_quiz(sender, attempt: Attempt, **kwargs) -> None:
    """A passed quiz taken inside a lesson completes that lesson (and, through the completion
    rule, maybe the course). Runs inside the grading transaction."""
    if not attempt.passed or not attempt.page_id:
        return
    lesson = LessonPage.objects.live().filter(pk=attempt.page_id).first()
    if lesson is None:
        return
    if current_enrollment(attempt.user, course_for_lesson(lesson)) is not None:
        lesson_complete(user=attempt.user, lesson=lesson)


def enrolled_in_the_quiz_lesson(user, quiz, page_id: int | None) -> bool:
    """Quiz access rule of the courses app: a quiz opened from a lesson (``page_id``) needs that
    lesson to hold the quiz and the learner to be enrolled in its course, or admin access
    (trainers previewing). Quizzes opened without a lesson are not restricted here."""
    if page_id is None:
        return True
    lesson = LessonPage.objects.live().filter(pk=page_id).first()
    if lesson is None or quiz.pk not in {
        q for q, _r in lesson_quizzes([lesson]).get(lesson.pk, [])
    }:
        return False
    if user.has_perm("wagtailadmin.access_admin"):
        return True
    return current_enrollment(user, course_for_lesson(lesson)) is not None
