"""Read-side of the assessments app, split by purpose:

* :mod:`.learner`: what an attempt shows a learner, results, review and the quiz access rule;
* :mod:`.authoring`: the authoring scope (who sees and edits which quiz, bank, question);
* :mod:`.key_exposure`: quizzes that would show the key of a quiz that counts.
"""

from .authoring import (
    attempts_visible_to,
    authoring_sees_all,
    bank_editable_by,
    banks_editable_by,
    banks_visible_to,
    question_used,
    questions_editable_by,
    questions_visible_to,
    quiz_editable_by,
    quizzes_editable_by,
    quizzes_placeable_by,
    quizzes_visible_to,
    short_draws,
)
from .key_exposure import quiz_key_warnings, reveals_keys
from .learner import (
    CHOICE_TYPES,
    COUNTING_KINDS,
    CompetencyResult,
    QuizLanding,
    attempt_for_learner,
    attempt_form_fields,
    attempt_of,
    attempt_overdue,
    attempt_review,
    attempts_of,
    competency_results,
    page_url,
    plain_text,
    quiz_access_allowed,
    quiz_landing,
    review_allowed,
)

__all__ = [
    "CHOICE_TYPES",
    "COUNTING_KINDS",
    "CompetencyResult",
    "QuizLanding",
    "attempt_for_learner",
    "attempt_form_fields",
    "attempt_of",
    "attempt_overdue",
    "attempt_review",
    "attempts_of",
    "attempts_visible_to",
    "authoring_sees_all",
    "bank_editable_by",
    "banks_editable_by",
    "banks_visible_to",
    "competency_results",
    "page_url",
    "plain_text",
    "question_used",
    "questions_editable_by",
    "questions_visible_to",
    "quiz_access_allowed",
    "quiz_editable_by",
    "quiz_key_warnings",
    "quiz_landing",
    "quizzes_editable_by",
    "quizzes_placeable_by",
    "quizzes_visible_to",
    "reveals_keys",
    "review_allowed",
    "short_draws",
]
