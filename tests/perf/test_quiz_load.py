"""P4–P6: quiz autosave, submit and start burst against gunicorn + PostgreSQL over HTTP.

Run with ``make bench`` (``pytest -m perf``); needs DATABASE_URL (PostgreSQL). A separate
``lms_bench_quiz`` database gets users with API tokens and a 20-question post-test; a Python
thread pool plays the examinees (requests over loopback; the load generator shares the two
cores with gunicorn and PostgreSQL, so figures are conservative).

Environment: LMS_BENCH_AUTOSAVE_SECONDS (default 60; docs/quality.md asks 300 for the full run).
"""

import os
import re
import statistics
import subprocess
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from tests.perf.harness import bench_env, gunicorn, manage

PORT = int(os.environ.get("LMS_BENCH_QUIZ_PORT", "8766"))
AUTOSAVE_SECONDS = int(os.environ.get("LMS_BENCH_AUTOSAVE_SECONDS", "60"))
USERS = 400

pytestmark = pytest.mark.perf

SETUP = r"""
from wagtail.models import APIToken
from assessments.models import Quiz, QuizDraw, QuestionBank, QuestionType
from assessments.questions import question_save
from lms.competencies.models import Competency
from lms.users.models import User
quiz = Quiz.objects.filter(title="Bench post-test").first()
if quiz is None:
    quiz = Quiz.objects.create(title="Bench post-test", kind="post", time_limit_minutes=60,
                               pass_percent=70)
    for code in ("SP.01", "SP.07"):
        bank = QuestionBank.objects.create(name=f"Bench {code}", level=2,
                                           competency=Competency.objects.get(code=code))
        for n in range(12):
            question_save(bank=bank, question_type=QuestionType.SINGLE, text=f"{code} soal {n}",
                          data={"choices": [{"id": "a", "text": "A", "correct": True},
                                            {"id": "b", "text": "B"}, {"id": "c", "text": "C"}]})
        QuizDraw.objects.create(quiz=quiz, bank=bank, count=10)
# The quiz access rule (docs/security.md): a live lesson holding the quiz, of a course the
# examinees are enrolled in.
from courses.models import CourseIndexPage, CoursePage, LessonPage, ModulePage
from courses.services import enrollment_create
lesson = LessonPage.objects.filter(title="Bench lesson").first()
if lesson is None:
    course = CoursePage(title="Bench course", slug="bench-course", code="BENCH-1", jp=2,
                        category="spbe", summary="Bench")
    CourseIndexPage.objects.first().add_child(instance=course)
    module = ModulePage(title="Bench module", slug="bench-module")
    course.add_child(instance=module)
    lesson = LessonPage(title="Bench lesson", slug="bench-lesson",
                        body=[("quiz", {"quiz": quiz, "required": True})])
    module.add_child(instance=lesson)
    lesson.save_revision().publish()
course = CoursePage.objects.get(code="BENCH-1")
tokens = []
for n in range(USERS):
    user, _ = User.objects.get_or_create(username=f"bench{n}@contoh.go.id",
                                         defaults={"email": f"bench{n}@contoh.go.id"})
    enrollment_create(user=user, course=course)
    _, plain = APIToken.create_token(user=user, name="bench")
    tokens.append(plain)
print("LESSON", lesson.pk)
print("QUIZ", quiz.pk)
print("TOKENS", ",".join(tokens))
""".replace("USERS", str(USERS))


@pytest.fixture(scope="module")
def service():
    env = bench_env("lms_bench_quiz")
    manage(env, "migrate", "--noinput")
    output = manage(env, "shell", input_text=SETUP)
    quiz_id = int(re.search(r"QUIZ (\d+)", output).group(1))
    start_body = {"page_id": int(re.search(r"LESSON (\d+)", output).group(1))}
    tokens = re.search(r"TOKENS (\S+)", output).group(1).split(",")
    with gunicorn(env, port=PORT, workers=4) as base:
        yield f"{base}/api/v1", quiz_id, tokens, env, start_body


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18] if len(values) >= 20 else max(values)


def _session(token: str) -> requests.Session:
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"
    return session


def _count(env, sql: str) -> int:
    url = env["DATABASE_URL"]
    out = subprocess.run(["psql", url, "-tAc", sql], capture_output=True, text=True, check=True)  # noqa: S603,S607
    return int(out.stdout.strip())


def _report(name: str, **figures) -> None:
    print(f"\n{name}: " + ", ".join(f"{k}={v}" for k, v in figures.items()))  # noqa: T201


def test_p6_start_burst_300_users(service):
    base, quiz_id, tokens, env, start_body = service
    latencies, statuses = [], []
    lock = threading.Lock()

    def start(token):
        began = time.perf_counter()
        response = _session(token).post(
            f"{base}/quizzes/{quiz_id}/attempts", json=start_body, timeout=60
        )
        with lock:
            latencies.append(time.perf_counter() - began)
            statuses.append(response.status_code)

    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=30) as pool:
        list(pool.map(start, tokens[:300]))
    elapsed = time.perf_counter() - began
    _report(
        "P6 start burst",
        starts=len(statuses),
        seconds=round(elapsed, 2),
        p95_ms=round(_p95(latencies) * 1000),
        non_2xx=sum(s >= 300 for s in statuses),
    )
    assert statuses == [200] * 300
    assert _count(env, "SELECT count(*) FROM assessments_attempt WHERE state='in_progress'") == 300
    assert elapsed <= 20 and _p95(latencies) <= 2.0


