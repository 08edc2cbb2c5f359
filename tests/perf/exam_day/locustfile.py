"""Exam day in a compressed morning (docs/quality.md P15): Locust examinees doing what the browser
does. Run by ``tests/perf/test_exam_day.py`` (``make bench``), which seeds the examinees and
passes everything through the environment; by hand::

    LMS_EXAM_USERS=200 LMS_EXAM_SECONDS=120 LMS_EXAM_PASSWORD=… LMS_EXAM_LESSON_URL=/…/ \
    LMS_EXAM_USERNAMES=names.txt LMS_EXAM_OUT=/tmp/exam \
    locust -f tests/perf/exam_day/locustfile.py --headless -H http://127.0.0.1:8770 \
        -u 200 -r 500 --run-time 200s

Each simulated examinee (one Locust user, one browser) follows a schedule fixed by its number
``i`` of ``N``, on a clock that starts ``LMS_EXAM_LEAD`` seconds after the test (spawning):

* **login** at ``i · L / N`` (``L`` = 30 % of the morning: 3 of 10 minutes): the login form
  ``/akun/masuk/`` (GET, then POST with the CSRF token; learners have no second step), the
  dashboard it redirects to, the lesson holding the post-test, the quiz's landing page;
* **start spike** right after ``L``, at ``LMS_EXAM_START_RATE`` starts a second (default 20):
  the landing form's POST (``attempt_start``) and the attempt page it redirects to;
* **exam**: an autosave every ``LMS_EXAM_AUTOSAVE_SECONDS`` (60; the first at a random offset)
  with the quiz page's own request (``quiz.js``: ``PUT /api/v1/attempts/<id>/answers`` with
  ``{sequence, answers}``, the page's CSRF token and a fresh ``Idempotency-Key``) carrying the
  answers changed since the last save; between two saves one page navigation (a reload of the
  attempt page or the lesson page, alternately);
* **submit wave** at ``LMS_EXAM_SUBMIT_RATE`` a second (default 40), ending
  ``LMS_EXAM_TAIL`` seconds (20 % of the morning … at most 60 s) before the morning ends:
  what ``quiz.js`` does on "Kumpulkan jawaban": the last changes saved, the session's token
  (``GET /akun/token-csrf/``), the native form POST with every answer, then the result page.

Request names start with their group (``login``, ``nav``, ``start``, ``autosave``, ``submit``),
which the test's p95 goals are about. Every request is written to ``samples.csv`` in
``LMS_EXAM_OUT`` (group, name, start time, milliseconds, failed), and, per attempt, what the
client last sent (``answers.json``: the answers of the submitted form, the count of
acknowledged autosaves and the last sequence) for the test to compare with the database.
"""

import csv
import itertools
import json
import logging
import os
import random
import re
import time
import uuid
from pathlib import Path

import gevent
from locust import FastHttpUser, events, task
from locust.exception import StopUser

USERS = int(os.environ.get("LMS_EXAM_USERS", "2000"))
MORNING = float(os.environ.get("LMS_EXAM_SECONDS", "600"))
LOGIN_SECONDS = float(os.environ.get("LMS_EXAM_LOGIN_SECONDS", str(0.3 * MORNING)))
START_RATE = float(os.environ.get("LMS_EXAM_START_RATE", "20"))
AUTOSAVE_SECONDS = float(os.environ.get("LMS_EXAM_AUTOSAVE_SECONDS", "60"))
SUBMIT_RATE = float(os.environ.get("LMS_EXAM_SUBMIT_RATE", "40"))
TAIL = float(os.environ.get("LMS_EXAM_TAIL", str(min(60.0, 0.2 * MORNING))))
LEAD = float(os.environ.get("LMS_EXAM_LEAD", "5"))
PASSWORD = os.environ.get("LMS_EXAM_PASSWORD", "")
# The examinees' login names (NIPs), one a line, in the seed's order.
USERNAMES = Path(os.environ.get("LMS_EXAM_USERNAMES", "usernames.txt")).read_text().split()
LESSON_URL = os.environ.get("LMS_EXAM_LESSON_URL", "/")
OUT = Path(os.environ.get("LMS_EXAM_OUT", "."))
SEED = int(os.environ.get("LMS_EXAM_RANDOM_SEED", "2026"))

START_SECONDS = USERS / START_RATE
SUBMIT_SECONDS = USERS / SUBMIT_RATE
SUBMIT_FROM = MORNING - TAIL - SUBMIT_SECONDS

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
QUIZ_LINK = re.compile(r'href="(/kuis/\d+/\?halaman=\d+)"')
ATTEMPT_URL = re.compile(r"/kuis/percobaan/(\d+)/$")
CHOICE = re.compile(r'<input type="radio" name="q(\d+)" id="q\d+-\d+" value="([^"]+)"')
SEQUENCE = re.compile(r'name="sequence" value="(\d+)"')

