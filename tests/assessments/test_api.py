"""Quiz API: start, autosave, submit. Bad and hostile input first, then the contracts:
404 for someone else's attempt, 409 stale/finished/expired leaving answers unchanged, the same
idempotency key applied once, submit idempotent, and the autosave/submit query budget (P4/P5).
"""

import datetime
import json
import uuid
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.models import Attempt, AttemptAnswer, AttemptState, AutosaveReceipt
from assessments.services import attempt_start
from tests.assessments.test_no_key_leak import mixed_answers, mixed_quiz
from tests.factories.assessments import by_letter, correct_answers, make_quiz
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture
def api(learner_client):
    return learner_client


@pytest.fixture
def quiz():
    return make_quiz(banks=(("SP.01", 2, 5, 4),))


def start(api: Client, quiz, body: dict | None = None):
    return api.post(f"/api/v1/quizzes/{quiz.pk}/attempts", body or {}, content_type=JSON)


def save(api: Client, attempt_id: int, sequence, answers, key: str | None = None):
    headers = {"Idempotency-Key": key} if key else {}
    return api.put(
        f"/api/v1/attempts/{attempt_id}/answers",
        json.dumps({"sequence": sequence, "answers": answers}),
        content_type=JSON,
        headers=headers,
    )


def submit(api: Client, attempt_id: int, answers: dict | None = None):
    body = {"answers": answers} if answers is not None else {}
    return api.post(f"/api/v1/attempts/{attempt_id}/submit", body, content_type=JSON)


def stored(attempt_id: int) -> dict[int, object]:
    return dict(
        AttemptAnswer.objects.filter(attempt_id=attempt_id).values_list("position", "response")
    )


# --- Authentication and ownership ----------------------------------------------------------


def test_anonymous_gets_401_and_nothing_starts(quiz):
    response = Client().post(f"/api/v1/quizzes/{quiz.pk}/attempts", content_type=JSON)
    assert response.status_code == 401 and "detail" in response.json()
    assert not Attempt.objects.exists()


def test_session_without_csrf_token_is_refused(learner, quiz):
    attempt = attempt_start(user=learner, quiz=quiz)
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    assert save(client, attempt.pk, 0, {"0": "a"}).status_code == 403
    assert client.post(f"/api/v1/quizzes/{quiz.pk}/attempts").status_code == 403
    assert stored(attempt.pk)[0] is None


def test_bearer_token_works_without_csrf(learner, quiz):
    out = StringIO()
    call_command("lms_token", learner.nip, stdout=out)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {out.getvalue().strip()}")
    data = start(client, quiz).json()
    assert save(client, data["id"], 0, by_letter(data["id"], {"0": "a"})).json() == {"sequence": 1}


def test_another_learners_attempt_is_404(learner, quiz):
    attempt = attempt_start(user=learner, quiz=quiz)
    intruder = Client()
    intruder.force_login(UserFactory())
    assert save(intruder, attempt.pk, 0, {"0": "a"}).status_code == 404
    assert submit(intruder, attempt.pk, {"0": "a"}).status_code == 404
    assert save(intruder, 999999, 0, {}).status_code == 404
    assert submit(intruder, 999999).status_code == 404
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.IN_PROGRESS and attempt.sequence == 0
    assert set(stored(attempt.pk).values()) == {None}
    # Starting the same quiz gives the intruder an attempt of their own, never this one.
    assert start(intruder, quiz).json()["id"] != attempt.pk


def test_unknown_quiz_is_404(api):
    assert api.post("/api/v1/quizzes/999999/attempts", content_type=JSON).status_code == 404


# --- Bad input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "answers",
    [
        {"0": "zzz"},  # not a choice
        {"0": ["a"]},  # list for a single choice
        {"0": {"a": 1}},
        {"0": 3},
        {"99": "a"},  # no such position
        {"-1": "a"},
        {"abc": "a"},
        {"０": "a"},  # full-width digit
        {"0": "a", "1": "zzz"},  # one bad answer refuses the whole save
    ],
)
def test_malformed_answers_are_400_and_change_nothing(api, quiz, answers):
    attempt_id = start(api, quiz).json()["id"]
    response = save(api, attempt_id, 0, answers)
    assert response.status_code == 400, response.content
    assert "detail" in response.json()
    assert Attempt.objects.get(pk=attempt_id).sequence == 0
    assert set(stored(attempt_id).values()) == {None}
    assert submit(api, attempt_id, answers).status_code == 400
    assert Attempt.objects.get(pk=attempt_id).state == AttemptState.IN_PROGRESS


@pytest.mark.parametrize(
    "body",
    [
        "not json",
        "[]",
        '{"answers": {"0": "a"}}',  # no sequence
        '{"sequence": "satu", "answers": {}}',
        '{"sequence": -1, "answers": {}}',
        '{"sequence": 0, "answers": ["a"]}',
    ],
)
def test_malformed_autosave_bodies_are_refused(api, quiz, body):
    attempt_id = start(api, quiz).json()["id"]
    response = api.put(f"/api/v1/attempts/{attempt_id}/answers", body, content_type=JSON)
    # 400 from our checks; bodies that fail the schema get django-ninja's 422.
    assert response.status_code in (400, 422), response.content
    assert Attempt.objects.get(pk=attempt_id).sequence == 0


