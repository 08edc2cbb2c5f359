"""Reactions of the courses app to events of lower apps (connected in CoursesConfig.ready)."""

from assessments.models import Attempt

from .selectors import quiz_lesson_for
from .services import lesson_complete


def complete_lesson_of_passed_quiz(sender, attempt: Attempt, **kwargs) -> None:
    """A passed quiz taken inside a lesson completes that lesson (and, through the completion
    rule, maybe the course), if the lesson still holds the quiz and the learner is still
    enrolled (the same rule as starting it). Runs inside the grading transaction."""
    if not attempt.passed or not attempt.page_id:
        return
    lesson = quiz_lesson_for(attempt.user, attempt.quiz_id, attempt.page_id)
    if lesson is not None:
        lesson_complete(user=attempt.user, lesson=lesson)


def enrolled_in_the_quiz_lesson(user, quiz, page_id: int) -> bool:
    """The courses app's placement check for ``assessments.selectors.quiz_access_allowed``."""
    return quiz_lesson_for(user, quiz.pk, page_id) is not None
