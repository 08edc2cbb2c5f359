"""``quiz_save``: the quiz with its draws and bands, and the rules the admin form shows."""

import datetime

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from assessments.models import PlacementBand, Quiz, QuizDraw, QuizKind
from assessments.services.quizzes import quiz_save
from lms.competencies.models import Competency
from tests.factories.assessments import make_bank, single_choice

pytestmark = pytest.mark.django_db


@pytest.fixture
def bank():
    bank = make_bank("SP.01", 2)
    for n in range(3):
        single_choice(bank, n)
    return bank


def _codes(error: ValidationError) -> dict[str, list[str]]:
    return {key: [e.code for e in errors] for key, errors in error.error_dict.items()}


def test_a_quiz_is_saved_with_its_draws_and_a_second_save_keeps_the_rows(bank):
    quiz = quiz_save(
        quiz=Quiz(title="Tes", kind=QuizKind.POST_TEST), draws=[QuizDraw(bank=bank, count=2)]
    )
    assert list(quiz.draws.values_list("bank_id", "count")) == [(bank.pk, 2)]
    stored = list(quiz.draws.all())
    quiz_save(quiz=quiz, draws=stored)
    assert QuizDraw.objects.get().pk == stored[0].pk


def test_changed_and_removed_rows_are_updated_and_deleted(bank):
    other = make_bank("SP.02", 3)
    single_choice(other, 0)
    quiz = quiz_save(
        quiz=Quiz(title="Tes", kind=QuizKind.POST_TEST),
        draws=[QuizDraw(bank=bank, count=1), QuizDraw(bank=other, count=1)],
    )
    kept = quiz.draws.get(bank=bank)
    kept.count = 3
    quiz_save(quiz=quiz, draws=[kept])
    assert list(quiz.draws.values_list("bank_id", "count")) == [(bank.pk, 3)]


@pytest.mark.parametrize(
    ("fields", "draws", "expected"),
    [
        ({}, 0, {"draws": ["no_draws"]}),
        ({}, 4, {"draws-0-count": ["bank_too_small"]}),
        ({"pass_percent": 101}, 1, {"pass_percent": ["max_value"]}),
        ({"time_limit_minutes": 0, "max_attempts": 0}, 1,
         {"time_limit_minutes": ["zero"], "max_attempts": ["zero"]}),
        ({"opens_at": datetime.datetime(2026, 12, 2, tzinfo=datetime.UTC),
          "closes_at": datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC)}, 1,
         {"closes_at": ["window"]}),
        ({"kind": QuizKind.PLACEMENT}, 1, {NON_FIELD_ERRORS: ["no_bands"]}),
    ],
)  # fmt: skip
def test_the_rules_are_refused_with_the_admin_forms_codes(bank, fields, draws, expected):
    quiz = Quiz(title="Tes", **{"kind": QuizKind.POST_TEST, **fields})
    with pytest.raises(ValidationError) as error:
        quiz_save(quiz=quiz, draws=[QuizDraw(bank=bank, count=draws)] if draws else [])
    assert _codes(error.value) == expected
    assert not Quiz.objects.exists()


def test_bands_need_a_placement_test_and_a_measured_competency(bank):
    unmeasured = Competency.objects.get(code="SP.03")
    with pytest.raises(ValidationError) as error:
        quiz_save(
            quiz=Quiz(title="Tes", kind=QuizKind.PLACEMENT),
            draws=[QuizDraw(bank=bank, count=1)],
            bands=[PlacementBand(competency=unmeasured, min_percent=50, level=2)],
        )
    assert _codes(error.value) == {NON_FIELD_ERRORS: ["band_unmeasured"]}
    with pytest.raises(ValidationError) as error:
        quiz_save(
            quiz=Quiz(title="Tes", kind=QuizKind.PRE_TEST),
            draws=[QuizDraw(bank=bank, count=1)],
            bands=[PlacementBand(competency=bank.competency, min_percent=50, level=2)],
        )
    assert _codes(error.value) == {NON_FIELD_ERRORS: ["bands_not_placement"]}


def test_a_row_of_another_quiz_is_refused(bank):
    first = quiz_save(
        quiz=Quiz(title="A", kind=QuizKind.POST_TEST), draws=[QuizDraw(bank=bank, count=1)]
    )
    second = quiz_save(
        quiz=Quiz(title="B", kind=QuizKind.POST_TEST), draws=[QuizDraw(bank=bank, count=1)]
    )
    foreign = first.draws.get()
    foreign.count = 2
    with pytest.raises(ValidationError):
        quiz_save(quiz=second, draws=[foreign])
    assert first.draws.get().count == 1
