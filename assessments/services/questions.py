"""Writing questions: versioned saves, activation and deletion (docs/user-guide.md, "Soal").

A question's content lives in immutable versions: :func:`question_save` adds one on every change
and attempts keep the version they showed. Choice ids are given by
``assessments.questions.keyed_choices`` (through ``validate_question``), the only source of ids.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from wagtail.actions.delete import DeleteAction

from lms.users.models import User

from ..models import Question, QuestionBank, QuestionVersion
from ..questions import clean_html, validate_question


@transaction.atomic
def question_save(
    *,
    bank: QuestionBank,
    question_type: str,
    text: str,
    data: dict,
    explanation: str = "",
    points: Decimal = Decimal(1),
    question: Question | None = None,
    source_ref: str | None = None,
) -> Question:
    """Creates a question or adds a new version to it. Attempts keep the version they showed.

    Choice ids come from :func:`keyed_choices`: ids of the current version are kept for the
    choices this version keeps (by id, then by text), new choices get random ids; ids in
    ``data`` that the question never had are ignored.

    ``source_ref``: the question's identity in an imported file (``Question.source_ref``);
    set on a new question, and on an existing one that has none yet; None leaves it.
    """
    if question is not None and question.type != question_type:
        raise ValidationError(_("Jenis soal tidak dapat diubah; buat soal baru."))
    current = question.current_version if question is not None else None
    cleaned = validate_question(
        question_type, text, data, previous=current.data if current is not None else None
    )
    if question is None:
        question = Question.objects.create(
            bank=bank, type=question_type, source_ref=source_ref or ""
        )
    elif source_ref and not question.source_ref:
        question.source_ref = source_ref
        question.save(update_fields=["source_ref"])
    number = (question.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = QuestionVersion(
        question=question,
        number=number,
        text=clean_html(text),
        data=cleaned,
        explanation=clean_html(explanation),
        points=points,
    )
    version.full_clean()
    version.save()
    question.current_version = version
    question.save(update_fields=["current_version"])
    return question


@transaction.atomic
def question_active_set(*, question: Question, active: bool) -> Question:
    """Activates or deactivates a question (no new version: the content is unchanged). An
    inactive question is no longer drawn for new attempts."""
    question.is_active = active
    question.save(update_fields=["is_active"])
    return question


@transaction.atomic
def question_delete(*, question: Question, user: User | None = None) -> None:
    """Deletes an unused question with all its versions, logged as ``wagtail.delete``.

    The current-version link protects the versions; an unused question has none that an
    attempt needs, so the link is cleared first. A used question's versions stay protected
    (``ProtectedError``): callers deactivate it instead.
    """
    Question.objects.filter(pk=question.pk).update(current_version=None)
    question.current_version = None
    DeleteAction(question, user=user).execute(skip_permission_checks=True)
