"""No key material reaches a learner before the review policy allows it (docs/quality.md R5).

Every question type is built with unique markers in its feedback, explanation, accepted answers
and numeric key; the attempt page, the landing page, the result page and every API response
are searched for them (and for a ``correct`` marker) before review is allowed. On the result
page they must appear when the policy allows review (``immediately``), and must not when it is
``never`` or ``after_close`` before the quiz closes.
"""

import datetime
import json
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from assessments.models import Attempt, QuestionBank, QuestionType, Quiz, QuizDraw
from assessments.questions import question_save
from lms.competencies.models import Competency
from tests.factories.assessments import by_letter
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db
JSON_TYPE = "application/json"

FEEDBACK = ["UMPANBALIK-A1", "UMPANBALIK-B2", "UMPANBALIK-C3", "UMPANBALIK-D4", "UMPANBALIK-E5"]
EXPLANATIONS = [f"PEMBAHASAN-RAHASIA-{n}" for n in range(6)]
ACCEPTED = "DITERIMA-KUNCI-XQ"
NUMERIC_KEY, NUMERIC_TOLERANCE = "98765.4321", "0.0123"
MARKERS = [*FEEDBACK, *EXPLANATIONS, ACCEPTED, NUMERIC_KEY, "98765", NUMERIC_TOLERANCE]


def mixed_quiz(**fields) -> Quiz:
    """A quiz with one question of every type, drawn whole, with marker strings in every piece
    of key material. Correct answers: single the 2nd choice, multiple the 1st and 3rd,
    true_false "false", short ACCEPTED, numeric NUMERIC_KEY, matching {"m1": "Etika",
    "m2": "Keamanan"}. Choice ids are random (see :func:`mixed_answers`)."""
    bank = QuestionBank.objects.create(
        name="Bank campuran", competency=Competency.objects.get(code="SP.01"), level=2
    )
    specs = [
        (QuestionType.SINGLE, "Manakah prinsip SPBE?", {"choices": [
            {"id": "a", "text": "Monopoli data", "correct": False, "feedback": FEEDBACK[0]},
            {"id": "b", "text": "Keterpaduan", "correct": True, "feedback": FEEDBACK[1]},
        ]}),
        (QuestionType.MULTIPLE, "Pilih unsur keamanan informasi.", {"choices": [
            {"id": "a", "text": "Kerahasiaan", "correct": True, "feedback": FEEDBACK[2]},
            {"id": "b", "text": "Kemewahan", "correct": False, "feedback": FEEDBACK[3]},
            {"id": "c", "text": "Integritas", "correct": True, "feedback": FEEDBACK[4]},
        ]}),
        (QuestionType.TRUE_FALSE, "Kata sandi boleh dibagikan ke rekan kerja.", {"choices": [
            {"id": "true", "text": "Benar", "correct": False},
            {"id": "false", "text": "Salah", "correct": True},
        ]}),
        (QuestionType.SHORT, "Tulis kode rahasia latihan.", {"accepted": [ACCEPTED]}),
        (QuestionType.NUMERIC, "Berapa nilai konstanta latihan?",
         {"answer": NUMERIC_KEY, "tolerance": NUMERIC_TOLERANCE}),
        (QuestionType.MATCHING, "Jodohkan.", {"pairs": [
            {"id": "m1", "prompt": "Sopan santun daring", "answer": "Etika"},
            {"id": "m2", "prompt": "Kata sandi kuat", "answer": "Keamanan"},
        ]}),
    ]  # fmt: skip
    for (qtype, text, data), explanation in zip(specs, EXPLANATIONS, strict=True):
        question_save(
            bank=bank,
            question_type=qtype,
            text=text,
            data=data,
            explanation=explanation,
            points=Decimal(1),
        )
    quiz = Quiz.objects.create(
        title=fields.pop("title", "Kuis campuran"), kind=fields.pop("kind", "post"), **fields
    )
    QuizDraw.objects.create(quiz=quiz, bank=bank, count=len(specs))
    return quiz