@pytest.mark.parametrize("key", ["bukan-uuid", "1' OR '1'='1", "x" * 300])
def test_bad_idempotency_key_is_400(api, quiz, key):
    attempt_id = start(api, quiz).json()["id"]
    response = save(api, attempt_id, 0, {"0": "a"}, key=key)
    assert response.status_code == 400
    assert Attempt.objects.get(pk=attempt_id).sequence == 0


@pytest.mark.parametrize("page_id", [0, -5, "x", 2**40])
def test_bad_page_id_is_refused(api, quiz, page_id):
    response = start(api, quiz, {"page_id": page_id})
    assert response.status_code in (400, 422)
    assert not Attempt.objects.exists()


def test_start_outside_the_window_or_without_attempts_left(api, learner):
    now = timezone.now()
    early = make_quiz(opens_at=now + datetime.timedelta(minutes=5))
    closed = make_quiz(closes_at=now - datetime.timedelta(minutes=5))
    for quiz, code in ((early, "not_open"), (closed, "closed")):
        response = start(api, quiz)
        assert response.status_code == 400 and response.json()["code"] == code
    once = make_quiz(max_attempts=1)
    attempt_id = start(api, once).json()["id"]
    submit(api, attempt_id)
    response = start(api, once)
    assert response.status_code == 400 and response.json()["code"] == "no_attempts_left"
    assert Attempt.objects.filter(user=learner).count() == 1


# --- Contracts ---------------------------------------------------------------------------


def test_start_returns_questions_and_the_same_attempt_when_called_again(api, learner):
    quiz = make_quiz(banks=(("SP.01", 2, 5, 4),), time_limit_minutes=15)
    response = start(api, quiz, {"page_id": 31})
    assert response.status_code == 200
    data = response.json()
    attempt = Attempt.objects.get(pk=data["id"])
    assert attempt.user == learner and attempt.page_id == 31
    assert data["number"] == 1 and data["sequence"] == 0 and data["state"] == "in_progress"
    deadline = datetime.datetime.fromisoformat(data["deadline"])
    assert abs(deadline - attempt.deadline) < datetime.timedelta(milliseconds=1)
    assert abs(datetime.datetime.fromisoformat(data["now"]) - timezone.now()).total_seconds() < 5
    assert [q["position"] for q in data["questions"]] == [0, 1, 2, 3]
    for question, item in zip(data["questions"], attempt.layout, strict=True):
        assert [c["id"] for c in question["choices"]] == item["order"]
        assert set(question["choices"][0]) == {"id", "text"}
    again = api.generic("POST", f"/api/v1/quizzes/{quiz.pk}/attempts", b"")  # no body at all
    assert again.status_code == 200 and again.json()["id"] == data["id"]


def test_autosave_stores_answers_and_advances_the_sequence(api, quiz):
    attempt_id = start(api, quiz).json()["id"]
    ids = by_letter(attempt_id, {"0": "a", "2": "b", "3": "c"})
    assert save(api, attempt_id, 0, {"0": ids["0"], "2": ids["2"]}).json() == {"sequence": 1}
    assert save(api, attempt_id, 1, {"2": None, "3": ids["3"]}).json() == {"sequence": 2}
    assert stored(attempt_id) == {0: ids["0"], 1: None, 2: None, 3: ids["3"]}
    resumed = start(api, quiz).json()
    assert resumed["sequence"] == 2
    assert [q["response"] for q in resumed["questions"]] == [ids["0"], None, None, ids["3"]]


def test_stale_sequence_is_409_and_leaves_answers_unchanged(api, quiz):
    attempt_id = start(api, quiz).json()["id"]
    save(api, attempt_id, 0, by_letter(attempt_id, {"0": "a"}))
    # A sequence no attempt can hold (past the column's range) is stale too, never a 500.
    for stale in (0, 5, 2**31 - 1, 28652756065):
        response = save(api, attempt_id, stale, by_letter(attempt_id, {"0": "b", "1": "b"}))
        assert response.status_code == 409 and response.json()["code"] == "stale"
    assert stored(attempt_id) == by_letter(attempt_id, {0: "a", 1: None, 2: None, 3: None})
    assert Attempt.objects.get(pk=attempt_id).sequence == 1


def test_autosave_after_finish_is_409_and_changes_nothing(api, quiz):
    attempt_id = start(api, quiz).json()["id"]
    save(api, attempt_id, 0, by_letter(attempt_id, {"0": "a"}))
    submit(api, attempt_id)
    before = Attempt.objects.get(pk=attempt_id)
    response = save(api, attempt_id, 1, by_letter(attempt_id, {"0": "b", "1": "a"}))
    assert response.status_code == 409 and response.json()["code"] == "finished"
    after = Attempt.objects.get(pk=attempt_id)
    assert stored(attempt_id) == by_letter(attempt_id, {0: "a", 1: None, 2: None, 3: None})
    assert (after.sequence, after.score, after.state) == (
        before.sequence,
        before.score,
        "submitted",
    )


