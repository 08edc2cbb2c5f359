"""Reactions of the courses app to events of lower apps (connected in CoursesConfig.ready)."""

from assessments.models import Attempt

from .models import LessonPage
from .selectors import course_for_lesson, current_enrollment
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