def mixed_answers(attempt: Attempt, *, text_right: bool = True) -> dict[int, object]:
    """Position → the correct response for a ``mixed_quiz`` attempt (with ``text_right=False``
    the short and numeric answers are wrong, so the page cannot echo anything like the key)."""
    by_type = {
        QuestionType.SINGLE: "b",
        QuestionType.MULTIPLE: ["a", "c"],  # authoring letters, turned into ids below
        QuestionType.TRUE_FALSE: "false",
        QuestionType.SHORT: ACCEPTED.lower(),
        QuestionType.NUMERIC: "98765,43",
        QuestionType.MATCHING: {"m1": "Etika", "m2": "Keamanan"},
    }
    if not text_right:
        by_type[QuestionType.SHORT], by_type[QuestionType.NUMERIC] = "jawaban lain", "12,5"
    rows = attempt.answers.select_related("version__question").order_by("position")
    return by_letter(attempt, {row.position: by_type[row.version.question.type] for row in rows})


def assert_no_key_material(text: str, where: str) -> None:
    for marker in MARKERS:
        assert marker not in text, f"{marker!r} leaked in {where}"
    assert "correct" not in text.lower(), f'"correct" marker in {where}'


@pytest.fixture
def browser_client(learner_client):
    return learner_client


def _all_learner_output(client: Client, quiz: Quiz) -> tuple[list[tuple[str, str]], Attempt]:
    """Every page and API response a learner sees from landing to an in-progress attempt."""
    outputs = [("landing", client.get(f"/kuis/{quiz.pk}/").content.decode())]
    started = client.post(f"/api/v1/quizzes/{quiz.pk}/attempts", content_type="application/json")
    assert started.status_code == 200, started.content
    outputs.append(("API start", started.content.decode()))
    attempt = Attempt.objects.get(pk=started.json()["id"])
    fresh = client.get(f"/kuis/percobaan/{attempt.pk}/").content.decode()
    outputs.append(("attempt page (fresh)", fresh))
    answers = {str(k): v for k, v in mixed_answers(attempt, text_right=False).items()}
    saved = client.put(
        f"/api/v1/attempts/{attempt.pk}/answers",
        data=json.dumps({"sequence": 0, "answers": answers}),
        content_type="application/json",
    )
    assert saved.status_code == 200, saved.content
    outputs.append(("API autosave", saved.content.decode()))
    resumed = client.generic("POST", f"/api/v1/quizzes/{quiz.pk}/attempts", b"")
    outputs.append(("API resume (answers saved)", resumed.content.decode()))
    page = client.get(f"/kuis/percobaan/{attempt.pk}/")
    assert page.status_code == 200
    outputs.append(("attempt page (answers saved)", page.content.decode()))
    return outputs, attempt


@pytest.mark.parametrize("policy", ["immediately", "after_close", "never"])
def test_attempt_page_and_api_never_carry_keys(browser_client, policy):
    quiz = mixed_quiz(review_policy=policy)
    outputs, attempt = _all_learner_output(browser_client, quiz)
    for where, text in outputs:
        assert_no_key_material(text, where)
    # The learner's own saved answers are shown back.
    attempt_page = dict(outputs)["attempt page (answers saved)"]
    attempt_page = attempt_page.split('id="quiz-form"')[1].split("</form>")[0]
    assert 'value="jawaban lain"' in attempt_page and 'value="12,5"' in attempt_page
    assert attempt_page.count(" checked") == 4  # single, two of multiple, true/false
    assert attempt_page.count(" selected") == 2  # the two matching prompts
    submitted = browser_client.generic("POST", f"/api/v1/attempts/{attempt.pk}/submit")
    assert submitted.status_code == 200
    assert_no_key_material(submitted.content.decode(), "API submit")
    assert submitted.json()["score"] == 4.0


