"""The quiz hot path's query budget (docs/quality.md P1, P4, P5), per whole request, on both
ways in: the API with a Bearer token (``Authorization: Bearer``) and the browser's session
(quiz.js autosaves through the API with the session cookie; the page's form posts the submit).

Budgets, counted without authentication (the session or token lookup and the user: they come
before any view and are listed apart) and without the test transaction's SAVEPOINT/RELEASE
(in production the service's transaction is the outermost one: BEGIN and COMMIT are not
statements Django captures):

- autosave: 3 statements (receipt INSERT ... ON CONFLICT DO NOTHING, the conditional UPDATE
  of the sequence, one UPDATE for all answers);
- submit: at most 6 statements plus one bulk INSERT (the evidence of a passed post-test);
  from the page's form one more SELECT (the attempt, before the service locks it).

Each budget is the same at 1× and 20× data: a bank of 20 or 400 questions, 1 or 20 other
learners with attempts of their own on the quiz.
"""

import json
import re
import secrets
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import APIToken

from assessments.models import (
    Attempt,
    AttemptState,
    AutosaveReceipt,
    Question,
    QuestionType,
    QuestionVersion,
)
from assessments.services import attempt_autosave, attempt_start, attempt_submit
from lms.competencies.models import CompetencyEvidence
from tests.factories.assessments import correct_answers, make_quiz
from tests.factories.people import EmployeeFactory
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db
JSON = "application/json"
AUTH_TABLES = ("django_session", "users_user", "wagtailcore_apitoken")
AUTOSAVE_BUDGET = 3
SUBMIT_BUDGET = 6  # plus one bulk insert


def _kinds(queries: list[dict]) -> dict[str, list[str]]:
    """Captured statements split into authentication, savepoints and the rest (engine)."""
    split: dict[str, list[str]] = {"auth": [], "savepoint": [], "engine": []}
    for query in queries:
        sql = query["sql"]
        if re.search(r"\bpg_(type|catalog)\b", sql):
            split.setdefault("setup", []).append(sql)  # a connection's first type lookup
        elif re.match(r"\s*(SAVEPOINT|RELEASE SAVEPOINT|ROLLBACK TO SAVEPOINT)\b", sql):
            split["savepoint"].append(sql)
        elif re.match(r"\s*SELECT", sql) and any(
            re.search(rf'FROM "{table}"', sql) for table in AUTH_TABLES
        ):
            split["auth"].append(sql)
        else:
            split["engine"].append(sql)
    return split


def _capture(call) -> tuple[object, dict[str, list[str]]]:
    with CaptureQueriesContext(connection) as captured:
        result = call()
    return result, _kinds(captured.captured_queries)


def _bank_filled(quiz, extra: int) -> None:
    """``extra`` more questions in the quiz's bank, written in bulk (the same shape as
    ``question_save`` writes: random choice ids, one current version each)."""
    bank = quiz.draws.get().bank
    questions = Question.objects.bulk_create(
        Question(bank=bank, type=QuestionType.SINGLE) for _ in range(extra)
    )
    versions = QuestionVersion.objects.bulk_create(
        QuestionVersion(
            question=question,
            number=1,
            text=f"Soal tambahan {question.pk}",
            data={
                "choices": [
                    {"id": secrets.token_hex(4), "text": text, "correct": n == 0, "feedback": ""}
                    for n, text in enumerate(("Keterpaduan", "Kerahasiaan", "Monopoli"))
                ]
            },
        )
        for question in questions
    )
    for question, version in zip(questions, versions, strict=True):
        question.current_version = version
    Question.objects.bulk_update(questions, ["current_version"])


def _world(scale: int):
    """A post-test drawing 20 questions from a bank of 20 × ``scale`` and ``scale`` other
    learners with an attempt (half of them submitted)."""
    quiz = make_quiz(banks=(("SP.01", 2, 20, 20),))
    _bank_filled(quiz, 20 * scale - 20)
    for n in range(scale):
        other = UserFactory()
        attempt = attempt_start(user=other, quiz=quiz)
        if n % 2:
            attempt_submit(attempt_id=attempt.pk, user=other, answers=correct_answers(attempt))
    return quiz


def _learner():
    user = UserFactory()
    EmployeeFactory(user=user)  # evidence is written for an employee's passed post-test
    return user


def _bearer(user) -> Client:
    _token, plain = APIToken.create_token(user=user, name="test")
    return Client(headers={"Authorization": f"Bearer {plain}"})


def _session(user) -> Client:
    client = Client()
    client.force_login(user)
    client.get("/akun/token-csrf/")  # the session is read once, as the quiz page would
    return client