# The order of the start spike and of the submit wave: the examinees shuffled once.
ORDER = {n: rank for rank, n in enumerate(random.Random(SEED).sample(range(USERS), USERS))}
numbers = itertools.count()
clock = {"t0": 0.0}
samples: list[tuple] = []
results: dict[int, dict] = {}
finished = {"users": 0, "gave_up": 0}


@events.test_start.add_listener
def _start(environment, **_kwargs):
    clock["t0"] = time.time() + LEAD


@events.request.add_listener
def _sample(request_type, name, response_time, exception, start_time=None, **_kwargs):
    started = start_time if start_time is not None else time.time() - response_time / 1000
    samples.append(
        (name.split(":", 1)[0], name, round(started - clock["t0"], 3), round(response_time, 1),
         int(exception is not None))
    )  # fmt: skip


@events.quitting.add_listener
def _write(environment, **_kwargs):
    OUT.mkdir(parents=True, exist_ok=True)
    with (OUT / "samples.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["group", "name", "started", "ms", "failed"])
        writer.writerows(samples)
    (OUT / "answers.json").write_text(
        json.dumps({"finished": finished, "attempts": results}, indent=0)
    )


def _sleep_until(offset: float) -> None:
    delay = clock["t0"] + offset - time.time()
    if delay > 0:
        gevent.sleep(delay)


class Examinee(FastHttpUser):
    """One examinee's morning (see the module docstring); a user runs its scenario once."""

    network_timeout = 120.0
    connection_timeout = 60.0

    def on_start(self):
        self.n = next(numbers)
        self.rng = random.Random(SEED * 100_003 + self.n)
        self.username = USERNAMES[self.n]

    # --- requests -------------------------------------------------------------------------

    def _get(self, name: str, url: str, *, expect: int = 200, contains: str = "") -> str:
        with self.client.get(
            url, name=name, allow_redirects=False, catch_response=True
        ) as response:
            body = response.text or ""
            if response.status_code != expect or (contains and contains not in body):
                response.failure(f"{response.status_code} (expected {expect}) {body[:200]!r}")
                raise StopUser
            return body

    def _post_form(self, name: str, url: str, data: dict, *, expect_location: re.Pattern | str):
        with self.client.post(
            url, name=name, data=data, allow_redirects=False, catch_response=True,
            headers={"Referer": f"{self.host}{url}"},
        ) as response:  # fmt: skip
            location = response.headers.get("Location", "") if response.headers else ""
            ok = response.status_code == 302 and (
                re.search(expect_location, location)
                if isinstance(expect_location, re.Pattern)
                else location.startswith(expect_location)
            )
            if not ok:
                body = (response.text or "")[:200]
                response.failure(f"{response.status_code} → {location!r} {body!r}")
                raise StopUser
            return location

    # --- the morning ----------------------------------------------------------------------

    @task
    def morning(self):
        # Once only: a failed request ends this examinee's morning (counted), it never starts
        # again (Locust would rerun a task that raised).
        try:
            self._login()
            self._exam()
            finished["users"] += 1
        except StopUser:
            finished["gave_up"] += 1
        except Exception:  # noqa: BLE001 - a bug or an odd answer: counted, logged by Locust
            finished["gave_up"] += 1
            finished.setdefault("errors", 0)
            finished["errors"] += 1
            logging.exception("examinee %s", self.n)
        if finished["users"] + finished["gave_up"] >= USERS:
            gevent.spawn_later(1, self.environment.runner.quit)
        raise StopUser

    def _login(self):
        _sleep_until(self.n * LOGIN_SECONDS / USERS + self.rng.uniform(0, LOGIN_SECONDS / USERS))
        page = self._get("login: GET /akun/masuk/", "/akun/masuk/")
        token = CSRF_INPUT.search(page).group(1)
        dashboard = self._post_form(
            "login: POST /akun/masuk/",
            "/akun/masuk/",
            {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
            expect_location="/belajar/dasbor/",
        )
        self._get("nav: GET /belajar/dasbor/", dashboard)
        gevent.sleep(self.rng.uniform(2, 6))
        lesson = self._get("nav: GET lesson", LESSON_URL)
        self.landing = QUIZ_LINK.search(lesson).group(1).replace("&amp;", "&")
        gevent.sleep(self.rng.uniform(2, 6))
        landing = self._get("nav: GET /kuis/[id]/ (landing)", self.landing)
        self.landing_token = CSRF_INPUT.search(landing).group(1)

    def _exam(self):
        # The start spike: one start every 1/START_RATE s, the examinees in a shuffled order,
        # each pressing "Mulai mengerjakan" on the landing page shown after the login.
        rank = ORDER[self.n]
        _sleep_until(LOGIN_SECONDS + rank / START_RATE)
        attempt_url = self._post_form(
            "start: POST /kuis/[id]/ (start)",
            self.landing,
            {"csrfmiddlewaretoken": self.landing_token, "halaman": self.landing.rsplit("=", 1)[1]},
            expect_location=ATTEMPT_URL,
        )
        self.attempt_id = int(ATTEMPT_URL.search(attempt_url).group(1))
        self.attempt_url = attempt_url
        self._read_attempt("start: GET /kuis/percobaan/[id]/")
        self.answers: dict[str, str] = {}  # position → choice id, what the page holds
        self.unsaved: dict[str, str] = {}
        self.saves = 0
        submit_at = SUBMIT_FROM + rank / SUBMIT_RATE
        blank = self.rng.random() < 0.1  # one in ten leaves a question unanswered
        next_save = time.time() - clock["t0"] + self.rng.uniform(5, AUTOSAVE_SECONDS)
        reload_page = bool(self.n % 2)
        while next_save < submit_at - 1:
            # One navigation between two saves, at a random point.
            nav_at = next_save - self.rng.uniform(5, AUTOSAVE_SECONDS - 5)
            if nav_at > time.time() - clock["t0"]:
                _sleep_until(nav_at)
                if reload_page:
                    self._read_attempt("nav: GET /kuis/percobaan/[id]/ (reload)")
                else:
                    self._get("nav: GET lesson", LESSON_URL)
                reload_page = not reload_page
            _sleep_until(next_save)
            self._answer_some(blank)
            self._autosave()
            next_save += AUTOSAVE_SECONDS
        _sleep_until(submit_at)
        self._submit(blank)

    def _read_attempt(self, name: str) -> None:
        page = self._get(name, self.attempt_url, contains='id="quiz-form"')
        self.token = CSRF_INPUT.search(page).group(1)
        self.sequence = int(SEQUENCE.search(page).group(1))
        choices: dict[str, list[str]] = {}
        for position, choice in CHOICE.findall(page):
            choices.setdefault(position, []).append(choice)
        self.choices = choices

    def _answer_some(self, blank: bool) -> None:
        """About a quarter of the questions a minute, now and then a change of mind."""
        positions = sorted(self.choices, key=int)[: len(self.choices) - blank]
        open_ = [p for p in positions if p not in self.answers]
        for position in self.rng.sample(open_, min(len(open_), self.rng.randint(3, 7))):
            self._choose(position)
        if self.answers and self.rng.random() < 0.3:
            self._choose(self.rng.choice(sorted(self.answers)))

    def _choose(self, position: str) -> None:
        choice = self.rng.choice(self.choices[position])
        if self.answers.get(position) != choice:
            self.answers[position] = choice
            self.unsaved[position] = choice

    def _autosave(self) -> None:
        if not self.unsaved:
            return
        with self.client.put(
            f"/api/v1/attempts/{self.attempt_id}/answers",
            name="autosave: PUT /api/v1/attempts/[id]/answers",
            json={"sequence": self.sequence, "answers": self.unsaved},
            headers={"X-CSRFToken": self.token, "Idempotency-Key": str(uuid.uuid4())},
            catch_response=True,
        ) as response:
            data = {}
            try:
                data = response.json()
            except Exception:  # noqa: BLE001 - reported as a failure below
                data = {}
            if response.status_code != 200 or not isinstance(data.get("sequence"), int):
                response.failure(f"{response.status_code} {(response.text or '')[:200]!r}")
                return  # kept unsaved: the next save (or the submit) carries them, as quiz.js
            self.sequence = data["sequence"]
            self.saves += 1
            self.unsaved = {}

    def _submit(self, blank: bool) -> None:
        began = time.time()
        positions = sorted(self.choices, key=int)[: len(self.choices) - blank]
        for position in positions:
            if position not in self.answers:
                self._choose(position)
        self._autosave()  # quiz.js flushes the queue first
        with self.client.get(
            "/akun/token-csrf/", name="submit: GET /akun/token-csrf/", catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
                raise StopUser
            self.token = response.json()["csrf_token"]
        form = {f"q{position}": choice for position, choice in self.answers.items()}
        form.update({"csrfmiddlewaretoken": self.token, "sequence": str(self.sequence)})
        result = self._post_form(
            "submit: POST /kuis/percobaan/[id]/",
            self.attempt_url,
            form,
            expect_location=f"/kuis/percobaan/{self.attempt_id}/hasil/",
        )
        self._get("submit: GET /kuis/percobaan/[id]/hasil/", result)
        results[self.attempt_id] = {
            "user": self.username,
            "answers": self.answers,
            "saves": self.saves,
            "sequence": self.sequence,
            "click_ms": round((time.time() - began) * 1000, 1),
        }
