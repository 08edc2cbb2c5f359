"""P4–P6: quiz autosave, submit and start burst against gunicorn + PostgreSQL over HTTP.

Run with ``make bench`` (``pytest -m perf``); needs DATABASE_URL (PostgreSQL). A separate
``lms_bench_quiz`` database gets users with API tokens and a 20-question post-test; a Python
thread pool plays the examinees (requests over loopback; the load generator shares the two
cores with gunicorn and PostgreSQL, so figures are conservative).

Environment: LMS_BENCH_AUTOSAVE_SECONDS (default 60; docs/quality.md asks 300 for the full run);
LMS_BENCH_SUBMIT_ROUNDS (default 5: 5 × 100 = 500 submits); the server runs deploy/gunicorn.conf.py
(the production worker model), overridden by LMS_BENCH_QUIZ_WORKERS, LMS_BENCH_QUIZ_WORKER_CLASS
and LMS_BENCH_QUIZ_THREADS. ``test_worker_models_compared`` (only with LMS_BENCH_WORKER_MODELS, e.g.
``sync:2,sync:3,sync:4,sync:5,gthread:2x4``) runs P5 and a short P4
(LMS_BENCH_COMPARE_AUTOSAVE_SECONDS, default 20) against each model back to back
(docs/benchmarks.md, the choice in docs/deployment.md).
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
SUBMIT_ROUNDS = int(os.environ.get("LMS_BENCH_SUBMIT_ROUNDS", "5"))
COMPARE_AUTOSAVE_SECONDS = int(os.environ.get("LMS_BENCH_COMPARE_AUTOSAVE_SECONDS", "20"))
USERS = 400


def _server_options() -> dict:
    """deploy/gunicorn.conf.py, with the overrides of the environment (module docstring)."""
    options: dict = {"config": True}
    for name, key, kind in (
        ("workers", "LMS_BENCH_QUIZ_WORKERS", int),
        ("worker_class", "LMS_BENCH_QUIZ_WORKER_CLASS", str),
        ("threads", "LMS_BENCH_QUIZ_THREADS", int),
    ):
        if os.environ.get(key):
            options[name] = kind(os.environ[key])
    return options


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
    with gunicorn(env, port=PORT, **_server_options()) as base:
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


def _autosave_run(base, quiz_id, tokens, start_body, seconds: int) -> dict:
    """10 examinees of 300 save one answer every 0.25 s (about 40/s) for ``seconds``."""
    sessions = [_session(token) for token in tokens[:300]]
    attempts = []
    for session in sessions:
        url = f"{base}/quizzes/{quiz_id}/attempts"
        data = session.post(url, json=start_body, timeout=30).json()
        firsts = [q["choices"][0]["id"] for q in data["questions"]]  # choice ids are random
        attempts.append([session, data["id"], data["sequence"], firsts])
    latencies, failures, saved = [], [], [0]
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

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
    return {
        "saves": saved[0],
        "per_second": round(saved[0] / seconds, 1),
        "p50_ms": round(statistics.median(latencies) * 1000),
        "p95_ms": round(_p95(latencies) * 1000),
        "failures": len(failures),
    }


def test_p4_autosave_sustained(service):
    base, quiz_id, tokens, env, start_body = service
    before = _count(env, "SELECT coalesce(sum(sequence), 0) FROM assessments_attempt")
    figures = _autosave_run(base, quiz_id, tokens, start_body, AUTOSAVE_SECONDS)
    server_total = _count(env, "SELECT coalesce(sum(sequence), 0) FROM assessments_attempt")
    _report("P4 autosave", seconds=AUTOSAVE_SECONDS, **figures, server_total=server_total - before)
    assert not figures["failures"]
    assert server_total - before == figures["saves"]  # nothing lost: server = client count
    assert figures["per_second"] >= 38 and figures["p95_ms"] <= 100


def _submit_run(base, quiz_id, tokens, env, start_body, rounds: int) -> dict:
    """100 fresh examinees × ``rounds`` submits of 20 answers, 50 concurrent clients; the
    integrity figures count only the attempts this run finished."""
    sessions = [_session(token) for token in tokens[300:400]]
    latencies, statuses, ids = [], [], []
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
    for _round in range(rounds):
        started = [
            (s, s.post(f"{base}/quizzes/{quiz_id}/attempts", json=start_body, timeout=30).json())
            for s in sessions
        ]
        prepared = [
            (s, data["id"], [q["choices"][0]["id"] for q in data["questions"]])
            for s, data in started
        ]
        ids += [data["id"] for _s, data in started]
        began = time.perf_counter()
        with ThreadPoolExecutor(max_workers=50) as pool:
            list(pool.map(submit, prepared))
        busy += time.perf_counter() - began
    these = f"({','.join(map(str, ids))})"
    return {
        "submits": len(statuses),
        "seconds": round(busy, 2),
        "per_second": round(len(statuses) / busy, 1),
        "p50_ms": round(statistics.median(latencies) * 1000),
        "p95_ms": round(_p95(latencies) * 1000),
        "non_2xx": sum(s >= 300 for s in statuses),
        "finished": _count(
            env,
            f"SELECT count(*) FROM assessments_attempt WHERE state='submitted' AND id IN {these}",
        ),
        "answers": _count(
            env,
            "SELECT count(*) FROM assessments_attemptanswer WHERE score IS NOT NULL "
            f"AND attempt_id IN {these}",
        ),
        "duplicates": _count(
            env,
            "SELECT count(*) FROM (SELECT attempt_id, position FROM "
            "assessments_attemptanswer GROUP BY 1, 2 HAVING count(*) > 1) d",
        ),
        "statuses": statuses,
    }


def test_p5_submit_500_attempts_from_50_clients(service):
    """100 fresh examinees × 5 rounds = 500 submits of 20 answers, 50 concurrent clients."""
    base, quiz_id, tokens, env, start_body = service
    figures = _submit_run(base, quiz_id, tokens, env, start_body, SUBMIT_ROUNDS)
    statuses = figures.pop("statuses")
    _report("P5 submit", **figures)
    total = 100 * SUBMIT_ROUNDS
    assert statuses == [200] * total and figures["duplicates"] == 0
    assert figures["finished"] == total and figures["answers"] == 20 * total
    assert figures["per_second"] >= 50 and figures["p95_ms"] <= 500


def _model(spec: str) -> dict:
    """``sync:3`` → 3 sync workers; ``gthread:2x4`` → 2 gthread workers of 4 threads."""
    kind, _sep, size = spec.partition(":")
    workers, _x, threads = size.partition("x")
    options = {"config": True, "worker_class": kind, "workers": int(workers)}
    if threads:
        options["threads"] = int(threads)
    return options


@pytest.mark.skipif(
    not os.environ.get("LMS_BENCH_WORKER_MODELS"), reason="set LMS_BENCH_WORKER_MODELS"
)
def test_worker_models_compared(service):
    """P5 and a short P4 against each worker model in turn, on the same database, back to back
    (the figures of one run compare with each other, not with another day's)."""
    _base, quiz_id, tokens, env, start_body = service
    rows = []
    for spec in os.environ["LMS_BENCH_WORKER_MODELS"].split(","):
        with gunicorn(env, port=PORT + 1, **_model(spec)) as base:
            base = f"{base}/api/v1"
            submit = _submit_run(base, quiz_id, tokens, env, start_body, SUBMIT_ROUNDS)
            statuses = submit.pop("statuses")
            autosave = _autosave_run(base, quiz_id, tokens, start_body, COMPARE_AUTOSAVE_SECONDS)
        rows.append((spec, submit, autosave))
        _report(f"model {spec} P5", **submit)
        _report(f"model {spec} P4", **autosave)
        assert statuses == [200] * len(statuses) and not autosave["failures"]
    print("\n| model | P5 submits/s | P5 p50 ms | P5 p95 ms | P4 saves/s | P4 p50 ms | P4 p95 ms |")  # noqa: T201
    for spec, submit, autosave in rows:
        print(  # noqa: T201
            f"| {spec} | {submit['per_second']} | {submit['p50_ms']} | {submit['p95_ms']} | "
            f"{autosave['per_second']} | {autosave['p50_ms']} | {autosave['p95_ms']} |"
        )
