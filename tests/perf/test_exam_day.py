"""P15 and P16 (docs/quality.md): the exam-day morning with Locust, on one app node and on two.

Run with ``make bench`` (``pytest -m perf``); needs PostgreSQL (DATABASE_URL), Redis on
127.0.0.1:6379 and, for the two-node run, Debian's nginx (``apt-get install -y nginx-light``).
Everything binds to 127.0.0.1 and every run is bounded in time.

* A seed database (``lms_bench_exam_seed``) gets a 20-question post-test in a live lesson of a
  course and ``LMS_EXAM_USERS`` examinees (2,000) enrolled in it. The password is hashed **once**
  with the project's configured hasher (``make_password``) and every account gets that hash,
  inserted in bulk (``synthetic_accounts_create``): 2,000 PBKDF2 hashes would take minutes.
  Logins still verify the password with the real hasher. ``LMS_BENCH_EXAM_REUSE=1`` keeps a
  seed of at least that size from an earlier run (build it again after a hasher change).
* Each run copies it (``CREATE DATABASE … TEMPLATE``), empties its own Redis database
  (``LMS_BENCH_EXAM_CACHE_URL``, db 10: cache, rate-limit counters) and starts gunicorn through
  ``tests/perf/harness.py``; ``locust --headless`` (``tests/perf/exam_day/locustfile.py``) plays
  the morning of ``LMS_EXAM_SECONDS`` (600): logins staggered over the first 30 %, the start
  spike, an autosave each 60 s, navigation, the submit wave at 40/s.
* Asserted from Locust's stats and the per-request samples: 0 failures, every examinee through,
  p95 ≤ 300 ms for autosave and navigation, ≤ 1 s for start and submit, the submit wave above
  30/s; then, in PostgreSQL, every answer each client sent (the submitted form) is the stored
  answer, row for row, each attempt's sequence and receipts equal the client's acknowledged
  autosaves, and there is exactly one finished attempt per examinee.
* The two-node run: the same morning through nginx (round robin, an unprivileged child with a
  temporary configuration) in front of two gunicorn nodes on two ports, one PostgreSQL, one
  Redis. ``test_two_nodes_keep_sessions_caches_and_quiz_integrity``: a login on node A is
  valid on node B, a start on A, autosaves on B and A, a stale save refused on B, the form and
  the API submitted at once on both nodes (four submits): one finished attempt, one grade, the
  answers intact; a lesson published meanwhile shows on both nodes; a logout on A ends the
  session on B.

Dev runs: ``LMS_EXAM_USERS=300 LMS_EXAM_SECONDS=180``. The figures print as ``EXAM …`` lines
(server, workers, settings, load average, per-group latencies, rates, counts) and are kept in
``LMS_BENCH_EXAM_OUT`` (a temporary directory): Locust's CSV files, ``samples.csv``,
``answers.json`` and ``summary.json`` per run. The load generator, both nodes, PostgreSQL and
Redis share the machine's cores: the figures are conservative.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
import redis
import requests

from tests.perf.harness import ROOT, bench_env, gunicorn, manage

pytestmark = pytest.mark.perf

USERS = int(os.environ.get("LMS_EXAM_USERS", "2000"))
SECONDS = float(os.environ.get("LMS_EXAM_SECONDS", "600"))
LEAD = float(os.environ.get("LMS_EXAM_LEAD", "5"))
# One node: 2 × cores sync workers (docs/deployment.md); two nodes: half of that each, the
# same processes in all, so the two runs compare the topology, not the machine.
WORKERS = int(os.environ.get("LMS_BENCH_EXAM_WORKERS", "4"))
NODE_WORKERS = int(os.environ.get("LMS_BENCH_EXAM_NODE_WORKERS", "2"))
PORT = int(os.environ.get("LMS_BENCH_EXAM_PORT", "8780"))  # nodes: PORT, PORT + 1; nginx + 2
CACHE_URL = os.environ.get("LMS_BENCH_EXAM_CACHE_URL", "redis://127.0.0.1:6379/10")
REUSE = os.environ.get("LMS_BENCH_EXAM_REUSE") == "1"
# Examinees in the seed (default: USERS); a larger seed serves smaller runs with REUSE.
SEED_USERS = max(USERS, int(os.environ.get("LMS_BENCH_EXAM_SEED_USERS", "0")))
OUT = Path(os.environ.get("LMS_BENCH_EXAM_OUT") or tempfile.mkdtemp(prefix="lms-exam-"))
SEED_DB = "lms_bench_exam_seed"
RUN_DB = "lms_bench_exam_run"
PASSWORD = "Ujian-Pagi-2026!"
LOCUSTFILE = Path(__file__).parent / "exam_day" / "locustfile.py"
GOALS_MS = {"autosave": 300, "nav": 300, "start": 1000, "submit": 1000}
SUBMIT_WAVE_GOAL = 30.0  # a second


def username(n: int) -> str:
    """A valid 18-digit NIP (born 1–31 January 1990, appointed January 2015, number 001–900):
    the login form's usual identifier; enough for 27,900 examinees."""
    return f"{19900101 + n // 900}2015011{n % 900 + 1:03d}"