def test_matching_options_do_not_follow_the_prompts(browser_client):
    """The options are shuffled per attempt and never pre-selected: across attempts they are
    not always listed in the prompts' order (which would give the pairing away)."""
    quiz = mixed_quiz()
    orders = set()
    for _ in range(12):
        data = browser_client.post(
            f"/api/v1/quizzes/{quiz.pk}/attempts", content_type="application/json"
        ).json()
        matching = next(q for q in data["questions"] if q["type"] == "matching")
        assert sorted(o["value"] for o in matching["options"]) == ["Etika", "Keamanan"]
        orders.add(tuple(o["value"] for o in matching["options"]))
        Attempt.objects.filter(pk=data["id"]).delete()
    assert len(orders) == 2


def _submitted_result(client: Client, quiz: Quiz) -> str:
    attempt_id = client.post(
        f"/api/v1/quizzes/{quiz.pk}/attempts", content_type="application/json"
    ).json()["id"]
    attempt = Attempt.objects.get(pk=attempt_id)
    answers = {str(k): v for k, v in mixed_answers(attempt).items()}
    client.post(
        f"/api/v1/attempts/{attempt_id}/submit",
        data=json.dumps({"answers": answers}),
        content_type="application/json",
    )
    response = client.get(f"/kuis/percobaan/{attempt_id}/hasil/")
    assert response.status_code == 200
    return response.content.decode()


def assert_review_shown(html: str) -> None:
    for marker in [*FEEDBACK, *EXPLANATIONS, ACCEPTED, NUMERIC_KEY, NUMERIC_TOLERANCE]:
        assert marker in html, f"{marker} missing from the review"
    assert "Kunci" in html and "100%" in html


def test_result_page_shows_keys_feedback_and_explanations_when_review_is_immediate(
    browser_client,
):
    quiz = mixed_quiz(review_policy="immediately", kind="practice")
    assert_review_shown(_submitted_result(browser_client, quiz))


def test_a_pre_test_never_shows_its_key_whatever_its_policy(browser_client):
    """A pre-test is a diagnostic taken before the lessons, usually from the post-test's banks
    (issue 13): "immediately" shows the score, never the key."""
    html = _submitted_result(browser_client, mixed_quiz(review_policy="immediately", kind="pre"))
    assert_no_key_material(html, "pre-test result")
    assert "Kunci jawaban tes awal tidak ditampilkan" in html


# --- Issue 8, hole 8: the key of one attempt must not answer the next --------------------------


@pytest.mark.parametrize("kind", ["post", "placement"])
def test_a_counting_quiz_shows_its_review_only_once_no_attempt_is_left(browser_client, kind):
    """Post-tests and placement tests (their results are competency evidence) with review
    "immediately" and three attempts: the first two results show the score only; the review
    appears after the third, the last one the learner has."""
    quiz = mixed_quiz(review_policy="immediately", kind=kind, max_attempts=3)
    if kind == "placement":
        from assessments.models import PlacementBand

        PlacementBand.objects.create(
            quiz=quiz, competency=Competency.objects.get(code="SP.01"), min_percent=0, level=1
        )
    for number in (1, 2):
        html = _submitted_result(browser_client, quiz)
        assert_no_key_material(html, f"result of attempt {number} of 3")
        assert "100%" in html and "kesempatan mengerjakan Anda terpakai" in html
    landing = browser_client.get(f"/kuis/{quiz.pk}/").content.decode()
    assert "Setelah kesempatan mengerjakan habis atau kuis ditutup" in landing
    assert_review_shown(_submitted_result(browser_client, quiz))
    # Now that nothing is left, the earlier results show it too.
    first = Attempt.objects.get(quiz=quiz, number=1)
    assert_review_shown(browser_client.get(f"/kuis/percobaan/{first.pk}/hasil/").content.decode())


def test_a_counting_quiz_without_an_attempt_limit_shows_its_review_once_closed(browser_client):
    quiz = mixed_quiz(review_policy="immediately", kind="post")
    html = _submitted_result(browser_client, quiz)
    assert_no_key_material(html, "result of an unlimited post-test")
    attempt = Attempt.objects.get(quiz=quiz)
    Quiz.objects.filter(pk=quiz.pk).update(closes_at=timezone.now() - datetime.timedelta(hours=1))
    assert_review_shown(browser_client.get(f"/kuis/percobaan/{attempt.pk}/hasil/").content.decode())


