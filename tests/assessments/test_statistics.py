"""Item statistics and normalised gain on hand-built attempts with known answers.

The expected figures are computed here independently of the SQL in ``assessments.statistics``:
facility and distractor counts by hand, discrimination with the standard library's Pearson
correlation over the item scores and rest scores written out below.
"""

import datetime
import math
import statistics as pystats
from decimal import Decimal

import pytest
from django.utils import timezone

from assessments.models import (
    Attempt,
    AttemptState,
    Question,
    QuestionType,
    Quiz,
    QuizDraw,
)
from assessments.questions import question_save
from assessments.services import attempt_start, attempt_submit
from assessments.statistics import normalised_gain, quiz_item_statistics
from tests.admin.conftest import client_for, make_user
from tests.factories.assessments import make_bank, single_choice
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


def multiple_choice(bank):
    return question_save(
        bank=bank,
        question_type=QuestionType.MULTIPLE,
        text="Manakah yang termasuk layanan SPBE?",
        data={
            "choices": [
                {"id": "a", "text": "Layanan administrasi", "correct": True},
                {"id": "b", "text": "Layanan publik", "correct": True},
                {"id": "c", "text": "Layanan katering", "correct": False},
            ]
        },
    )


@pytest.fixture
def item_quiz():
    return item_quiz_data()


def item_quiz_data() -> tuple[Quiz, list[Question]]:
    """Three single-choice questions (key "a") and one multiple-choice (keys "a", "b"), all
    drawn in every attempt, one point each."""
    quiz = Quiz.objects.create(title="Latihan SPBE", kind="practice", shuffle_questions=True)
    singles = make_bank("SP.01", 2)
    questions = [single_choice(singles, n) for n in (1, 2, 3)]
    QuizDraw.objects.create(quiz=quiz, bank=singles, count=3)
    multi_bank = make_bank("SP.02", 2)
    questions.append(multiple_choice(multi_bank))
    QuizDraw.objects.create(quiz=quiz, bank=multi_bank, count=1)
    return quiz, questions


def letters(question: Question) -> str:
    """The authoring letters of the question's choices ("abc"): ids are random, the tests
    write responses with letters (``a`` = the first choice written)."""
    return "abcdefgh"[: len(question.current_version.data["choices"])]


def choice_id(question: Question, letter: str) -> str:
    return question.current_version.data["choices"][letters(question).index(letter)]["id"]


def take(quiz: Quiz, questions: list[Question], responses: list, *, user=None) -> Attempt:
    """Starts and submits an attempt answering ``questions[i]`` with ``responses[i]``
    (authoring letters, turned into the choice ids)."""
    user = user or UserFactory()
    attempt = attempt_start(user=user, quiz=quiz)
    position = {item["v"]: index for index, item in enumerate(attempt.layout)}
    answers = {
        position[question.current_version_id]: (
            [choice_id(question, r) for r in response]
            if isinstance(response, list)
            else choice_id(question, response)
        )
        for question, response in zip(questions, responses, strict=True)
        if response is not None
    }
    return attempt_submit(attempt=attempt, user=user, answers=answers)


# Responses of five learners to (Q1, Q2, Q3, M).
RESPONSES = [
    ["a", "a", "a", ["a", "b"]],  # 1 1 1 1   = 4
    ["a", "a", "b", ["a"]],  # 1 1 0 0.5 = 2.5
    ["a", "b", "c", ["a", "c"]],  # 1 0 0 0   = 1
    ["b", "a", None, ["b", "a"]],  # 0 1 0 1  = 2
    ["c", "b", "b", None],  # 0 0 0 0   = 0
]
ITEM_SCORES = [
    [1, 1, 1, 1],
    [1, 1, 0, 0.5],
    [1, 0, 0, 0],
    [0, 1, 0, 1],
    [0, 0, 0, 0],
]


def expected_discrimination(item: int) -> float:
    """Pearson r between the item score and the rest score (percentage of the other 3 points)."""
    x = [scores[item] for scores in ITEM_SCORES]
    rest = [(sum(scores) - scores[item]) / 3 * 100 for scores in ITEM_SCORES]
    return pystats.correlation(x, rest)


@pytest.fixture
def answered(item_quiz):
    quiz, questions = item_quiz
    for responses in RESPONSES:
        take(quiz, questions, responses)
    attempt_start(user=UserFactory(), quiz=quiz)  # in progress: not counted
    return quiz, questions


def by_question(stats) -> dict[int, object]:
    return {item.question_id: item for item in stats.items}


def test_an_empty_quiz_has_no_items_and_no_figures(item_quiz):
    quiz, _questions = item_quiz
    stats = quiz_item_statistics(quiz.pk)
    assert stats.attempts == 0
    assert stats.items == []
    assert stats.mean_percent is None
    assert stats.pass_rate is None
    assert not stats.reliable