SEED = r"""
import time
began = time.perf_counter()
from django.conf import settings
from django.contrib.auth.hashers import identify_hasher, make_password
from django.contrib.auth.models import Group
from assessments.models import Quiz, QuizDraw, QuestionBank, QuestionType
from assessments.questions import question_save
from courses.models import CourseIndexPage, CoursePage, LessonPage, ModulePage
from courses.services import enrollment_create
from lms.competencies.models import Competency
from lms.competencies.services.synthetic import synthetic_accounts_create
from lms.users.models import User
from lms.users.roles import Role
quiz = Quiz.objects.create(title="Ujian akhir SPBE", kind="post", time_limit_minutes=90,
                           pass_percent=70)
for code in ("SP.01", "SP.07"):
    bank = QuestionBank.objects.create(name=f"Ujian {code}", level=2,
                                       competency=Competency.objects.get(code=code))
    for n in range(12):
        question_save(bank=bank, question_type=QuestionType.SINGLE, text=f"{code} soal {n}",
                      data={"choices": [{"id": "a", "text": "A", "correct": True},
                                        {"id": "b", "text": "B"}, {"id": "c", "text": "C"},
                                        {"id": "d", "text": "D"}]})
    QuizDraw.objects.create(quiz=quiz, bank=bank, count=10)
course = CoursePage(title="Ujian SPBE", slug="ujian-spbe", code="UJIAN-1", jp=2,
                    category="spbe", summary="Ujian")
CourseIndexPage.objects.first().add_child(instance=course)
module = ModulePage(title="Ujian", slug="ujian")
course.add_child(instance=module)
lesson = LessonPage(title="Ujian akhir", slug="ujian-akhir",
                    body=[("quiz", {"quiz": quiz, "required": True})])
module.add_child(instance=lesson)
lesson.save_revision().publish()
course.refresh_from_db()
hashed = make_password(__PASSWORD__)  # once: every examinee gets this hash
hashing = time.perf_counter()
users = synthetic_accounts_create(
    users=[User(username=name, nip=name, email=f"ujian{n}@contoh.go.id",
                first_name=f"Peserta {n}", is_active=True, password=hashed)
           for n, name in enumerate(__NAMES__)],
    group=Group.objects.get(name=Role.PESERTA))
inserted = time.perf_counter()
for user in users:
    enrollment_create(user=user, course=course)
print("LESSON_URL", lesson.url)
print("LESSON", lesson.pk, "QUIZ", quiz.pk)
print("HASHER", identify_hasher(hashed).algorithm, settings.PASSWORD_HASHERS[0])
print("SEEDED", len(users), f"setup {hashing - began:.1f} s, accounts {inserted - hashing:.1f} s,"
      f" enrolments {time.perf_counter() - inserted:.1f} s")
"""