def test_the_review_rule_counts_only_the_learners_own_attempts(browser_client):
    """Another learner who used every attempt sees the review; this one, with attempts left,
    does not."""
    quiz = mixed_quiz(review_policy="immediately", kind="post", max_attempts=1)
    other = Client()
    other.force_login(UserFactory())
    assert_review_shown(_submitted_result(other, quiz))
    Quiz.objects.filter(pk=quiz.pk).update(max_attempts=2)
    assert_no_key_material(_submitted_result(browser_client, quiz), "own attempt 1 of 2")


def test_the_seeded_tests_show_only_the_score(demo, browser_client):
    """The starter pre-tests and post-tests draw from the same banks: neither shows keys (the
    pre-test once, the post-test three times with other random questions each)."""
    from assessments.selectors import review_allowed

    quizzes = Quiz.objects.filter(kind__in=["pre", "post"])
    assert quizzes.count() == 4
    for quiz in quizzes:
        assert quiz.review_policy == "never"
        assert quiz.max_attempts == (1 if quiz.kind == "pre" else 3)
        attempt_id = browser_client.post(
            f"/api/v1/quizzes/{quiz.pk}/attempts", content_type="application/json"
        ).json()["id"]
        browser_client.post(f"/api/v1/attempts/{attempt_id}/submit", content_type=JSON_TYPE)
        attempt = Attempt.objects.get(pk=attempt_id)
        assert not review_allowed(attempt, timezone.now())
        html = browser_client.get(f"/kuis/percobaan/{attempt_id}/hasil/").content.decode()
        if quiz.kind == "pre":
            assert "Kunci jawaban tes awal tidak ditampilkan" in html
        else:
            assert "tidak ditampilkan untuk kuis ini" in html
        for version in attempt.answers.select_related("version"):
            assert version.version.explanation not in html


@pytest.mark.parametrize(
    ("policy", "closes_in"),
    [("never", None), ("never", -1), ("after_close", 2), ("after_close", None)],
)
def test_result_page_hides_the_review_until_the_policy_allows(browser_client, policy, closes_in):
    """``never`` hides it even after closing; ``after_close`` while the quiz is still open (or
    never closes)."""
    closes_at = timezone.now() + datetime.timedelta(days=closes_in) if closes_in else None
    quiz = mixed_quiz(review_policy=policy, closes_at=closes_at)
    if closes_at and closes_at < timezone.now():
        # The quiz closed after the learner took it.
        Quiz.objects.filter(pk=quiz.pk).update(closes_at=None)
        html = _submitted_result(browser_client, quiz)
        Quiz.objects.filter(pk=quiz.pk).update(closes_at=closes_at)
        attempt = Attempt.objects.get(quiz=quiz)
        html = browser_client.get(f"/kuis/percobaan/{attempt.pk}/hasil/").content.decode()
    else:
        html = _submitted_result(browser_client, quiz)
    assert_no_key_material(html, f"result page ({policy})")
    assert "100%" in html  # the score itself is always shown


def test_after_close_review_appears_once_the_quiz_has_closed(browser_client):
    quiz = mixed_quiz(review_policy="after_close")
    _submitted_result(browser_client, quiz)
    Quiz.objects.filter(pk=quiz.pk).update(closes_at=timezone.now() - datetime.timedelta(hours=1))
    attempt = Attempt.objects.get(quiz=quiz)
    html = browser_client.get(f"/kuis/percobaan/{attempt.pk}/hasil/").content.decode()
    for marker in [*FEEDBACK, *EXPLANATIONS, ACCEPTED]:
        assert marker in html


def test_in_progress_attempt_shows_no_review_even_with_immediate_policy(browser_client):
    quiz = mixed_quiz(review_policy="immediately")
    attempt_id = browser_client.post(
        f"/api/v1/quizzes/{quiz.pk}/attempts", content_type="application/json"
    ).json()["id"]
    response = browser_client.get(f"/kuis/percobaan/{attempt_id}/hasil/")
    assert response.status_code == 302 and response.url == f"/kuis/percobaan/{attempt_id}/"
