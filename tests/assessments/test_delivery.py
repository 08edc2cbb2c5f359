"""Learner quiz pages (no JavaScript): landing, start, the attempt form, submit, result.

Bad and hostile input first: malformed answers, another learner's attempt, starting outside
the window or with no attempts left, a stale form; then the happy paths.
"""

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.models import Attempt, AttemptAnswer, AttemptState, Quiz
from assessments.selectors import (
    attempt_for_learner,
)
from assessments.services import attempt_autosave, attempt_start, attempt_submit
from tests.assessments.test_no_key_leak import ACCEPTED, mixed_quiz
from tests.factories.assessments import by_letter, correct_answers, make_quiz
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(learner_client):
    return learner_client


@pytest.fixture
def other_client():
    client = Client()
    client.force_login(UserFactory())
    return client


def attempt_url(attempt: Attempt, suffix: str = "") -> str:
    return f"/kuis/percobaan/{attempt.pk}/{suffix}"


def form_of(attempt: Attempt, answers: dict[int, object]) -> dict:
    """The POST body the plain HTML form sends for ``answers`` (position → response)."""
    attempt.refresh_from_db()
    data: dict = {"sequence": str(attempt.sequence)}
    for position, response in answers.items():
        if isinstance(response, dict):
            data.update({f"q{position}-{pair}": value for pair, value in response.items()})
        elif response is not None:
            data[f"q{position}"] = response
    return data


def stored(attempt: Attempt) -> dict[int, object]:
    return dict(AttemptAnswer.objects.filter(attempt=attempt).values_list("position", "response"))


# --- Access and bad input -------------------------------------------------------------------


def test_anonymous_is_sent_to_login():
    quiz = make_quiz()
    response = Client().get(f"/kuis/{quiz.pk}/")
    assert response.status_code == 302 and "/akun/masuk/" in response.url
    assert Client().post(f"/kuis/{quiz.pk}/").status_code == 302
    assert not Attempt.objects.exists()


def test_unknown_quiz_is_404(client):
    assert client.get("/kuis/999999/").status_code == 404
    assert client.post("/kuis/999999/").status_code == 404


def test_another_learners_attempt_is_404_on_every_page(learner, other_client):
    attempt = attempt_start(user=learner, quiz=make_quiz())
    assert other_client.get(attempt_url(attempt)).status_code == 404
    response = other_client.post(attempt_url(attempt), form_of(attempt, correct_answers(attempt)))
    assert response.status_code == 404
    assert other_client.get(attempt_url(attempt, "hasil/")).status_code == 404
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.IN_PROGRESS and attempt.sequence == 0
    assert set(stored(attempt).values()) == {None}
    # Finished, it is still not theirs to read.
    attempt_submit(attempt=attempt, user=learner)
    assert other_client.get(attempt_url(attempt, "hasil/")).status_code == 404


