"""Admin forms and panels of the assessments app, per entity (questions, banks, quizzes)."""

from .banks import QuestionBankForm
from .panels import FieldTablePanel, InlineFormsetPanel, QuestionVersionPanel, QuizKindFieldPanel
from .questions import QUESTION_FORMS, QUESTION_TYPE_HELP, question_edit_handler
from .quizzes import BandFormSet, DrawFormSet, QuizForm, banks_with_active_counts

__all__ = [
    "QUESTION_FORMS",
    "QUESTION_TYPE_HELP",
    "BandFormSet",
    "DrawFormSet",
    "FieldTablePanel",
    "InlineFormsetPanel",
    "QuestionBankForm",
    "QuestionVersionPanel",
    "QuizForm",
    "QuizKindFieldPanel",
    "banks_with_active_counts",
    "question_edit_handler",
]
