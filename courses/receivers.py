"""Reactions of the courses app to events and questions of lower apps (connected in
CoursesConfig.ready; docs/architecture.md)."""

from assessments.models import Attempt, Quiz, QuizKind

from .permissions import h5p_package_ids_of_courses_editable_by, quiz_ids_of_courses_editable_by
from .selectors import attempt_next_step, h5p_lesson_for, quiz_lesson_for
from .selectors.personal_data import personal_data_sections
from .services import lesson_complete


def complete_lesson_of_passed_quiz(sender, attempt: Attempt, **kwargs) -> None:
    """``attempt_finished``: a passed quiz taken inside a lesson completes that lesson (and,
    through the completion rule, maybe the course), if the lesson still holds the quiz and the
    learner is still enrolled (the same rule as starting it). A pre-test never does: it is a
    diagnostic taken before the lesson is read, and does not count.

    Runs after the grading transaction committed, in ``lesson_complete``'s own transaction;
    idempotent (a lesson already done stays done once, a completed course is left alone), so a
    repeated event changes nothing."""
    if not attempt.passed or not attempt.page_id or attempt.quiz.kind == QuizKind.PRE_TEST:
        return
    lesson = quiz_lesson_for(attempt.user, attempt.quiz_id, attempt.page_id)
    if lesson is not None:
        lesson_complete(user=attempt.user, lesson=lesson)


def enrolled_in_the_quiz_lesson(sender, user, quiz: Quiz, page_id: int, **kwargs) -> bool:
    """``quiz_access_requested``: the courses app's answer for
    ``assessments.selectors.quiz_access_allowed`` (docs/security.md)."""
    return quiz_lesson_for(user, quiz.pk, page_id) is not None


def quizzes_of_editable_courses(sender, user, **kwargs) -> set[int]:
    """``quiz_scope_requested``: the quizzes placed in the courses ``user`` may edit."""
    return quiz_ids_of_courses_editable_by(user)


def h5p_packages_of_editable_courses(sender, user, **kwargs) -> set[int]:
    """``h5p_scope_requested``: the H5P packages placed in the courses ``user`` may edit."""
    return h5p_package_ids_of_courses_editable_by(user)


def enrolled_in_the_h5p_lesson(sender, user, package, page_id: int, **kwargs) -> bool:
    """``h5p_access_requested``: the courses app's answer for
    ``assessments.h5p.selectors.h5p_access_allowed`` (a live lesson holding the activity, of
    a course ``user`` is enrolled in; docs/security.md)."""
    return h5p_lesson_for(user, package.pk, page_id) is not None


def complete_lesson_of_completed_h5p(sender, result, **kwargs) -> bool:
    """``h5p_completed``: a completed H5P activity completes its lesson when the block says
    so ("menyelesaikan pelajaran"), exactly as the learner's own "Tandai selesai" would: the
    score counts for nothing (client-reported), and a course with a required post-test still
    needs it passed. Idempotent. Answers whether the lesson is now complete."""
    found = h5p_lesson_for(result.user, result.package_id, result.page_id)
    if found is None or not found[1]:
        return False
    lesson_complete(user=result.user, lesson=found[0])
    return True


def next_step_after_attempt(sender, attempt: Attempt, **kwargs) -> dict | None:
    """``attempt_next_step_requested``: after a pre-test, the lessons; after the pass that
    completed the course, its completion page with the JP recorded
    (``selectors.attempt_next_step``)."""
    return attempt_next_step(attempt)


def personal_data(sender, user, employee, **kwargs) -> list:
    """``lms.people.signals.personal_data_requested``: the learner's enrollments and progress."""
    return personal_data_sections(user)