def _api_round(client: Client, quiz) -> dict[str, dict]:
    """Start, two autosaves (20 answers, then 1), a replayed autosave, a submit of 20 answers,
    a repeated submit; the split statements of each."""
    data = client.post(f"/api/v1/quizzes/{quiz.pk}/attempts", {}, content_type=JSON).json()
    attempt = Attempt.objects.get(pk=data["id"])
    keys = correct_answers(attempt)

    def save(sequence, answers, key):
        return client.put(
            f"/api/v1/attempts/{attempt.pk}/answers",
            json.dumps({"sequence": sequence, "answers": {str(p): v for p, v in answers.items()}}),
            content_type=JSON,
            headers={"Idempotency-Key": key},
        )

    counts = {}
    key = str(uuid.uuid4())
    response, counts["autosave_20"] = _capture(lambda: save(0, keys, key))
    assert response.json() == {"sequence": 1}
    response, counts["autosave_replay"] = _capture(lambda: save(0, keys, key))
    assert response.json() == {"sequence": 1}
    response, counts["autosave_1"] = _capture(lambda: save(1, {0: keys[0]}, str(uuid.uuid4())))
    assert response.json() == {"sequence": 2}
    response, counts["stale"] = _capture(lambda: save(0, {0: keys[0]}, str(uuid.uuid4())))
    assert response.status_code == 409
    answers = {str(p): v for p, v in keys.items()}
    submit = f"/api/v1/attempts/{attempt.pk}/submit"
    response, counts["submit"] = _capture(
        lambda: client.post(submit, {"answers": answers}, content_type=JSON)
    )
    assert response.json()["passed"] is True
    response, counts["submit_again"] = _capture(
        lambda: client.post(submit, {"answers": answers}, content_type=JSON)
    )
    assert response.status_code == 200
    assert AutosaveReceipt.objects.filter(attempt=attempt).count() == 2
    assert CompetencyEvidence.objects.filter(reference=f"attempt:{attempt.pk}").count() == 1
    return counts


def _form_round(client: Client, quiz) -> dict[str, dict]:
    """The page's own submit: the form posted with every answer (no JavaScript)."""
    data = client.post(f"/api/v1/quizzes/{quiz.pk}/attempts", {}, content_type=JSON).json()
    attempt = Attempt.objects.get(pk=data["id"])
    form = {"sequence": str(attempt.sequence)}
    form.update({f"q{p}": v for p, v in correct_answers(attempt).items()})
    response, counts = _capture(lambda: client.post(f"/kuis/percobaan/{attempt.pk}/", form))
    assert response.status_code == 302
    assert Attempt.objects.get(pk=attempt.pk).state == AttemptState.SUBMITTED
    return {"form_submit": counts}


def _sizes(counts: dict[str, dict]) -> dict[str, tuple[int, int, int]]:
    return {
        name: (len(kinds["auth"]), len(kinds["savepoint"]), len(kinds["engine"]))
        for name, kinds in counts.items()
    }


def _measure(scale: int, way) -> dict[str, dict]:
    quiz = _world(scale)
    counts = _api_round(way(_learner()), quiz)
    if way is _session:
        counts.update(_form_round(way(_learner()), quiz))
    return counts


@pytest.mark.parametrize("way", [_bearer, _session], ids=["bearer", "session"])
def test_autosave_and_submit_budgets_are_the_same_at_1x_and_20x(way):
    small, large = _measure(1, way), _measure(20, way)
    assert Question.objects.count() == 20 + 400
    assert _sizes(small) == _sizes(large), (small, large)
    print(way.__name__, _sizes(large))  # noqa: T201 - (auth, savepoints, engine) per request
    engine = {name: kinds["engine"] for name, kinds in large.items()}
    # Autosave: the receipt first, the conditional UPDATE of the sequence, one UPDATE.
    for name in ("autosave_20", "autosave_1"):
        assert len(engine[name]) == AUTOSAVE_BUDGET, engine[name]
        assert engine[name][0].startswith('INSERT INTO "assessments_autosavereceipt"')
        assert "ON CONFLICT" in engine[name][0]
        assert engine[name][1].startswith('UPDATE "assessments_attempt"')
        assert '"sequence" = ' in engine[name][1].split("WHERE")[1]
        assert engine[name][2].startswith('UPDATE "assessments_attemptanswer"')
    # A replayed receipt inserts nothing and changes nothing: its INSERT and one SELECT.
    assert len(engine["autosave_replay"]) == 2
    assert not any(sql.startswith("UPDATE") for sql in engine["autosave_replay"])
    # Submit: six statements at most, plus the one bulk insert of the evidence.
    inserts = [sql for sql in engine["submit"] if sql.startswith("INSERT")]
    assert len(inserts) == 1 and 'INSERT INTO "competencies_' in inserts[0], inserts
    assert len(engine["submit"]) - len(inserts) <= SUBMIT_BUDGET, engine["submit"]
    updates = [sql for sql in engine["submit"] if sql.startswith('UPDATE "assessments_attempt"')]
    assert len(updates) == 1 and "\"state\" = 'in_progress'" in updates[0].split("WHERE")[1]
    assert len(engine["submit_again"]) == 1  # the stored result
    # Authentication: one lookup of the token; the session path reads the user (the session
    # itself comes from the cache when SESSION_ENGINE is cached_db).
    auth = {len(kinds["auth"]) for kinds in large.values()}
    assert auth == ({1} if way is _bearer else {1} | ({2} & auth)), auth
    if way is _session:
        form = large["form_submit"]["engine"]
        assert len([s for s in form if not s.startswith("INSERT")]) <= SUBMIT_BUDGET + 1, form


def test_the_services_alone_keep_the_budget_with_an_unsaved_user_for_expiry(learner):
    """``attempts_expire`` passes a bare ``User(pk=...)``: the engine must not need more."""
    quiz = make_quiz(banks=(("SP.01", 2, 20, 20),))
    attempt = attempt_start(user=learner, quiz=quiz)
    _result, kinds = _capture(
        lambda: attempt_autosave(attempt_id=attempt.pk, user=learner, sequence=0, answers={})
    )
    assert len(kinds["engine"]) == 1  # no key, no answers: the sequence UPDATE alone
    _result, kinds = _capture(
        lambda: attempt_submit(attempt_id=attempt.pk, user=type(learner)(pk=learner.pk))
    )
    assert len(kinds["engine"]) <= SUBMIT_BUDGET, kinds["engine"]