@pytest.mark.parametrize(
    "bad",
    [
        {"q0": "zzz"},  # not a choice of the question
        {"q0": "<script>alert(1)</script>"},
    ],
)
def test_malformed_answer_is_refused_with_400_and_nothing_changes(client, learner, bad):
    attempt = attempt_start(user=learner, quiz=make_quiz())
    data = {**form_of(attempt, by_letter(attempt, {1: "a"})), **bad}
    response = client.post(attempt_url(attempt), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html and "tidak valid" in html
    assert "<script>alert(1)</script>" not in html
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.IN_PROGRESS
    assert set(stored(attempt).values()) == {None}


def test_malformed_mixed_answers_are_refused(client, learner):
    quiz = mixed_quiz()
    attempt = attempt_start(user=learner, quiz=quiz)
    types = {q["position"]: q["type"] for q in attempt_for_learner(attempt)["questions"]}
    multiple = next(p for p, t in types.items() if t == "multiple")
    short = next(p for p, t in types.items() if t == "short")
    for bad in (
        {f"q{multiple}": ["a", "a"]},  # duplicated ticks
        {f"q{multiple}": ["a", "zz"]},
        {f"q{short}": "x" * 501},  # longer than any accepted answer may be
    ):
        response = client.post(attempt_url(attempt), {**form_of(attempt, {}), **bad})
        assert response.status_code == 400, bad
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.IN_PROGRESS
    assert set(stored(attempt).values()) == {None}


def test_refused_form_keeps_what_the_learner_entered(client, learner):
    quiz = mixed_quiz()
    attempt = attempt_start(user=learner, quiz=quiz)
    types = {q["position"]: q["type"] for q in attempt_for_learner(attempt)["questions"]}
    single = next(p for p, t in types.items() if t == "single")
    short = next(p for p, t in types.items() if t == "short")
    data = {**form_of(attempt, {short: "jawaban saya"}), f"q{single}": "zzz"}
    html = client.post(attempt_url(attempt), data).content.decode()
    assert 'value="jawaban saya"' in html


@pytest.mark.parametrize("sequence", ["", "abc", "-1", "1", "99999999999"])
def test_stale_or_missing_sequence_shows_the_saved_answers_and_does_not_submit(
    client, learner, sequence
):
    attempt = attempt_start(user=learner, quiz=make_quiz())
    saved = by_letter(attempt, {0: "b", 1: "c", 2: None})
    attempt_autosave(attempt_id=attempt.pk, user=learner, sequence=0, answers={0: saved[0]})
    attempt_autosave(attempt_id=attempt.pk, user=learner, sequence=1, answers={1: saved[1]})
    data = {**form_of(attempt, by_letter(attempt, {0: "a", 1: "a", 2: "a"})), "sequence": sequence}
    response = client.post(attempt_url(attempt), data)
    assert response.status_code == 409
    assert "tab atau perangkat lain" in response.content.decode()
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.IN_PROGRESS and attempt.sequence == 2
    assert stored(attempt) == saved
    # The page now carries the current sequence: submitting it again works.
    assert 'name="sequence" value="2"' in response.content.decode()


def test_start_outside_the_window_is_refused(client):
    now = timezone.now()
    early = make_quiz(opens_at=now + datetime.timedelta(hours=1))
    late = make_quiz(closes_at=now - datetime.timedelta(hours=1), title="Tutup")
    for quiz, text in ((early, "belum dibuka"), (late, "sudah ditutup")):
        response = client.post(f"/kuis/{quiz.pk}/", follow=True)
        assert text in response.content.decode()
        assert "Mulai mengerjakan" not in response.content.decode()
    assert not Attempt.objects.exists()


def test_no_attempts_left(client, learner):
    quiz = make_quiz(max_attempts=1)
    attempt_submit(attempt=attempt_start(user=learner, quiz=quiz), user=learner)
    response = client.post(f"/kuis/{quiz.pk}/", follow=True)
    html = response.content.decode()
    assert "sudah habis" in html and "1 dari 1 terpakai, sisa 0" in html
    assert "Mulai" not in re.sub(r"<(script|head).*?</\1>", "", html, flags=re.S)
    assert Attempt.objects.filter(quiz=quiz).count() == 1


@pytest.mark.parametrize("halaman", ["abc", "-3", "0", "99999999999", "１２"])
def test_bad_page_parameter_is_ignored(client, learner, halaman):
    quiz = make_quiz()
    client.post(f"/kuis/{quiz.pk}/?halaman={halaman}", {"halaman": halaman})
    assert Attempt.objects.get(quiz=quiz, user=learner).page_id is None


def test_bank_too_small_is_explained(client):
    quiz = make_quiz(banks=(("SP.01", 2, 2, 3),))
    response = client.post(f"/kuis/{quiz.pk}/", follow=True)
    assert "hanya berisi 2" in response.content.decode()
    assert not Attempt.objects.exists()


def test_get_is_not_a_submit_and_other_methods_are_refused(client, learner):
    attempt = attempt_start(user=learner, quiz=make_quiz())
    assert client.get(attempt_url(attempt), {"q0": "a", "sequence": "0"}).status_code == 200
    assert client.put(attempt_url(attempt)).status_code == 405
    assert client.post(attempt_url(attempt, "hasil/")).status_code == 405
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.IN_PROGRESS and stored(attempt)[0] is None


def test_form_post_without_csrf_token_is_refused(learner):
    attempt = attempt_start(user=learner, quiz=make_quiz())
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    response = client.post(attempt_url(attempt), form_of(attempt, correct_answers(attempt)))
    assert response.status_code == 403
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.IN_PROGRESS


# --- Happy paths ----------------------------------------------------------------------------


def test_landing_shows_instructions_and_carries_the_lesson_page(client, learner):
    quiz = make_quiz(instructions="Kerjakan dengan jujur.", time_limit_minutes=20, max_attempts=3)
    html = client.get(f"/kuis/{quiz.pk}/?halaman=42").content.decode()
    assert "Kerjakan dengan jujur." in html and "Tes akhir" in html
    assert "20 menit" in html and "0 dari 3 terpakai, sisa 3" in html
    assert 'name="halaman" value="42"' in html and "Mulai mengerjakan" in html
    response = client.post(f"/kuis/{quiz.pk}/", {"halaman": "42"})
    attempt = Attempt.objects.get(quiz=quiz, user=learner)
    assert response.status_code == 302 and response.url == attempt_url(attempt)
    assert attempt.page_id == 42
    # Back on the landing page the running attempt is offered for resuming, not a new one.
    html = client.get(f"/kuis/{quiz.pk}/").content.decode()
    assert "Lanjutkan mengerjakan" in html
    client.post(f"/kuis/{quiz.pk}/")
    assert Attempt.objects.filter(quiz=quiz, user=learner).count() == 1


def test_attempt_page_is_an_accessible_plain_form(client, learner):
    quiz = make_quiz(time_limit_minutes=30)
    attempt = attempt_start(user=learner, quiz=quiz)
    html = client.get(attempt_url(attempt)).content.decode()
    form = html.split('id="quiz-form"')[1].split("</form>")[0]
    assert 'method="post"' in html.split('id="quiz-form"')[0].rsplit("<form", 1)[1]
    assert form.count("<fieldset") == 3 and form.count("<legend>") == 3
    assert form.count('type="radio"') == 9
    assert 'name="sequence" value="0"' in form and "Kumpulkan jawaban" in form
    for label_for in re.findall(r'<input type="radio"[^>]* id="([^"]+)"', form):
        assert f'<label for="{label_for}">' in form
    deadline = timezone.localtime(attempt.deadline)
    assert deadline.strftime("%H.%M") in html  # clock time, from the server's value
    assert 'role="alert"' in html and "assessments/quiz.js" in html
    assert "Cache-Control" in client.get(attempt_url(attempt)).headers


def test_no_js_submit_counts_every_answer(client, learner):
    quiz = make_quiz(banks=(("SP.01", 2, 6, 6),))
    attempt = attempt_start(user=learner, quiz=quiz)
    answers = correct_answers(attempt)
    answers.update(by_letter(attempt, {5: "b"}))  # one wrong (the factory's key is "a")
    response = client.post(attempt_url(attempt), form_of(attempt, answers))
    assert response.status_code == 302 and response.url == attempt_url(attempt, "hasil/")
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.SUBMITTED
    assert stored(attempt) == answers
    assert attempt.score == 5 and attempt.max_score == 6
    html = client.get(response.url).content.decode()
    assert "sudah dikumpulkan" in html and "83,33%" in html


def test_no_js_submit_of_every_question_type(client, learner):
    quiz = mixed_quiz()
    attempt = attempt_start(user=learner, quiz=quiz)
    by_type = {
        "single": "b",
        "multiple": ["a", "c"],
        "true_false": "false",
        "short": f"  {ACCEPTED.lower()} ",
        "numeric": "98765,43",
        "matching": {"m1": "Etika", "m2": "Keamanan"},
    }
    positions = {q["position"]: q["type"] for q in attempt_for_learner(attempt)["questions"]}
    answers = by_letter(
        attempt, {position: by_type[qtype] for position, qtype in positions.items()}
    )
    response = client.post(attempt_url(attempt), form_of(attempt, answers))
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert stored(attempt) == answers
    assert attempt.score == attempt.max_score == 6 and attempt.passed is True


def test_empty_fields_clear_saved_answers(client, learner):
    """The form carries the whole state: an emptied text field or unticked boxes clear."""
    quiz = mixed_quiz()
    attempt = attempt_start(user=learner, quiz=quiz)
    positions = {q["type"]: q["position"] for q in attempt_for_learner(attempt)["questions"]}
    attempt_autosave(
        attempt_id=attempt.pk,
        user=learner,
        sequence=0,
        answers=by_letter(attempt, {positions["short"]: "x", positions["multiple"]: ["a"]}),
    )
    data = {**form_of(attempt, {}), f"q{positions['short']}": "   "}
    client.post(attempt_url(attempt), data)
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.SUBMITTED
    assert set(stored(attempt).values()) == {None} and attempt.score == 0


def test_finished_attempt_redirects_to_the_result_and_cannot_be_resubmitted(client, learner):
    attempt = attempt_start(user=learner, quiz=make_quiz())
    answers = correct_answers(attempt)
    client.post(attempt_url(attempt), form_of(attempt, answers))
    attempt.refresh_from_db()
    first = (attempt.score, attempt.finished_at)
    assert client.get(attempt_url(attempt)).url == attempt_url(attempt, "hasil/")
    wrong = by_letter(attempt, dict.fromkeys(answers, "c"))
    response = client.post(attempt_url(attempt), {**form_of(attempt, wrong), "sequence": "0"})
    assert response.status_code == 302 and response.url == attempt_url(attempt, "hasil/")
    attempt.refresh_from_db()
    assert (attempt.score, attempt.finished_at) == first and stored(attempt) == answers


def test_overdue_attempt_is_finished_with_its_saved_answers(client, learner):
    quiz = make_quiz(time_limit_minutes=10)
    attempt = attempt_start(user=learner, quiz=quiz)
    first = correct_answers(attempt)[0]
    attempt_autosave(attempt_id=attempt.pk, user=learner, sequence=0, answers={0: first})
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() - datetime.timedelta(seconds=1)
    )
    # A form posted after the deadline: the late answers are not taken.
    response = client.post(attempt_url(attempt), form_of(attempt, correct_answers(attempt)))
    assert response.url == attempt_url(attempt, "hasil/")
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.EXPIRED and attempt.score == 1
    assert "Waktu mengerjakan habis" in client.get(response.url).content.decode()


