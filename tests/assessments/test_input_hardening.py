"""Unusual input is refused with a 400 and a clear message, never a 500 (issue 8, hole 7).

NUL and lone surrogates in text, ``NaN``/``Infinity``/``1e999`` as numbers, through the API
(JSON can carry ``\\u0000`` and ``\\ud800`` escapes and ``NaN`` literals) and the plain HTML
form; nothing is saved and the attempt is unchanged. And the API answers JSON for every error,
with ``DEBUG`` off as in production (and on).
"""

import json
import logging

import pytest
from django.test import Client

from assessments.models import Attempt, AttemptAnswer, AttemptState
from assessments.selectors import attempt_for_learner
from assessments.services import attempt_start
from lms.core.safe_input import json_problem, number_problem, strict_json_loads, text_problem
from tests.assessments.test_no_key_leak import mixed_quiz
from tests.factories.assessments import make_quiz

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture
def client(learner_client):
    return learner_client


@pytest.fixture
def attempt(learner):
    return attempt_start(user=learner, quiz=mixed_quiz())


def positions(attempt: Attempt) -> dict[str, int]:
    return {q["type"]: q["position"] for q in attempt_for_learner(attempt)["questions"]}


def untouched(attempt: Attempt) -> None:
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.IN_PROGRESS and attempt.sequence == 0
    assert not AttemptAnswer.objects.filter(attempt=attempt, response__isnull=False).exists()


def put_raw(client: Client, attempt: Attempt, body: str):
    return client.put(f"/api/v1/attempts/{attempt.pk}/answers", body, content_type=JSON)


def post_raw(client: Client, attempt: Attempt, body: str):
    return client.post(f"/api/v1/attempts/{attempt.pk}/submit", body, content_type=JSON)


# --- The rules, one place ----------------------------------------------------------------------


@pytest.mark.parametrize("text", ["a\x00b", "\x00", "x\ud800", "\udfff", "\ud83d"])
def test_text_with_nul_or_a_lone_surrogate_is_refused(text):
    assert text_problem(text) and "tidak diizinkan" in text_problem(text)


@pytest.mark.parametrize("text", ["", "biasa", "😀 emoji", "Perpres 95/2018", "\ufffd", "\t\n"])
def test_ordinary_text_is_fine(text):
    assert text_problem(text) is None


@pytest.mark.parametrize(
    "value",
    ["NaN", "nan", "-NaN", "sNaN", "Infinity", "-inf", "INF", "1e999", "-1E999", "1e400",
     "9" * 10 + "e300", float("nan"), float("inf"), float("-inf")],
)  # fmt: skip
def test_numbers_that_are_not_finite_are_refused(value):
    assert number_problem(value) and "NaN" in number_problem(value)


@pytest.mark.parametrize(
    "value", ["3,5", "3.5", "-0", "1e10", "1e-999", "dua puluh", "", 7, 2.5, True, None]
)
def test_finite_numbers_and_non_numbers_are_not_this_rules_business(value):
    assert number_problem(value) is None


@pytest.mark.parametrize(
    "raw",
    ['{"a": NaN}', '{"a": Infinity}', '{"a": -Infinity}', '{"a": 1e999}', '{"a": "\\u0000"}',
     '{"a": ["x", "\\ud800"]}', '{"\\u0000": 1}', '{"a": {"b": "\\udc00"}}'],
)  # fmt: skip
def test_strict_json_refuses_them_anywhere_in_a_body(raw):
    assert json_problem(json.loads(raw))
    with pytest.raises(ValueError):
        strict_json_loads(raw)


def test_strict_json_keeps_paired_surrogates_and_ordinary_numbers():
    assert strict_json_loads('{"a": "\\ud83d\\ude00", "b": 1.5, "c": 10}') == {
        "a": "😀",
        "b": 1.5,
        "c": 10,
    }


# --- Through the API ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("qtype", "value", "fragment"),
    [
        ("short", '"jawab\\u0000an"', "karakter"),
        ("short", '"\\ud800"', "karakter"),
        ("short", '"a\\udfffb"', "karakter"),
        ("numeric", "NaN", "NaN"),
        ("numeric", "Infinity", "NaN"),
        ("numeric", "-Infinity", "NaN"),
        ("numeric", "1e999", "NaN"),
        ("numeric", '"NaN"', "NaN"),
        ("numeric", '"Infinity"', "NaN"),
        ("numeric", '"1e999"', "NaN"),
        ("numeric", '"12\\u0000"', "karakter"),
        ("matching", '{"m1": "Etika\\u0000"}', "karakter"),
    ],
)
def test_the_api_refuses_them_with_400_and_saves_nothing(client, attempt, qtype, value, fragment):
    position = positions(attempt)[qtype]
    answers = f'{{"{position}": {value}}}'
    for response in (
        put_raw(client, attempt, f'{{"sequence": 0, "answers": {answers}}}'),
        post_raw(client, attempt, f'{{"answers": {answers}}}'),
    ):
        assert response.status_code == 400, response.content
        assert response.headers["Content-Type"].startswith(JSON)
        assert fragment in str(response.json()["detail"])
    untouched(attempt)


