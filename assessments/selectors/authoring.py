"""Read-side of authoring: which quizzes, banks, questions and attempts a user may see or edit
(docs/security.md), and what a question is used by."""

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from lms.core.events import answers
from lms.users.models import User
from lms.users.roles import Role

from ..models import (
    Attempt,
    AttemptAnswer,
    Question,
    QuestionBank,
    Quiz,
    QuizDraw,
)
from ..signals import quiz_scope_requested

# --- Authoring scope: which quizzes, banks, questions and attempts a user may see or edit ------
#
# The rule (docs/security.md): superusers and BKPSDM see everything (and edit what their model
# permissions allow). Anyone else, i.e. a Pengajar, sees and edits only
# * the quizzes they created, and the quizzes placed in the lessons of the courses they may
#   edit (computed by the courses app and answered to ``signals.quiz_scope_requested``: this app
#   knows nothing about courses);
# * the banks they created, the banks BKPSDM shared with them (``QuestionBank.editors``) and
#   the banks drawn by the quizzes above. A trainer can only add draws from banks they may
#   already edit, so a bank reaches another course only through someone who may edit it, or
#   through BKPSDM's explicit grant;
# * the questions of those banks, and the attempts (read-only) at those quizzes.
# Model permissions still apply on top (view for "visible", change for "editable"). Views
# answer 404 for anything outside the scope, and listings and choosers leave it out.


def authoring_sees_all(user: User) -> bool:
    """Superusers and BKPSDM read every quiz, bank, question and attempt."""
    if not (user.is_authenticated and user.is_active):
        return False
    cached = getattr(user, "_lms_assessments_sees_all", None)
    if cached is None:
        cached = user.is_superuser or user.groups.filter(name=Role.BKPSDM).exists()
        user._lms_assessments_sees_all = cached
    return cached


def _quiz_scope(user: User) -> Q:
    placed: set[int] = set()
    for quiz_ids in answers(quiz_scope_requested, sender=Quiz, user=user):
        placed.update(quiz_ids)
    return Q(created_by=user) | Q(pk__in=sorted(placed))


def _bank_scope(user: User) -> Q:
    shared = QuestionBank.editors.through.objects.filter(user=user).values("questionbank_id")
    drawn = QuizDraw.objects.filter(quiz__in=Quiz.objects.filter(_quiz_scope(user))).values(
        "bank_id"
    )
    return Q(created_by=user) | Q(pk__in=shared) | Q(pk__in=drawn)


def _active(user: User) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def _can_read(user: User, model_name: str) -> bool:
    return user.has_perm(f"assessments.view_{model_name}") or user.has_perm(
        f"assessments.change_{model_name}"
    )


def quizzes_visible_to(user: User) -> QuerySet[Quiz]:
    """The quizzes ``user`` may list and open in the admin (and choose in a lesson's quiz
    block, when they may also edit them)."""
    if not (_active(user) and _can_read(user, "quiz")):
        return Quiz.objects.none()
    if authoring_sees_all(user):
        return Quiz.objects.all()
    return Quiz.objects.filter(_quiz_scope(user))


def quizzes_editable_by(user: User) -> QuerySet[Quiz]:
    """The quizzes ``user`` may change (rules, draws, bands) and place in a lesson."""
    if not (_active(user) and user.has_perm("assessments.change_quiz")):
        return Quiz.objects.none()
    if authoring_sees_all(user):
        return Quiz.objects.all()
    return Quiz.objects.filter(_quiz_scope(user))


def quiz_editable_by(user: User, quiz: Quiz) -> bool:
    return quizzes_editable_by(user).filter(pk=quiz.pk).exists()


def quizzes_placeable_by(user: User) -> QuerySet[Quiz]:
    """The quizzes ``user`` may place in a lesson's quiz block (the block's chooser and the
    lesson form's check): those they may edit, or every quiz for BKPSDM and superusers (who
    author course pages but do not author quizzes)."""
    if authoring_sees_all(user):
        return quizzes_visible_to(user)
    return quizzes_editable_by(user)