def test_facility_is_the_mean_score_fraction_with_partial_credit(answered):
    quiz, (q1, q2, q3, multi) = answered
    items = by_question(quiz_item_statistics(quiz.pk))
    assert items[q1.pk].facility == pytest.approx(3 / 5)
    assert items[q2.pk].facility == pytest.approx(3 / 5)
    assert items[q3.pk].facility == pytest.approx(1 / 5)
    assert items[multi.pk].facility == pytest.approx(2.5 / 5)


def test_in_progress_attempts_are_left_out_and_unanswered_items_are_counted(answered):
    quiz, (q1, _q2, q3, multi) = answered
    stats = quiz_item_statistics(quiz.pk)
    items = by_question(stats)
    assert stats.attempts == 5
    assert stats.mean_percent == pytest.approx((100 + 62.5 + 25 + 50 + 0) / 5)
    assert (items[q1.pk].shown, items[q1.pk].answered) == (5, 5)
    assert (items[q3.pk].shown, items[q3.pk].answered) == (5, 4)
    assert (items[multi.pk].shown, items[multi.pk].answered) == (5, 4)
    assert not stats.reliable


def test_discrimination_is_the_corrected_point_biserial(answered):
    quiz, questions = answered
    items = by_question(quiz_item_statistics(quiz.pk))
    for index, question in enumerate(questions):
        assert items[question.pk].discrimination == pytest.approx(
            expected_discrimination(index), abs=1e-9
        )
    # Q1 by hand: x = 1 1 1 0 0, rest = 100 50 0 200/3 0 (% of the other three points)
    # → Sxy = 20, Sxx = 1.2, Syy = 68000/9 (sums of products of deviations from the means).
    r = 20 / math.sqrt(1.2 * 68000 / 9)
    assert items[questions[0].pk].discrimination == pytest.approx(r)
    assert round(r, 4) == 0.2100


def test_distractor_counts_per_choice_including_multiple_choice_lists(answered):
    quiz, (q1, q2, q3, multi) = answered
    items = by_question(quiz_item_statistics(quiz.pk))

    def counts(question):
        item = items[question.pk]
        letter = {choice_id(question, x): x for x in letters(question)}
        return {letter[c.id]: c.count for c in item.choices}, item.unanswered_choice

    assert counts(q1) == ({"a": 3, "b": 1, "c": 1}, 0)
    assert counts(q2) == ({"a": 3, "b": 2, "c": 0}, 0)
    assert counts(q3) == ({"a": 1, "b": 2, "c": 1}, 1)
    # ["a", "b"] and ["b", "a"] are different JSON values but the same choices.
    assert counts(multi) == ({"a": 4, "b": 2, "c": 1}, 1)
    assert [choice.correct for choice in items[multi.pk].choices] == [True, True, False]


def test_no_variance_gives_no_discrimination(item_quiz):
    quiz, questions = item_quiz
    for _ in range(3):
        take(quiz, questions, ["a", "a", "a", ["a", "b"]])
    items = by_question(quiz_item_statistics(quiz.pk))
    assert all(item.discrimination is None for item in items.values())
    assert all(item.facility == pytest.approx(1.0) for item in items.values())


def test_a_new_version_is_a_separate_item(answered):
    quiz, (q1, q2, q3, multi) = answered
    old_version = q1.current_version_id
    question_save(
        bank=q1.bank,
        question_type=QuestionType.SINGLE,
        text="Soal 1 (diperbaiki): manakah prinsip SPBE?",
        data=q1.current_version.data,
        question=q1,
    )
    q1.refresh_from_db()
    take(quiz, [q1, q2, q3, multi], ["b", "a", "a", ["a", "b"]])
    items = {item.version_id: item for item in quiz_item_statistics(quiz.pk).items}
    assert items[old_version].shown == 5
    assert items[q1.current_version_id].shown == 1
    assert items[q1.current_version_id].version_number == 2
    assert items[q1.current_version_id].facility == 0


def test_the_statistics_selector_uses_four_queries(answered, django_assert_num_queries):
    quiz, _questions = answered
    with django_assert_num_queries(4):
        quiz_item_statistics(quiz.pk)


# --- The admin page ----------------------------------------------------------------------------


def stats_url(quiz: Quiz) -> str:
    return f"/admin/snippets/assessments/quiz/statistics/{quiz.pk}/"


def test_learners_cannot_open_the_statistics_page(answered):
    quiz, _questions = answered
    response = client_for(make_user("Peserta")).get(stats_url(quiz))
    assert response.status_code in {302, 403}
    assert "Statistik butir" not in response.content.decode()