def test_autosave_after_the_deadline_is_409_expired(api):
    quiz = make_quiz(time_limit_minutes=5)
    attempt_id = start(api, quiz).json()["id"]
    Attempt.objects.filter(pk=attempt_id).update(
        deadline=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = save(api, attempt_id, 0, {"0": "a"})
    assert response.status_code == 409 and response.json()["code"] == "expired"
    assert stored(attempt_id)[0] is None


def test_same_idempotency_key_is_applied_once(api, quiz):
    attempt_id = start(api, quiz).json()["id"]
    key = str(uuid.uuid4())
    a, b = by_letter(attempt_id, {"0": "a"}), by_letter(attempt_id, {"0": "b"})
    first = save(api, attempt_id, 0, a, key=key)
    # The response was lost; the client retries the same request with the same key.
    retry = save(api, attempt_id, 0, a, key=key)
    assert first.json() == retry.json() == {"sequence": 1}
    assert AutosaveReceipt.objects.filter(attempt_id=attempt_id).count() == 1
    # A later save moved on; a very late duplicate of the first one still changes nothing.
    save(api, attempt_id, 1, b, key=str(uuid.uuid4()))
    late = save(api, attempt_id, 0, a, key=key)
    assert late.status_code == 200 and late.json() == {"sequence": 2}
    assert stored(attempt_id)[0] == b["0"]


def test_submit_twice_returns_the_same_result(api, learner, quiz):
    attempt_id = start(api, quiz).json()["id"]
    answers = {str(k): v for k, v in correct_answers(Attempt.objects.get(pk=attempt_id)).items()}
    first = submit(api, attempt_id, answers)
    assert first.status_code == 200
    assert first.json() == {
        "id": attempt_id,
        "state": "submitted",
        "score": 4.0,
        "max_score": 4.0,
        "percent": 100.0,
        "passed": True,
    }
    # Different answers: ignored.
    second = submit(api, attempt_id, by_letter(attempt_id, dict.fromkeys(answers, "c")))
    assert second.status_code == 200 and second.json() == first.json()
    assert stored(attempt_id) == {int(k): v for k, v in answers.items()}


def test_submit_without_answers_grades_the_autosaved_ones(api, quiz):
    attempt_id = start(api, quiz).json()["id"]
    attempt = Attempt.objects.get(pk=attempt_id)
    key = correct_answers(attempt)
    save(api, attempt_id, 0, {"0": key[0], "1": key[1]})
    result = api.generic("POST", f"/api/v1/attempts/{attempt_id}/submit", b"").json()
    assert result["score"] == 2.0 and result["passed"] is False and result["percent"] == 50.0


def test_every_question_type_through_the_api(api):
    quiz = mixed_quiz()
    data = start(api, quiz).json()
    attempt = Attempt.objects.get(pk=data["id"])
    answers = {str(k): v for k, v in mixed_answers(attempt).items()}
    assert save(api, attempt.pk, 0, answers).status_code == 200
    matching = next(q for q in data["questions"] if q["type"] == "matching")
    assert [p["id"] for p in matching["prompts"]] and matching["choices"] is None
    assert submit(api, attempt.pk).json()["score"] == 6.0


def test_openapi_documents_the_quiz_endpoints():
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    assert "post" in paths["/api/v1/quizzes/{quiz_id}/attempts"]
    assert "put" in paths["/api/v1/attempts/{attempt_id}/answers"]
    assert "post" in paths["/api/v1/attempts/{attempt_id}/submit"]


# --- Query budget (docs/quality.md P4/P5) ---------------------------------------------------------


def test_autosave_and_submit_query_counts(api, django_assert_max_num_queries):
    """Autosave must stay cheap: one transaction, no rendering. The counts include the two
    session-auth queries (session, user; the session may come from the cache) and the
    transaction's savepoint statements; the exact budgets per statement, at 1× and 20×, are
    in tests/assessments/test_hot_path_queries.py (autosave 3, submit 6 + 1 bulk insert)."""
    quiz = make_quiz(banks=(("SP.01", 2, 20, 20),))
    attempt_id = start(api, quiz).json()["id"]
    key = correct_answers(Attempt.objects.get(pk=attempt_id))
    with CaptureQueriesContext(connection) as autosave:
        response = save(api, attempt_id, 0, {"0": key[0], "1": key[1]}, key=str(uuid.uuid4()))
    assert response.status_code == 200
    with django_assert_max_num_queries(7):
        save(api, attempt_id, 1, {str(p): key[p] for p in range(20)}, key=str(uuid.uuid4()))
    with CaptureQueriesContext(connection) as submitted:
        result = submit(api, attempt_id)
    assert result.json()["score"] == 20.0
    with django_assert_max_num_queries(5):
        submit(api, attempt_id)  # the idempotent repeat
    assert len(autosave) <= 7, [q["sql"][:80] for q in autosave.captured_queries]
    assert len(submitted) <= 11, [q["sql"][:80] for q in submitted.captured_queries]
