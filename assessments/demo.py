"""Demo data for assessments: the question banks, pre-tests and post-tests of the starter courses,
and the demo H5P activity (``context.extra["h5p"]``, placed in a lesson by the courses demo).

``seed`` loads :data:`assessments.starter_questions.STARTER_ASSESSMENTS` and hands the quizzes up
to the courses demo (which runs later) as ``context.extra["quizzes"]``:
``{"SPBE-101": {"pre": Quiz, "post": Quiz}, "LD-101": {...}}``.

Idempotent: banks are found by name, quizzes by title, questions by their current text within
their bank. A question whose content (choices, keys, feedback, explanation, points) differs
from the starter data gets a new version through
:func:`assessments.services.questions.question_save` (choice ids: the starter data has none; the
choices keep the random ids they got the first time, matched by text, see
:func:`assessments.questions.keyed_choices`); versions are never edited in place, so attempts
keep what they showed. Questions that trainers added to a starter bank are left alone. Banks,
questions and quizzes are written through the services (``bank_save``, ``question_save``,
``question_active_set``, ``quiz_save``), so the demo obeys the authoring rules. A second run
writes nothing.
"""

import tempfile
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from lms.competencies.models import Competency
from lms.core.seeding import DemoContext

from .h5p.build import build_demo
from .h5p.services import h5p_package_install_file
from .models import H5PPackage, H5PPackageStatus, Question, QuestionBank, Quiz, QuizDraw
from .questions import clean_html, validate_question
from .services.banks import bank_save
from .services.questions import question_active_set, question_save
from .services.quizzes import quiz_save
from .starter_questions import STARTER_ASSESSMENTS, BankSeed, QuestionSeed, QuizSeed


def seed(context: DemoContext) -> None:
    context.extra["quizzes"] = starter_assessments_sync()
    context.extra["h5p"] = demo_h5p_activity_ensure()


DEMO_H5P_FILENAME = "demo-spbe-benar-salah.h5p"


def demo_h5p_activity_ensure() -> H5PPackage:
    """The demo H5P activity (the project's own true/false content type, built by
    ``assessments.h5p.build``), installed through the upload services as the system; found
    again by its file name while ready, so a second run installs nothing."""
    existing = H5PPackage.objects.filter(
        original_filename=DEMO_H5P_FILENAME, status=H5PPackageStatus.READY
    ).first()
    if existing is not None:
        return existing
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / DEMO_H5P_FILENAME
        source.write_bytes(build_demo())
        return h5p_package_install_file(source=source, filename=DEMO_H5P_FILENAME, user=None)


@transaction.atomic
def starter_assessments_sync() -> dict[str, dict[str, Quiz]]:
    """Creates or updates every starter bank, question and quiz; returns the quizzes by course
    code and kind ("pre"/"post")."""
    quizzes: dict[str, dict[str, Quiz]] = {}
    for course in STARTER_ASSESSMENTS:
        banks = {data.name: bank_sync(data) for data in course.banks}
        quizzes[course.course_code] = {
            "pre": quiz_sync(course.pre, banks),
            "post": quiz_sync(course.post, banks),
        }
    return quizzes


def bank_sync(data: BankSeed) -> QuestionBank:
    """The bank named ``data.name`` with every starter question in its current form."""
    competency = Competency.objects.filter(code=data.competency).first()
    if competency is None:
        raise LookupError(f"Competency missing from the catalogue: {data.competency}")
    bank = QuestionBank.objects.filter(name=data.name).order_by("pk").first()
    fields = {"competency": competency, "level": data.level, "description": data.description}
    if bank is None:
        bank = QuestionBank(name=data.name, **fields)
    elif all(getattr(bank, name) == value for name, value in fields.items()):
        fields = {}
    if fields:
        for name, value in fields.items():
            setattr(bank, name, value)
        bank = bank_save(bank=bank)

    existing: dict[str, Question] = {}
    for question in bank.questions.select_related("current_version").order_by("pk"):
        if question.current_version_id is None:
            continue
        text = question.current_version.text
        # An active question wins over an inactive one with the same text.
        if text not in existing or (question.is_active and not existing[text].is_active):
            existing[text] = question
    for question_data in data.questions:
        question_sync(bank, question_data, existing.get(clean_html(question_data.text)))
    return bank


def question_sync(bank: QuestionBank, data: QuestionSeed, question: Question | None) -> Question:
    """Adds the question, or a new version of ``question`` when its content differs."""
    points = Decimal(data.points)
    if question is not None and question.type != data.type:
        # The type of a question cannot change: retire it and start a new question.
        question_active_set(question=question, active=False)
        question = None
    if question is not None:
        if not question.is_active:
            question_active_set(question=question, active=True)
        version = question.current_version
        unchanged = (
            version.data
            == validate_question(data.type, data.text, data.data, previous=version.data)
            and version.explanation == clean_html(data.explanation)
            and version.points == points
        )
        if unchanged:
            return question
    return question_save(
        bank=bank,
        question_type=data.type,
        text=data.text,
        data=data.data,
        explanation=data.explanation,
        points=points,
        question=question,
    )


def quiz_sync(data: QuizSeed, banks: dict[str, QuestionBank]) -> Quiz:
    """The quiz titled ``data.title`` with the starter settings and exactly the starter draws."""
    fields = {
        "kind": data.kind,
        "instructions": data.instructions,
        "time_limit_minutes": data.time_limit_minutes,
        "max_attempts": data.max_attempts,
        "pass_percent": data.pass_percent,
        "competency_pass_percent": None,
        "review_policy": data.review_policy,
        "opens_at": None,
        "closes_at": None,
        "shuffle_questions": True,
        "shuffle_choices": True,
    }
    quiz = Quiz.objects.filter(title=data.title).order_by("pk").first()
    if quiz is None:
        quiz = Quiz(title=data.title, **fields)
    elif all(getattr(quiz, name) == value for name, value in fields.items()):
        fields = {}
    for name, value in fields.items():
        setattr(quiz, name, value)
    wanted = {banks[name].pk: count for name, count in data.draws}
    current = {draw.bank_id: draw for draw in quiz.draws.all()} if quiz.pk else {}
    if not fields and {bank: draw.count for bank, draw in current.items()} == wanted:
        return quiz  # a second run writes nothing
    draws = []
    for bank_id, count in wanted.items():
        draw = current.get(bank_id) or QuizDraw(bank_id=bank_id)
        draw.count = count
        draws.append(draw)
    return quiz_save(quiz=quiz, draws=draws)