def test_result_shows_score_pass_and_competencies(client, learner):
    quiz = make_quiz(banks=(("SP.01", 2, 4, 2), ("SP.07", 2, 3, 2)), pass_percent=50)
    attempt = attempt_start(user=learner, quiz=quiz)
    client.post(attempt_url(attempt), form_of(attempt, correct_answers(attempt)))
    html = client.get(attempt_url(attempt, "hasil/")).content.decode()
    assert "Lulus" in html and "100%" in html and "4 dari 4" in html
    assert "SP.01" in html and "SP.07" in html
    # The landing page lists it as a previous result with the best score.
    landing = client.get(f"/kuis/{quiz.pk}/").content.decode()
    assert "Nilai terbaik" in landing and attempt_url(attempt, "hasil/") in landing


def test_page_query_counts_do_not_grow_with_questions(client, learner):
    """Each page costs the same number of queries for 3 or 20 questions (the base template's
    site settings, menu and permissions included)."""
    small = attempt_start(user=learner, quiz=make_quiz(banks=(("SP.01", 2, 3, 3),)))
    large = attempt_start(
        user=learner, quiz=make_quiz(banks=(("SP.01", 2, 12, 12), ("SP.07", 2, 8, 8)))
    )
    client.get(f"/kuis/{small.quiz_id}/")  # warm up: site settings are created once

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    pages = {"attempt": [count(attempt_url(a)) for a in (small, large)]}
    for attempt in (small, large):
        attempt_submit(attempt=attempt, user=learner)
    pages["result"] = [count(attempt_url(a, "hasil/")) for a in (small, large)]
    pages["landing"] = [count(f"/kuis/{a.quiz_id}/") for a in (small, large)]
    for name, (few, many) in pages.items():
        assert few == many, f"{name} page: {few} queries for 3 questions, {many} for 20"
    assert pages["attempt"][0] <= 10 and pages["result"][0] <= 10 and pages["landing"][0] <= 10


def test_quiz_block_links_to_the_landing_page(learner):
    """The lesson block's fallback template links here with the lesson page id."""
    from django.template.loader import render_to_string

    quiz = Quiz.objects.create(title="Tes awal", kind="pre")
    html = render_to_string(
        "assessments/blocks/quiz_block.html",
        {"value": {"quiz": quiz, "required": True}, "page": type("P", (), {"pk": 7})()},
    )
    assert f'href="/kuis/{quiz.pk}/?halaman=7"' in html
