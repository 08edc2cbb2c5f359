"""Banks, questions and quizzes for tests, built through the authoring service."""

from decimal import Decimal

from assessments.models import QuestionBank, QuestionType, Quiz, QuizDraw
from assessments.questions import question_save
from lms.competencies.models import Competency


def make_bank(code: str = "SP.01", level: int = 2, name: str | None = None) -> QuestionBank:
    return QuestionBank.objects.create(
        name=name or f"Bank {code} L{level}",
        competency=Competency.objects.get(code=code),
        level=level,
    )


def single_choice(bank: QuestionBank, n: int, *, points: Decimal = Decimal(1)):
    return question_save(
        bank=bank,
        question_type=QuestionType.SINGLE,
        text=f"Soal {n}: manakah prinsip SPBE?",
        data={
            "choices": [
                {"id": "a", "text": "Keterpaduan", "correct": True, "feedback": "Benar."},
                {"id": "b", "text": "Kerahasiaan mutlak", "correct": False, "feedback": "Bukan."},
                {"id": "c", "text": "Monopoli data", "correct": False, "feedback": "Bukan."},
            ]
        },
        explanation="Perpres 95/2018 menyebut keterpaduan sebagai salah satu prinsip.",
        points=points,
    )


def make_quiz(
    *,
    banks: tuple[tuple[str, int, int, int], ...] = (("SP.01", 2, 5, 3),),
    kind: str = "post",
    **fields,
) -> Quiz:
    """A quiz drawing from banks given as (competency code, level, questions in bank, drawn)."""
    quiz = Quiz.objects.create(title=fields.pop("title", "Tes akhir SPBE"), kind=kind, **fields)
    for code, level, size, drawn in banks:
        bank = make_bank(code, level)
        for n in range(size):
            single_choice(bank, n)
        QuizDraw.objects.create(quiz=quiz, bank=bank, count=drawn)
    return quiz


def correct_answers(attempt) -> dict[int, str]:
    """Position → the correct choice id, for every question of the attempt."""
    from assessments.models import QuestionVersion

    versions = QuestionVersion.objects.in_bulk([item["v"] for item in attempt.layout])
    return {
        position: next(c["id"] for c in versions[item["v"]].data["choices"] if c["correct"])
        for position, item in enumerate(attempt.layout)
    }