def author_of(quiz: Quiz):
    """A Pengajar who created ``quiz``: the statistics page follows the authoring scope
    (docs/security.md; another trainer's quiz is a 404, tests/assessments/test_trainer_scope)."""
    trainer = make_user("Pengajar")
    Quiz.objects.filter(pk=quiz.pk).update(created_by=trainer)
    return trainer


def test_the_statistics_page_warns_when_there_are_few_attempts(answered):
    quiz, (q1, *_rest) = answered
    response = client_for(author_of(quiz)).get(stats_url(quiz))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="stats-unreliable"' in html
    assert f'data-testid="stats-row-{q1.current_version_id}"' in html
    assert "Kerahasiaan mutlak" in html  # distractor texts are listed


def test_a_missing_quiz_is_a_404():
    response = client_for(make_user("Pengajar")).get(
        "/admin/snippets/assessments/quiz/statistics/999/"
    )
    assert response.status_code == 404


def _many_attempts(quiz: Quiz, questions: list[Question], count: int) -> None:
    for index in range(count):
        take(quiz, questions, RESPONSES[index % len(RESPONSES)])


@pytest.mark.parametrize("count", [5, 50])
def test_the_statistics_page_query_count_does_not_grow_with_attempts(
    item_quiz, count, django_assert_max_num_queries
):
    quiz, questions = item_quiz
    _many_attempts(quiz, questions, count)
    client = client_for(author_of(quiz))
    client.get(stats_url(quiz))  # warm up session and permission caches
    with django_assert_max_num_queries(16):
        response = client.get(stats_url(quiz))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'data-testid="stats-attempts">{count}<' in html
    assert ('data-testid="stats-unreliable"' in html) is (count < 20)


# --- Normalised gain ---------------------------------------------------------------------------


def finished(user, quiz: Quiz, number: int, percent: str, state=AttemptState.SUBMITTED):
    now = timezone.now() + datetime.timedelta(minutes=number)
    return Attempt.objects.create(
        user=user,
        quiz=quiz,
        number=number,
        state=state,
        seed=number,
        finished_at=None if state == AttemptState.IN_PROGRESS else now,
        percent=None if state == AttemptState.IN_PROGRESS else Decimal(percent),
    )


def test_normalised_gain_without_learners_is_empty():
    pre = Quiz.objects.create(title="Tes awal", kind="pre")
    post = Quiz.objects.create(title="Tes akhir", kind="post")
    assert normalised_gain(pre.pk, post.pk) == {
        "n": 0,
        "n_gain": 0,
        "pre_mean": None,
        "post_mean": None,
        "gain": None,
    }


def test_normalised_gain_is_the_mean_of_the_learners_gains():
    pre = Quiz.objects.create(title="Tes awal", kind="pre")
    post = Quiz.objects.create(title="Tes akhir", kind="post")
    other = Quiz.objects.create(title="Kuis lain", kind="post")
    u1, u2, u3, u4, u5, u6, u7 = (UserFactory() for _ in range(7))
    finished(u1, pre, 1, "40")
    finished(u1, post, 1, "70")  # g = 30 / 60 = 0.5
    finished(u2, pre, 1, "50")
    finished(u2, post, 1, "100")  # g = 50 / 50 = 1
    finished(u3, pre, 1, "100")
    finished(u3, post, 1, "90")  # pre = 100: in the means, not in ⟨g⟩
    finished(u4, pre, 1, "20")  # the first pre-test counts …
    finished(u4, pre, 2, "60")
    finished(u4, post, 1, "30")
    finished(u4, post, 2, "60", state=AttemptState.EXPIRED)  # … and the latest post-test
    finished(u4, other, 1, "100")  # g = 40 / 80 = 0.5
    finished(u5, pre, 1, "10")  # no post-test
    finished(u6, post, 1, "80")  # no pre-test
    finished(u7, pre, 1, "0", state=AttemptState.IN_PROGRESS)
    finished(u7, post, 1, "90")
    result = normalised_gain(pre.pk, post.pk)
    assert result["n"] == 4
    assert result["n_gain"] == 3
    assert result["pre_mean"] == pytest.approx((40 + 50 + 100 + 20) / 4)
    assert result["post_mean"] == pytest.approx((70 + 100 + 90 + 60) / 4)
    assert result["gain"] == pytest.approx((0.5 + 1 + 0.5) / 3)


def test_normalised_gain_can_be_negative():
    pre = Quiz.objects.create(title="Tes awal", kind="pre")
    post = Quiz.objects.create(title="Tes akhir", kind="post")
    user = UserFactory()
    finished(user, pre, 1, "60")
    finished(user, post, 1, "40")
    assert normalised_gain(pre.pk, post.pk)["gain"] == pytest.approx(-0.5)
