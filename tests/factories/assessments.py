"""Banks, questions and quizzes for tests, built through the authoring service."""

from decimal import Decimal

from assessments.models import QuestionBank, QuestionType, Quiz, QuizDraw
from assessments.questions import question_save
from lms.competencies.models import Competency


def make_bank(
    code: str = "SP.01", level: int = 2, name: str | None = None, *, created_by=None
) -> QuestionBank:
    return QuestionBank.objects.create(
        name=name or f"Bank {code} L{level}",
        competency=Competency.objects.get(code=code),
        level=level,
        created_by=created_by,
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
    created_by=None,
    **fields,
) -> Quiz:
    """A quiz drawing from banks given as (competency code, level, questions in bank, drawn);
    ``created_by`` is the author of the quiz and its banks (docs/security.md: authoring scope)."""
    quiz = Quiz.objects.create(
        title=fields.pop("title", "Tes akhir SPBE"), kind=kind, created_by=created_by, **fields
    )
    for code, level, size, drawn in banks:
        bank = make_bank(code, level, created_by=created_by)
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


LETTERS = "abcdefgh"


def by_letter(attempt, answers: dict) -> dict:
    """``answers`` written with authoring letters ("a" = the first choice written, "b" the
    second, ...) turned into the attempt's choice ids, which are random
    (``assessments.questions.keyed_choices``). Keys are positions (int or str); anything that
    is not a letter of a choice of that position (a wrong shape, "zzz", "true") is left as is,
    so malformed answers stay malformed."""
    from assessments.models import Attempt, QuestionVersion

    if not isinstance(attempt, Attempt):
        attempt = Attempt.objects.get(pk=attempt)
    layout = attempt.layout
    versions = QuestionVersion.objects.in_bulk([item["v"] for item in layout])

    def choice_ids(key) -> list[str]:
        text = str(key)
        if not (text.isascii() and text.isdigit() and int(text) < len(layout)):
            return []
        data = versions[layout[int(text)]["v"]].data
        return [c["id"] for c in data.get("choices", []) if c["id"] not in ("true", "false")]

    def one(ids: list[str], value):
        if isinstance(value, str) and len(value) == 1 and LETTERS.find(value) in range(len(ids)):
            return ids[LETTERS.index(value)]
        return value

    converted = {}
    for key, value in answers.items():
        ids = choice_ids(key)
        converted[key] = (
            [one(ids, v) for v in value] if isinstance(value, list) else one(ids, value)
        )
    return converted
