"""What one quiz autosave and one submit cost the server, in-process (P4/P5; issue 16).

The HTTP benchmarks (test_quiz_load.py) measure latency under load, which on a shared machine
mostly measures the other jobs. This measures the cost of each request alone: the Django test
client with a Bearer token against PostgreSQL, one request at a time, the CPU time of this
process (``time.process_time``: the application's Python, not PostgreSQL's) and the wall time,
and the statements Django sent. Run it on two checkouts back to back to compare them.

Environment: LMS_BENCH_COST_ATTEMPTS (default 100).
"""

import json
import os
import statistics
import time
import uuid
from functools import partial

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import APIToken

from assessments.models import Attempt
from tests.factories.assessments import correct_answers, make_quiz
from tests.factories.people import EmployeeFactory
from tests.factories.users import UserFactory

ATTEMPTS = int(os.environ.get("LMS_BENCH_COST_ATTEMPTS", "100"))
JSON = "application/json"

pytestmark = [pytest.mark.perf, pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs DATABASE_URL (PostgreSQL)")


def _timed(call):
    cpu, wall = time.process_time(), time.perf_counter()
    with CaptureQueriesContext(connection) as captured:
        response = call()
    assert response.status_code == 200, response.content
    return time.process_time() - cpu, time.perf_counter() - wall, len(captured)


def test_autosave_and_submit_cost_per_request(monkeypatch):
    from assessments import views
    from assessments.services import attempts

    for module in (attempts, views):  # the access rule is tested elsewhere (courses)
        monkeypatch.setattr(module, "quiz_access_allowed", lambda *a, **k: True)
    quiz = make_quiz(banks=(("SP.01", 2, 12, 10), ("SP.07", 2, 12, 10)), time_limit_minutes=60)
    figures: dict[str, list[tuple[float, float, int]]] = {"autosave": [], "submit": []}
    for _n in range(ATTEMPTS):
        user = UserFactory()
        EmployeeFactory(user=user)
        _token, plain = APIToken.create_token(user=user, name="bench")
        client = Client(headers={"Authorization": f"Bearer {plain}"})
        data = client.post(f"/api/v1/quizzes/{quiz.pk}/attempts", {}, content_type=JSON).json()
        keys = correct_answers(Attempt.objects.get(pk=data["id"]))
        answers = {str(p): v for p, v in keys.items()}
        save = partial(
            client.put,
            f"/api/v1/attempts/{data['id']}/answers",
            json.dumps({"sequence": 0, "answers": {"0": answers["0"]}}),
            content_type=JSON,
            headers={"Idempotency-Key": str(uuid.uuid4())},
        )
        figures["autosave"].append(_timed(save))
        submit = partial(
            client.post,
            f"/api/v1/attempts/{data['id']}/submit",
            {"answers": answers},
            content_type=JSON,
        )
        figures["submit"].append(_timed(submit))
    for name, rows in figures.items():
        cpu = statistics.median(r[0] for r in rows) * 1000
        wall = statistics.median(r[1] for r in rows) * 1000
        queries = statistics.median(r[2] for r in rows)
        print(  # noqa: T201
            f"\n{name}: n={len(rows)} cpu_median_ms={cpu:.2f} wall_median_ms={wall:.2f} "
            f"queries={queries:g}"
        )