def test_p4_autosave_sustained(service):
    base, quiz_id, tokens, env, start_body = service
    sessions = [_session(token) for token in tokens[:300]]
    attempts = []
    for session in sessions:
        url = f"{base}/quizzes/{quiz_id}/attempts"
        data = session.post(url, json=start_body, timeout=30).json()
        firsts = [q["choices"][0]["id"] for q in data["questions"]]  # choice ids are random
        attempts.append([session, data["id"], data["sequence"], firsts])
    latencies, failures, saved = [], [], [0]
    lock = threading.Lock()
    stop = time.perf_counter() + AUTOSAVE_SECONDS

    def examinee(index):
        session, attempt_id, sequence, firsts = attempts[index]
        n = 0
        while time.perf_counter() < stop:
            began = time.perf_counter()
            response = session.put(
                f"{base}/attempts/{attempt_id}/answers",
                json={"sequence": sequence, "answers": {str(n % 20): firsts[n % 20]}},
                headers={"Idempotency-Key": str(uuid.uuid4())},
                timeout=30,
            )
            with lock:
                latencies.append(time.perf_counter() - began)
                if response.status_code == 200:
                    sequence = response.json()["sequence"]
                    saved[0] += 1
                else:
                    failures.append(response.status_code)
            n += 1
            time.sleep(max(0.0, 0.25 - (time.perf_counter() - began)))  # ~40/s over 10 threads

    with ThreadPoolExecutor(max_workers=10) as pool:
        list(pool.map(examinee, range(10)))
    rate = saved[0] / AUTOSAVE_SECONDS
    server_total = _count(env, "SELECT coalesce(sum(sequence), 0) FROM assessments_attempt")
    _report(
        "P4 autosave",
        seconds=AUTOSAVE_SECONDS,
        saves=saved[0],
        per_second=round(rate, 1),
        p95_ms=round(_p95(latencies) * 1000),
        failures=len(failures),
        server_total=server_total,
    )
    assert not failures
    assert server_total == saved[0]  # nothing lost: server count equals client count
    assert rate >= 38 and _p95(latencies) <= 0.100


def test_p5_submit_500_attempts_from_50_clients(service):
    """100 fresh examinees × 5 rounds = 500 submits of 20 answers, 50 concurrent clients."""
    base, quiz_id, tokens, env, start_body = service
    sessions = [_session(token) for token in tokens[300:400]]
    latencies, statuses = [], []
    lock = threading.Lock()

    def submit(item):
        session, attempt_id, firsts = item
        began = time.perf_counter()
        response = session.post(
            f"{base}/attempts/{attempt_id}/submit",
            json={"answers": {str(i): firsts[i] for i in range(20)}},
            timeout=60,
        )
        with lock:
            latencies.append(time.perf_counter() - began)
            statuses.append(response.status_code)

    busy = 0.0
    for _round in range(5):
        started = [
            (s, s.post(f"{base}/quizzes/{quiz_id}/attempts", json=start_body, timeout=30).json())
            for s in sessions
        ]
        prepared = [
            (s, data["id"], [q["choices"][0]["id"] for q in data["questions"]])
            for s, data in started
        ]
        began = time.perf_counter()
        with ThreadPoolExecutor(max_workers=50) as pool:
            list(pool.map(submit, prepared))
        busy += time.perf_counter() - began
    mine = "user_id IN (SELECT id FROM users_user WHERE username ~ '^bench3[0-9][0-9]@')"
    finished = _count(
        env, f"SELECT count(*) FROM assessments_attempt WHERE state='submitted' AND {mine}"
    )
    answers = _count(
        env,
        "SELECT count(*) FROM assessments_attemptanswer x JOIN assessments_attempt a "
        f"ON a.id = x.attempt_id WHERE a.state='submitted' AND a.{mine}",
    )
    dupes = _count(
        env,
        "SELECT count(*) FROM (SELECT attempt_id, position FROM "
        "assessments_attemptanswer GROUP BY 1, 2 HAVING count(*) > 1) d",
    )
    _report(
        "P5 submit",
        submits=len(statuses),
        seconds=round(busy, 2),
        per_second=round(len(statuses) / busy, 1),
        p95_ms=round(_p95(latencies) * 1000),
        non_2xx=sum(s >= 300 for s in statuses),
        finished=finished,
        answers=answers,
        duplicates=dupes,
    )
    assert statuses == [200] * 500 and dupes == 0
    assert finished == 500 and answers == 10_000
    assert len(statuses) / busy >= 50 and _p95(latencies) <= 0.5
