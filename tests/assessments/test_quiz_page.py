"""The attempt page's rough edges (issue 13, item 11), as the server renders them: the
"Terjawab X dari N" counter, the confirm step before a blank submit, the session recovery
wiring (token and login URLs), times in the server's zone, and 409 wording per quiz kind. The
script's side is walked in tests/e2e/test_session_expiry.py."""

import html as html_lib
import re

import pytest

from assessments.forms import is_answered
from assessments.services import attempt_autosave, attempt_start
from tests.assessments.test_no_key_leak import mixed_quiz
from tests.factories.assessments import correct_answers, make_quiz

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(learner_client):
    return learner_client


def page(client, attempt) -> str:
    response = client.get(f"/kuis/percobaan/{attempt.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def data(html: str, name: str) -> str:
    match = re.search(rf'data-{name}="([^"]*)"', html)
    assert match, name
    return html_lib.unescape(match.group(1))


def answered_shown(html: str) -> str:
    count = html.split("data-quiz-count>")[1].split("</p>")[0]
    return re.sub(r"<[^>]+>", "", count).strip()


# --- bad input first: what counts as answered ---------------------------------------------------


@pytest.mark.parametrize(
    "response, prompts, expected",
    [
        (None, None, False),
        ([], None, False),
        ("", None, False),
        ("b", None, True),
        (["a"], None, True),
        ("0", None, True),  # a numeric answer of zero is an answer
        ({}, [{"id": "m1"}, {"id": "m2"}], False),
        ({"m1": "Etika"}, [{"id": "m1"}, {"id": "m2"}], False),  # half-paired: not yet
        ({"m1": "Etika", "m2": ""}, [{"id": "m1"}, {"id": "m2"}], False),
        (["not", "a", "dict"], [{"id": "m1"}], False),
        ({"m1": "Etika", "m2": "Keamanan"}, [{"id": "m1"}, {"id": "m2"}], True),
    ],
)
def test_what_counts_as_answered(response, prompts, expected):
    assert is_answered({"response": response, "prompts": prompts}) is expected


# --- the counter -------------------------------------------------------------------------------


def test_the_counter_starts_from_the_saved_answers(client, learner):
    quiz = make_quiz(banks=(("SP.01", 2, 5, 5),))
    attempt = attempt_start(user=learner, quiz=quiz)
    assert answered_shown(page(client, attempt)) == "Terjawab 0 dari 5"
    key = correct_answers(attempt)
    attempt_autosave(
        attempt_id=attempt.pk, user=learner, sequence=0, answers={0: key[0], 3: key[3]}
    )
    html = page(client, attempt)
    assert answered_shown(html) == "Terjawab 2 dari 5"
    assert "data-quiz-answered>2<" in html  # the number the script updates


def test_a_half_paired_matching_question_is_not_counted(client, learner):
    quiz = mixed_quiz()
    attempt = attempt_start(user=learner, quiz=quiz)
    matching = next(
        position
        for position, item in enumerate(attempt.layout)
        if "m1" in str(attempt.answers.get(position=position).version.data)
    )
    attempt_autosave(
        attempt_id=attempt.pk, user=learner, sequence=0, answers={matching: {"m1": "Etika"}}
    )
    assert answered_shown(page(client, attempt)) == "Terjawab 0 dari 6"


# --- the confirm step --------------------------------------------------------------------------


def test_the_confirm_step_is_in_the_page_hidden_until_asked(client, learner):
    attempt = attempt_start(user=learner, quiz=make_quiz())
    html = page(client, attempt)
    dialog = html.split('<dialog class="quiz-confirm"')[1].split("</dialog>")[0]
    assert " hidden>" in dialog.split("\n")[0]  # no JavaScript: never shown
    assert 'aria-labelledby="quiz-confirm-title"' in dialog
    assert "Kumpulkan jawaban?" in dialog and "Kembali ke soal" in dialog
    assert "Tetap kumpulkan" in dialog
    assert html.index("</form>") < html.index("<dialog")  # its buttons never submit the form
    assert data(html, "msg-unanswered") == "{n} soal belum dijawab. Tetap kumpulkan?"
    assert data(html, "msg-unanswered-one") == "1 soal belum dijawab. Tetap kumpulkan?"
    assert "Belum ada soal yang dijawab" in data(html, "msg-unanswered-all")


# --- session recovery wiring -------------------------------------------------------------------


def test_the_page_knows_where_to_renew_its_token_and_log_in(client, learner):
    attempt = attempt_start(user=learner, quiz=make_quiz())
    html = page(client, attempt)
    assert data(html, "token-url") == "/akun/token-csrf/"
    login = data(html, "login-url")
    assert login == f"/akun/masuk/?next=%2Fkuis%2Fpercobaan%2F{attempt.pk}%2F"
    assert "dikirim sendiri begitu Anda masuk lagi" in data(html, "msg-session")
    assert "dikumpulkan sendiri begitu Anda masuk lagi" in data(html, "msg-session-submit")
    assert data(html, "msg-login") == "Masuk lagi (tab baru)"


def test_the_login_link_ignores_a_forged_query(client, learner):
    attempt = attempt_start(user=learner, quiz=make_quiz())
    response = client.get(f"/kuis/percobaan/{attempt.pk}/?next=https://evil.example/")
    assert "evil" not in data(response.content.decode(), "login-url")


# --- times and wording -------------------------------------------------------------------------


def test_saved_times_are_shown_in_the_servers_zone(client, learner, settings):
    attempt = attempt_start(user=learner, quiz=make_quiz())
    html = page(client, attempt)
    assert settings.TIME_ZONE == "Asia/Jakarta"
    assert data(html, "tz-offset") == "420" and data(html, "tz-name") == "WIB"
    assert data(html, "msg-saved") == "Jawaban tersimpan pukul"


def test_another_zone_is_followed(client, learner, settings):
    settings.TIME_ZONE = "Asia/Makassar"
    attempt = attempt_start(user=learner, quiz=make_quiz())
    html = page(client, attempt)
    assert data(html, "tz-offset") == "480" and data(html, "tz-name") == "WITA"


def test_an_untimed_quiz_never_speaks_of_a_time_limit_on_a_conflict(client, learner):
    attempt = attempt_start(user=learner, quiz=make_quiz(time_limit_minutes=None))
    html = page(client, attempt)
    finished = data(html, "msg-finished")
    assert "sudah dikumpulkan" in finished and "waktu" not in finished.lower()
    assert "waktunya habis" not in html


def test_a_timed_quiz_says_time_is_up_only_for_an_expired_attempt(client, learner):
    attempt = attempt_start(user=learner, quiz=make_quiz(time_limit_minutes=30))
    html = page(client, attempt)
    assert "waktu" not in data(html, "msg-finished").lower()
    assert data(html, "msg-expired").startswith("Waktu mengerjakan sudah habis")