SETTINGS = r"""
from django.conf import settings
import django, gunicorn
db = settings.DATABASES["default"]
print("SETTINGS", f"DEBUG={settings.DEBUG}", f"CONN_MAX_AGE={db['CONN_MAX_AGE']}",
      f"CONN_HEALTH_CHECKS={db.get('CONN_HEALTH_CHECKS')}",
      f"cache={settings.CACHES['default']['BACKEND'].rsplit('.', 1)[1]}",
      f"sessions={settings.SESSION_ENGINE}", f"hasher={settings.PASSWORD_HASHERS[0]}",
      f"django={django.get_version()}", f"gunicorn={gunicorn.__version__}")
"""

LESSON_INFO = r"""
from courses.models import LessonPage
lesson = LessonPage.objects.get(slug="ujian-akhir")
print("LESSON_URL", lesson.url)
print("LESSON", lesson.pk, "QUIZ", lesson.body[0].value["quiz"].pk)
"""


def _server() -> str:
    return os.environ["DATABASE_URL"].rsplit("/", 1)[0]


def _psql(database: str, sql: str) -> str:
    return subprocess.run(
        ["psql", f"{_server()}/{database}", "-qtAc", sql],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip


def _report(name: str, **figures) -> None:
    print(f"\nEXAM {name}: " + ", ".join(f"{k}={v}" for k, v in figures.items()))  # noqa: T201


@pytest.fixture(scope="module")
def seed() -> dict:
    """The seed database (built once per module, or reused); returns what the runs need."""
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        pytest.skip("needs DATABASE_URL (PostgreSQL)")
    env = {**bench_env_nocreate(SEED_DB)}
    exists = _psql("postgres", f"SELECT 1 FROM pg_database WHERE datname = '{SEED_DB}'") == "1"
    count = (
        _psql(SEED_DB, "SELECT count(*) FROM users_user WHERE username ~ '^199001'")
        if exists
        else ""
    )
    if REUSE and count and int(count) >= SEED_USERS:  # a larger seed: the first USERS sit it
        output = manage(env, "shell", input_text=LESSON_INFO)
        _report("seed", reused=SEED_DB, users=USERS)
    else:
        began = time.perf_counter()
        env = bench_env(SEED_DB)
        manage(env, "migrate", "--noinput")
        migrated = time.perf_counter()
        names = [username(n) for n in range(SEED_USERS)]
        script = SEED.replace("__PASSWORD__", repr(PASSWORD)).replace("__NAMES__", repr(names))
        output = manage(env, "shell", input_text=script)
        _report(
            "seed",
            users=SEED_USERS,
            migrate_s=round(migrated - began, 1),
            seed_s=round(time.perf_counter() - migrated, 1),
            detail=re.search(r"SEEDED \d+ (.*)", output).group(1),
            hasher=re.search(r"HASHER (.*)", output).group(1),
        )
    return {
        "lesson_url": re.search(r"LESSON_URL (\S+)", output).group(1),
        "lesson": int(re.search(r"LESSON (\d+)", output).group(1)),
        "quiz": int(re.search(r"QUIZ (\d+)", output).group(1)),
    }


def bench_env_nocreate(database: str) -> dict[str, str]:
    """``bench_env``'s environment for an existing ``database`` (no drop, no create)."""
    return {
        **os.environ, "DATABASE_URL": f"{_server()}/{database}",
        "DJANGO_SETTINGS_MODULE": "lms.settings.dev", "DJANGO_DEBUG": "0",
        "CELERY_BROKER_URL": "", "DATABASE_CONN_MAX_AGE": "60",
    }  # fmt: skip


def fresh_run_env() -> dict[str, str]:
    """A copy of the seed for one run, and an empty Redis database shared by its nodes."""
    for sql in (
        f"DROP DATABASE IF EXISTS {RUN_DB} WITH (FORCE)",
        f"CREATE DATABASE {RUN_DB} TEMPLATE {SEED_DB}",
    ):
        _psql("postgres", sql)
    redis.Redis.from_url(CACHE_URL).flushdb()
    return {**bench_env_nocreate(RUN_DB), "CACHE_URL": CACHE_URL}


def _listener_command(port: int) -> tuple[str, int]:
    """The command line of the process listening on ``port`` and its worker count."""
    import psutil

    for conn in psutil.net_connections("tcp"):
        if conn.status == psutil.CONN_LISTEN and conn.laddr.port == port and conn.pid:
            process = psutil.Process(conn.pid)
            while process.parent() and "gunicorn" in " ".join(process.parent().cmdline()):
                process = process.parent()
            args = " ".join(Path(a).name if a.startswith("/") else a for a in process.cmdline())
            return args, len(process.children())
    return "?", 0


def record_server(env: dict[str, str], ports: list[int]) -> dict:
    settings = re.search(r"SETTINGS (.*)", manage(env, "shell", input_text=SETTINGS)).group(1)
    nodes = []
    for port in ports:
        command, workers = _listener_command(port)
        nodes.append({"port": port, "command": command, "workers": workers})
    server = {
        "nodes": nodes,
        "settings": settings,
        "cpus": os.cpu_count(),
        "loadavg_before": os.getloadavg()[0],
    }
    for node in server["nodes"]:
        _report("server", **node)
    _report("settings", settings=settings, cpus=server["cpus"], load=server["loadavg_before"])
    return server


@contextlib.contextmanager
def nginx(ports: list[int], *, listen: int) -> Iterator[tuple[str, Path]]:
    """nginx as an unprivileged child: round robin over ``ports``; yields the base URL and the
    access log (which records the node of every request)."""
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(binary).exists():
        pytest.skip("needs nginx (apt-get install -y nginx-light)")
    prefix = Path(tempfile.mkdtemp(prefix="lms-nginx-"))
    upstreams = "\n".join(f"    server 127.0.0.1:{port};" for port in ports)
    user = "" if os.geteuid() else "user nobody nogroup;"
    (prefix / "nginx.conf").write_text(f"""
{user}
worker_processes 1;
daemon off;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 8192; }}
http {{
  client_body_temp_path {prefix}/body;
  proxy_temp_path {prefix}/proxy;
  fastcgi_temp_path {prefix}/fastcgi;
  uwsgi_temp_path {prefix}/uwsgi;
  scgi_temp_path {prefix}/scgi;
  log_format node '$upstream_addr $status $request_time';
  access_log {prefix}/access.log node buffer=64k flush=1s;
  upstream lms_app {{
{upstreams}
  }}
  server {{
    listen 127.0.0.1:{listen} backlog=4096;
    location / {{
      proxy_pass http://lms_app;
      proxy_set_header Host $http_host;
      proxy_set_header X-Real-IP $remote_addr;
      proxy_read_timeout 120s;
      # A POST is never sent twice to another node (nginx's default since 1.9.13).
      proxy_next_upstream error timeout;
    }}
  }}
}}
""")
    process = subprocess.Popen(
        [binary, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-e", str(prefix / "e.log")]
    )
    base = f"http://127.0.0.1:{listen}"
    try:
        for _ in range(50):
            try:
                requests.get(f"{base}/healthz", timeout=5)
                break
            except requests.RequestException:
                time.sleep(0.2)
        yield base, prefix / "access.log"
    finally:
        process.terminate()
        process.wait(timeout=30)
        shutil.rmtree(prefix, ignore_errors=True)


def run_locust(host: str, seed: dict, label: str) -> Path:
    out = OUT / label
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    env = {
        **os.environ,
        "LMS_EXAM_USERS": str(USERS),
        "LMS_EXAM_SECONDS": str(SECONDS),
        "LMS_EXAM_LEAD": str(LEAD),
        "LMS_EXAM_PASSWORD": PASSWORD,
        "LMS_EXAM_LESSON_URL": seed["lesson_url"],
        "LMS_EXAM_OUT": str(out),
        "LMS_EXAM_USERNAMES": str(out / "usernames.txt"),
    }
    (out / "usernames.txt").write_text("".join(f"{username(n)}\n" for n in range(USERS)))
    run_time = int(LEAD + SECONDS + 120)
    command = [
        str(Path(sys.executable).parent / "locust"), "-f", str(LOCUSTFILE), "--headless",
        "-H", host, "-u", str(USERS), "-r", str(max(200, USERS // 2)),
        "--run-time", f"{run_time}s", "--stop-timeout", "10", "--csv", str(out / "locust"),
        "--only-summary", "--loglevel", "WARNING", "--exit-code-on-error", "0",
    ]  # fmt: skip
    began = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, check=True, timeout=run_time + 120,
                   stdout=(out / "locust.log").open("w"), stderr=subprocess.STDOUT)  # fmt: skip
    _report(label + " locust", seconds=round(time.perf_counter() - began, 1), out=out)
    return out


def _p(values: list[float], q: int) -> float:
    if not values:
        return 0.0
    if len(values) < 20:
        return max(values)
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def _rate(times: list[float]) -> tuple[float, float]:
    """Overall rate (count over the span) and the busiest 10 s, per second."""
    times = sorted(times)
    if len(times) < 2:
        return 0.0, 0.0
    overall = (len(times) - 1) / (times[-1] - times[0]) if times[-1] > times[0] else 0.0
    peak, j = 0, 0
    for i, t in enumerate(times):
        while times[j] < t - 10:
            j += 1
        peak = max(peak, i - j + 1)
    return round(overall, 1), round(peak / 10, 1)


def analyse(out: Path, label: str, server: dict) -> dict:
    """Latency per group, failures, rates; prints and returns them (and writes summary.json)."""
    rows = list(csv.DictReader((out / "samples.csv").open()))
    by_group: dict[str, list[float]] = defaultdict(list)
    by_name: dict[str, list[float]] = defaultdict(list)
    failed = defaultdict(int)
    for row in rows:
        by_group[row["group"]].append(float(row["ms"]))
        by_name[row["name"]].append(float(row["ms"]))
        failed[row["group"]] += int(row["failed"])
    aggregated = next(
        r for r in csv.DictReader((out / "locust_stats.csv").open()) if r["Name"] == "Aggregated"
    )
    answers = json.loads((out / "answers.json").read_text())
    summary = {
        "label": label, "users": USERS, "seconds": SECONDS, "server": server,
        "loadavg_after": os.getloadavg()[0],
        "requests": int(aggregated["Request Count"]),
        "failures": int(aggregated["Failure Count"]),
        "finished": answers["finished"], "groups": {}, "names": {},
    }  # fmt: skip
    for group, values in sorted(by_group.items()):
        summary["groups"][group] = {
            "n": len(values), "failed": failed[group], "p50": round(_p(values, 50)),
            "p95": round(_p(values, 95)), "p99": round(_p(values, 99)), "max": round(max(values)),
        }  # fmt: skip
        _report(f"{label} {group}", **summary["groups"][group])
    for name, values in sorted(by_name.items()):
        summary["names"][name] = {"n": len(values), "p95": round(_p(values, 95))}
    submits = [float(r["started"]) for r in rows if r["name"].startswith("submit: POST")]
    starts = [float(r["started"]) for r in rows if r["name"].startswith("start: POST")]
    logins = [float(r["started"]) for r in rows if r["name"].startswith("login: POST")]
    clicks = [a["click_ms"] for a in answers["attempts"].values()]
    exam_from = max(starts, default=0)
    exam_to = min(submits, default=0)
    steady = [r for r in rows if exam_from < float(r["started"]) < exam_to]
    summary["rates"] = {
        "login_overall_peak10s": _rate(logins), "start_overall_peak10s": _rate(starts),
        "submit_overall_peak10s": _rate(submits),
        "steady_req_per_s": round(len(steady) / (exam_to - exam_from), 1)
        if exam_to > exam_from else 0,
        "submit_click_p95_ms": round(_p(clicks, 95)),
    }  # fmt: skip
    _report(f"{label} rates", **summary["rates"])
    _report(
        f"{label} totals",
        requests=summary["requests"],
        failures=summary["failures"],
        finished=answers["finished"],
        load_before=server["loadavg_before"],
        load_after=summary["loadavg_after"],
    )
    (out / "summary.json").write_text(json.dumps(summary, indent=1))
    return summary


def count_answers(out: Path, label: str) -> dict:
    """Compares what every client sent with PostgreSQL, row for row."""
    sent = json.loads((out / "answers.json").read_text())["attempts"]
    with psycopg.connect(f"{_server()}/{RUN_DB}") as conn:
        attempts = {
            row[0]: row[1:]
            for row in conn.execute(
                "SELECT a.id, u.username, a.state, a.sequence, a.score IS NOT NULL,"
                " (SELECT count(*) FROM assessments_autosavereceipt r WHERE r.attempt_id = a.id)"
                " FROM assessments_attempt a JOIN users_user u ON u.id = a.user_id"
            )
        }
        stored: dict[int, dict[str, str]] = defaultdict(dict)
        rows = 0
        for attempt_id, position, response in conn.execute(
            "SELECT attempt_id, position, response FROM assessments_attemptanswer"
            " WHERE response IS NOT NULL"
        ):
            stored[attempt_id][str(position)] = response
            rows += 1
    client_answers = sum(len(a["answers"]) for a in sent.values())
    mismatched = [
        attempt_id
        for attempt_id, item in sent.items()
        if stored.get(int(attempt_id), {}) != item["answers"]
        or attempts.get(int(attempt_id), (None,))[0] != item["user"]
    ]
    saves_off = [
        attempt_id
        for attempt_id, item in sent.items()
        if attempts[int(attempt_id)][2] != item["saves"]
        or attempts[int(attempt_id)][4] != item["saves"]
        or item["sequence"] != item["saves"]
    ]
    states = defaultdict(int)
    for _user, state, _seq, graded, _receipts in attempts.values():
        states[(state, graded)] += 1
    counts = {
        "client_attempts": len(sent), "db_attempts": len(attempts),
        "client_answers": client_answers, "db_answers": rows,
        "attempts_differing": len(mismatched), "sequence_or_receipts_off": len(saves_off),
        "autosaves_acknowledged": sum(a["saves"] for a in sent.values()),
        "db_sequence_total": sum(a[2] for a in attempts.values()),
        "submitted_and_graded": states[("submitted", True)],
        "users_with_attempts": len({a[0] for a in attempts.values()}),
    }  # fmt: skip
    _report(f"{label} counted", **counts)
    return counts


def check(summary: dict, counts: dict) -> None:
    assert summary["failures"] == 0, f"{summary['failures']} failed requests"
    assert summary["finished"] == {"users": USERS, "gave_up": 0}
    for group, goal in GOALS_MS.items():
        assert summary["groups"][group]["p95"] <= goal, f"{group} p95 above {goal} ms"
    assert summary["rates"]["submit_overall_peak10s"][0] >= SUBMIT_WAVE_GOAL
    assert counts["client_attempts"] == counts["db_attempts"] == USERS
    assert counts["users_with_attempts"] == counts["submitted_and_graded"] == USERS
    assert counts["client_answers"] == counts["db_answers"]
    assert counts["attempts_differing"] == 0 and counts["sequence_or_receipts_off"] == 0
    assert counts["autosaves_acknowledged"] == counts["db_sequence_total"]


def test_p15_exam_day_one_node(seed):
    env = fresh_run_env()
    with gunicorn(env, port=PORT, workers=WORKERS) as base:
        server = record_server(env, [PORT])
        out = run_locust(base, seed, "one-node")
    summary = analyse(out, "one-node", server)
    counts = count_answers(out, "one-node")
    check(summary, counts)


def test_p16_exam_day_two_nodes(seed):
    env = fresh_run_env()
    ports = [PORT, PORT + 1]
    with (
        gunicorn(env, port=ports[0], workers=NODE_WORKERS),
        gunicorn(env, port=ports[1], workers=NODE_WORKERS),
        nginx(ports, listen=PORT + 2) as (base, access_log),
    ):
        server = record_server(env, ports)
        server["balancer"] = "nginx round robin, 1 worker process"
        out = run_locust(base, seed, "two-nodes")
        time.sleep(2.5)  # the access log is flushed every second
        per_node = defaultdict(int)
        for line in access_log.read_text().splitlines():
            per_node[line.split()[0]] += 1
    _report("two-nodes balancer", **{f"node_{k}": v for k, v in sorted(per_node.items())})
    summary = analyse(out, "two-nodes", server)
    counts = count_answers(out, "two-nodes")
    # Round robin: each node served about half (the health checks aside).
    assert len(per_node) == 2 and min(per_node.values()) > 0.45 * sum(per_node.values())
    check(summary, counts)


# --- the focused check across two nodes ----------------------------------------------------

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CHOICE = re.compile(r'<input type="radio" name="q(\d+)" id="q\d+-\d+" value="([^"]+)"')

PUBLISH = r"""
from courses.models import LessonPage
lesson = LessonPage.objects.get(slug="ujian-akhir")
lesson.title = "Ujian akhir (jadwal baru)"
lesson.save_revision().publish()
"""


def _login(session: requests.Session, base: str, name: str) -> None:
    page = session.get(f"{base}/akun/masuk/", timeout=30).text
    response = session.post(
        f"{base}/akun/masuk/",
        data={"username": name, "password": PASSWORD,
              "csrfmiddlewaretoken": CSRF_INPUT.search(page).group(1)},
        allow_redirects=False, timeout=60,
    )  # fmt: skip
    assert response.status_code == 302 and response.headers["Location"] == "/belajar/dasbor/"


def test_p16_two_nodes_keep_sessions_caches_and_quiz_integrity(seed):
    env = fresh_run_env()
    a, b = PORT + 3, PORT + 4
    with gunicorn(env, port=a, workers=2) as node_a, gunicorn(env, port=b, workers=2) as node_b:
        browser = requests.Session()
        _login(browser, node_a, username(0))
        # The session made on A is valid on B (sessions in PostgreSQL, shared by the nodes).
        dashboard = browser.get(f"{node_b}/belajar/dasbor/", allow_redirects=False, timeout=30)
        assert dashboard.status_code == 200
        lesson = {n: browser.get(f"{n}{seed['lesson_url']}", timeout=30) for n in (node_a, node_b)}
        assert all(r.status_code == 200 and "Ujian akhir" in r.text for r in lesson.values())
        # Start on A.
        landing_url = f"/kuis/{seed['quiz']}/?halaman={seed['lesson']}"
        landing = browser.get(f"{node_a}{landing_url}", timeout=30).text
        started = browser.post(
            f"{node_a}{landing_url}",
            data={"csrfmiddlewaretoken": CSRF_INPUT.search(landing).group(1),
                  "halaman": str(seed["lesson"])},
            allow_redirects=False, timeout=60,
        )  # fmt: skip
        assert started.status_code == 302
        attempt_url = started.headers["Location"]
        attempt_id = int(re.search(r"/(\d+)/$", attempt_url).group(1))
        page = browser.get(f"{node_a}{attempt_url}", timeout=30).text
        token = CSRF_INPUT.search(page).group(1)
        choices = defaultdict(list)
        for position, choice in CHOICE.findall(page):
            choices[position].append(choice)
        answers = {p: c[1] for p, c in choices.items()}  # every second choice, 20 answers
        first, second = dict(list(answers.items())[:10]), dict(list(answers.items())[10:])

        def save(node: str, sequence: int, part: dict) -> requests.Response:
            return browser.put(
                f"{node}/api/v1/attempts/{attempt_id}/answers",
                json={"sequence": sequence, "answers": part},
                headers={"X-CSRFToken": token, "Idempotency-Key": str(uuid.uuid4())},
                timeout=30,
            )

        # Autosave on B, then on A; a save with the old sequence on B is refused (409 stale).
        assert save(node_b, 0, first).json() == {"sequence": 1}
        assert save(node_a, 1, second).json() == {"sequence": 2}
        stale = save(node_b, 1, {"0": answers["0"]})
        assert stale.status_code == 409 and stale.json()["code"] == "stale"
        reloaded = browser.get(f"{node_b}{attempt_url}", timeout=30).text
        assert 'name="sequence" value="2"' in reloaded
        assert reloaded.count(" checked>") == 20
        # Submit four times at once: the form and the API, on each node (double click, two
        # tabs, two nodes).
        form = {f"q{p}": c for p, c in answers.items()}
        form.update({"csrfmiddlewaretoken": token, "sequence": "2"})
        barrier = threading.Barrier(4)
        outcomes: dict[str, requests.Response] = {}

        def submit(kind: str, node: str) -> None:
            barrier.wait()
            if kind == "form":
                outcomes[f"form {node}"] = browser.post(
                    f"{node}{attempt_url}", data=form, allow_redirects=False, timeout=60
                )
            else:
                outcomes[f"api {node}"] = browser.post(
                    f"{node}/api/v1/attempts/{attempt_id}/submit",
                    json={"answers": answers}, headers={"X-CSRFToken": token}, timeout=60,
                )  # fmt: skip

        threads = [
            threading.Thread(target=submit, args=(kind, node))
            for kind in ("form", "api")
            for node in (node_a, node_b)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        statuses = {key: response.status_code for key, response in outcomes.items()}
        _report("two-node integrity submits", **statuses)
        assert statuses == {
            f"form {node_a}": 302, f"form {node_b}": 302, f"api {node_a}": 200, f"api {node_b}": 200
        }  # fmt: skip
        grades = {
            (r.json()["id"], r.json()["state"], r.json()["score"])
            for k, r in outcomes.items()
            if k.startswith("api")
        }
        assert len(grades) == 1 and next(iter(grades))[1] == "submitted"
        with psycopg.connect(f"{_server()}/{RUN_DB}") as conn:
            rows = conn.execute(
                "SELECT state, score, finished_at FROM assessments_attempt WHERE user_id ="
                " (SELECT id FROM users_user WHERE username = %s)",
                [username(0)],
            ).fetchall()
            stored = dict(
                conn.execute(
                    "SELECT position::text, response FROM assessments_attemptanswer"
                    " WHERE attempt_id = %s",
                    [attempt_id],
                ).fetchall()
            )
        assert len(rows) == 1 and rows[0][0] == "submitted"
        assert float(rows[0][1]) == next(iter(grades))[2]
        assert stored == answers
        # A lesson published meanwhile (an editor, a third process) shows on both nodes: the
        # cache is shared (Redis), so neither keeps the old page.
        manage(env, "shell", input_text=PUBLISH)
        for node in (node_a, node_b):
            page = browser.get(f"{node}{seed['lesson_url']}", timeout=30).text
            assert "Ujian akhir (jadwal baru)" in page
        # A logout on A ends the session on B.
        dashboard = browser.get(f"{node_a}/belajar/dasbor/", timeout=30).text
        browser.post(
            f"{node_a}/akun/keluar/",
            data={"csrfmiddlewaretoken": CSRF_INPUT.search(dashboard).group(1)},
            allow_redirects=False, timeout=30,
        )  # fmt: skip
        after = browser.get(f"{node_b}/belajar/dasbor/", allow_redirects=False, timeout=30)
        assert after.status_code == 302 and after.headers["Location"].startswith("/akun/masuk/")
        _report(
            "two-node integrity",
            attempt=attempt_id,
            grade=next(iter(grades))[2],
            answers=len(stored),
            session_across_nodes="yes",
            cache_across_nodes="yes",
        )