@pytest.mark.parametrize(
    "body",
    [
        '{"page_id": NaN}',
        '{"page_id": 1e999}',
        '{"page_id": 1, "catatan": "\\u0000"}',  # any text field of any body
        '{"\\ud800": 1}',
    ],
)
def test_any_api_body_with_them_is_refused(client, body):
    quiz = make_quiz()
    response = client.post(f"/api/v1/quizzes/{quiz.pk}/attempts", body, content_type=JSON)
    assert response.status_code == 400, response.content
    assert "detail" in response.json()
    assert not Attempt.objects.exists()


def test_ordinary_answers_still_go_through(client, attempt):
    where = positions(attempt)
    answers = {str(where["short"]): "jawaban 😀", str(where["numeric"]): "3,5"}
    response = put_raw(client, attempt, json.dumps({"sequence": 0, "answers": answers}))
    assert response.status_code == 200, response.content
    stored = dict(AttemptAnswer.objects.filter(attempt=attempt).values_list("position", "response"))
    assert stored[where["short"]] == "jawaban 😀" and stored[where["numeric"]] == "3,5"


# --- Through the plain HTML form ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("qtype", "value", "fragment"),
    [
        ("short", "jawab\x00an", "karakter"),
        ("numeric", "NaN", "NaN"),
        ("numeric", "Infinity", "NaN"),
        ("numeric", "1e999", "NaN"),
        ("numeric", "-inf", "NaN"),
    ],
)
def test_the_html_form_refuses_them_with_400_and_saves_nothing(
    client, attempt, qtype, value, fragment
):
    data = {"sequence": "0", f"q{positions(attempt)[qtype]}": value}
    response = client.post(f"/kuis/percobaan/{attempt.pk}/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html and "tidak valid" in html and fragment in html
    untouched(attempt)


def test_a_nul_in_a_matching_select_is_refused(client, attempt):
    data = {"sequence": "0", f"q{positions(attempt)['matching']}-m1": "Etika\x00"}
    assert client.post(f"/kuis/percobaan/{attempt.pk}/", data).status_code == 400
    untouched(attempt)


def test_undecodable_form_bytes_are_no_500(client, attempt, learner):
    """A form cannot carry a lone surrogate: its UTF-8 bytes are invalid and Django decodes
    them as U+FFFD. The form is then an ordinary (wrong) answer."""
    short = positions(attempt)["short"]
    body = f"sequence=0&q{short}=%ED%A0%80x"
    response = client.post(
        f"/kuis/percobaan/{attempt.pk}/", body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 302
    answer = AttemptAnswer.objects.get(attempt=attempt, position=short)
    assert "\ud800" not in answer.response and answer.response.endswith("x")


# --- The API answers JSON for every error, with DEBUG off (production) and on -----------------


@pytest.fixture(params=[False, True], ids=["DEBUG=False", "DEBUG=True"])
def debug(request, settings):
    settings.DEBUG = request.param
    return request.param


def assert_json_error(response, status: int) -> dict:
    assert response.status_code == status, response.content[:300]
    assert response.headers["Content-Type"].startswith(JSON), response.headers["Content-Type"]
    data = response.json()
    assert isinstance(data["detail"], str | list) and data["detail"]
    return data


def test_no_credentials_is_a_json_401(debug):
    quiz = make_quiz()
    data = assert_json_error(Client().post(f"/api/v1/quizzes/{quiz.pk}/attempts"), 401)
    assert "masuk" in data["detail"]


def test_a_method_the_path_does_not_take_is_a_json_405(debug, client):
    quiz = make_quiz()
    response = client.delete(f"/api/v1/quizzes/{quiz.pk}/attempts")
    data = assert_json_error(response, 405)
    assert "POST" in response.headers["Allow"] and "DELETE" in data["detail"]


@pytest.mark.parametrize("body", ["{", "bukan json", "\xff", '{"page_id": 1,}', "[1, 2]"])
def test_a_malformed_body_is_a_json_400(debug, client, body):
    quiz = make_quiz()
    response = client.post(f"/api/v1/quizzes/{quiz.pk}/attempts", body, content_type=JSON)
    assert_json_error(response, 400)
    assert not Attempt.objects.exists()


def test_a_path_that_does_not_exist_is_a_json_404(debug, client):
    for path in ("/api/v1/tidak-ada", "/api/v1/quizzes/1/attempts/", "/api/v1/x/y/z"):
        assert_json_error(client.get(path), 404)
        assert_json_error(client.post(path, "{}", content_type=JSON), 404)


def test_a_csrf_failure_is_a_json_403(debug, learner):
    quiz = make_quiz()
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    data = assert_json_error(client.post(f"/api/v1/quizzes/{quiz.pk}/attempts"), 403)
    assert "CSRF" in data["detail"]


def test_an_unexpected_error_is_logged_and_a_json_500(debug, client, monkeypatch, caplog):
    """The catch-all handler; the fault is injected because no real input reaches it any more
    (a NaN answer did, before: the JSON column refused it)."""
    from assessments import api

    def broken(**kwargs):
        raise RuntimeError("rusak di dalam")

    monkeypatch.setattr(api, "attempt_start", broken)
    quiz = make_quiz()
    with caplog.at_level(logging.ERROR, logger="lms.api"):
        response = client.post(f"/api/v1/quizzes/{quiz.pk}/attempts", {}, content_type=JSON)
    assert assert_json_error(response, 500) == {"detail": "Terjadi kesalahan di server."}
    assert "rusak di dalam" not in response.content.decode()  # no traceback to the client
    record = next(r for r in caplog.records if r.name == "lms.api")
    assert record.exc_info and "rusak di dalam" in str(record.exc_info[1])