def banks_visible_to(user: User) -> QuerySet[QuestionBank]:
    if not (_active(user) and _can_read(user, "questionbank")):
        return QuestionBank.objects.none()
    if authoring_sees_all(user):
        return QuestionBank.objects.all()
    return QuestionBank.objects.filter(_bank_scope(user))


def banks_editable_by(user: User) -> QuerySet[QuestionBank]:
    """The banks ``user`` may change and write questions into: the admin forms, the quiz
    draws and the question imports (``lms_import questions`` and the import screen) use it."""
    if not (_active(user) and user.has_perm("assessments.change_questionbank")):
        return QuestionBank.objects.none()
    if authoring_sees_all(user):
        return QuestionBank.objects.all()
    return QuestionBank.objects.filter(_bank_scope(user))


def banks_with_sizes(banks: QuerySet[QuestionBank]) -> QuerySet[QuestionBank]:
    """``banks`` with their competency and, counted in the same query, ``question_count``
    (every question) and ``active_count`` (active with a version: what a draw takes)."""
    return (
        QuestionBank.objects.filter(pk__in=banks.values("pk"))
        .select_related("competency")
        .annotate(
            question_count=Count("questions"),
            active_count=Count("questions", filter=Question.objects.drawable_q("questions__")),
        )
        .order_by("competency__code", "level", "name")  # Meta.ordering is not used with GROUP BY
    )


def bank_size(bank: QuestionBank) -> str:
    """ "12 soal", or "12 soal, 10 aktif" (a bank from :func:`banks_with_sizes`)."""
    total, active = bank.question_count, bank.active_count
    if total == active:
        return _("%(total)d soal") % {"total": total}
    return _("%(total)d soal, %(active)d aktif") % {"total": total, "active": active}


def bank_size_label(bank: QuestionBank) -> str:
    """A bank as offered wherever one is chosen: its whole name, competency and level, and its
    size (a bank from :func:`banks_with_sizes`)."""
    return f"{bank} · {bank_size(bank)}"


def bank_editable_by(user: User, bank: QuestionBank) -> bool:
    """Whether ``user`` may change ``bank`` and add or change its questions."""
    return banks_editable_by(user).filter(pk=bank.pk).exists()


def questions_visible_to(user: User) -> QuerySet[Question]:
    if not (_active(user) and _can_read(user, "question")):
        return Question.objects.none()
    if authoring_sees_all(user):
        return Question.objects.all()
    return Question.objects.filter(bank__in=QuestionBank.objects.filter(_bank_scope(user)))


def questions_editable_by(user: User) -> QuerySet[Question]:
    if not (_active(user) and user.has_perm("assessments.change_question")):
        return Question.objects.none()
    if authoring_sees_all(user):
        return Question.objects.all()
    return Question.objects.filter(bank__in=QuestionBank.objects.filter(_bank_scope(user)))


def attempts_visible_to(user: User) -> QuerySet[Attempt]:
    """Attempts (read-only learner records) at the quizzes ``user`` may see."""
    if not (_active(user) and user.has_perm("assessments.view_attempt")):
        return Attempt.objects.none()
    if authoring_sees_all(user):
        return Attempt.objects.all()
    return Attempt.objects.filter(quiz__in=Quiz.objects.filter(_quiz_scope(user)))


def question_used(question: Question) -> bool:
    """Whether an attempt showed a version of ``question`` (then it is never deleted)."""
    return AttemptAnswer.objects.filter(version__question=question).exists()


def short_draws(question: Question) -> list[QuizDraw]:
    """Draws from the question's bank that ask for more questions than it has drawable."""
    drawable = Question.objects.filter(bank_id=question.bank_id).drawable().count()
    return list(
        QuizDraw.objects.filter(bank_id=question.bank_id, count__gt=drawable).select_related("quiz")
    )
