"""A learner takes a post-test on a phone, loses the connection mid-quiz, keeps answering,
comes back online and submits: every answer is counted (docs/quality.md R1.6, MDL-42504)."""

import re
import time
from decimal import Decimal
from urllib.parse import quote

import pytest
from django.db import OperationalError

from assessments.models import Attempt, AttemptAnswer, AttemptState
from tests.e2e.conftest import save_screenshot
from tests.factories.assessments import correct_answers, make_quiz
from tests.factories.courses import place_quiz

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
NIP, PASSWORD = "198703152010012003", "Peserta-Belajar-2026"
QUESTIONS = 10
WRONG = {3, 7}  # positions answered wrongly on purpose: the score must be exactly 8
ATTEMPT_URL = re.compile(r"/kuis/percobaan/\d+/$")


def make_learner():
    from lms.people.models import OPD, Employee, EmployeeType, OPDType
    from lms.people.services import employee_save

    opd = OPD.objects.create(code="2.16", name="Diskominfo", type=OPDType.DINAS)
    user = employee_save(
        employee=Employee(
            nip=NIP, name="Siti Rahmawati", gender="P", employee_type=EmployeeType.PNS, opd=opd
        )
    ).user
    user.set_password(PASSWORD)
    user.is_active = True
    user.save()
    return user


def saved(attempt: Attempt) -> dict[int, object]:
    """Stored responses by position (ticked boxes sorted: the page sends them in the order
    the choices are shown, which is shuffled)."""
    rows = AttemptAnswer.objects.filter(attempt=attempt, response__isnull=False)
    return {
        position: sorted(response) if isinstance(response, list) else response
        for position, response in rows.values_list("position", "response")
    }


def choice_ids(attempt: Attempt) -> dict[int, list[str]]:
    """Position → the question's choice ids in authoring order (ids are random: issue 8)."""
    from assessments.models import QuestionVersion

    versions = QuestionVersion.objects.in_bulk([item["v"] for item in attempt.layout])
    return {
        position: [choice["id"] for choice in versions[item["v"]].data.get("choices", [])]
        for position, item in enumerate(attempt.layout)
    }


def by_text(attempt: Attempt, position: int, text: str) -> str:
    from assessments.models import QuestionVersion

    version = QuestionVersion.objects.get(pk=attempt.layout[position]["v"])
    return next(c["id"] for c in version.data["choices"] if c["text"] == text)


def wait_until(condition, timeout: float = 30.0, what: str = "condition"):
    """Polls the database while the live server writes to it. On SQLite (shared-cache memory
    database) a read racing a write can fail with "table is locked": that poll is retried."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            if value := condition():
                return value
        except OperationalError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_offline_answers_are_queued_flushed_and_all_counted(live_server, page, axe):
    learner = make_learner()
    quiz = make_quiz(
        banks=(("SP.01", 2, QUESTIONS, QUESTIONS),),
        title="Tes akhir Dasar-dasar SPBE",
        time_limit_minutes=30,
        instructions="Jawab semua soal. Jawaban tersimpan otomatis.",
    )
    base = live_server.url
    landing = f"/kuis/{quiz.pk}/?halaman={place_quiz(quiz, learners=[learner]).pk}"
    page.goto(f"{base}/akun/masuk/?next={quote(landing)}")
    page.get_by_label("NIP atau e-mail").fill(NIP)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{base}{landing}")
    save_screenshot(page, "quiz-landing")
    assert not axe(), "accessibility violations on the quiz landing page"
    weights: dict[str, int] = {}
    page.on(
        "response",
        lambda r: (
            weights.__setitem__(r.url, len(r.body()))
            if r.request.resource_type in {"document", "stylesheet", "script"} and r.ok
            else None
        ),
    )
    page.get_by_role("button", name="Mulai mengerjakan").click()
    page.wait_for_url(ATTEMPT_URL)
    attempt = Attempt.objects.get(user=learner, quiz=quiz)
    assert page.url == f"{base}/kuis/percobaan/{attempt.pk}/"
    page.wait_for_load_state("networkidle")
    assert sum(weights.values()) <= 100 * 1024, weights  # HTML + CSS + JS, uncompressed
    assert page.locator("[data-quiz-remaining]").is_visible()  # the countdown runs
    violations = axe()
    assert not violations, [(v["id"], v["help"], v["nodes"][:2]) for v in violations]

    key = correct_answers(attempt)
    ids = choice_ids(attempt)
    expected = {p: next(i for i in ids[p] if i != key[p]) if p in WRONG else key[p] for p in key}

    def answer(position: int) -> None:
        fieldset = page.locator(f'fieldset[data-position="{position}"]')
        fieldset.locator(f'input[value="{expected[position]}"]').check()

    half = QUESTIONS // 2
    for position in range(half):
        answer(position)
    wait_until(lambda: len(saved(attempt)) == half, what="the online autosave")
    page.get_by_text("Jawaban tersimpan pukul").wait_for()  # the page got the answer too

    page.context.set_offline(True)
    for position in range(half, QUESTIONS):
        answer(position)
    banner = page.get_by_role("alert").filter(has_text="Koneksi terputus")
    banner.wait_for(state="visible")
    assert "jawaban disimpan di perangkat ini" in banner.inner_text()
    page.wait_for_timeout(2000)  # debounce and a failed save attempt
    queued = page.evaluate(f"localStorage.getItem('lms-quiz-{attempt.pk}')")
    assert queued and all(f'"{p}"' in queued for p in range(half, QUESTIONS))
    assert len(saved(attempt)) == half, "nothing reaches the server while offline"
    page.evaluate("window.scrollTo(0, 0)")  # sticky bar in place on the full-page shot
    save_screenshot(page, "quiz-offline-banner")

    page.context.set_offline(False)
    wait_until(lambda: saved(attempt) == expected, what="the queue to flush")
    banner.wait_for(state="hidden")
    assert page.evaluate(f"localStorage.getItem('lms-quiz-{attempt.pk}')") is None

    page.get_by_role("button", name="Kumpulkan jawaban").click()
    page.wait_for_url(f"{base}/kuis/percobaan/{attempt.pk}/hasil/")
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.SUBMITTED
    assert saved(attempt) == expected
    assert attempt.score == QUESTIONS - len(WRONG) and attempt.max_score == QUESTIONS
    assert page.get_by_text("Jawaban Anda sudah dikumpulkan dan dinilai.").is_visible()
    assert page.get_by_text("80%").first.is_visible()
    save_screenshot(page, "quiz-result")
    violations = axe()
    assert not violations, [(v["id"], v["help"], v["nodes"][:2]) for v in violations]


def test_a_stale_tab_reloads_with_the_newest_answers(live_server, browser):
    """Two tabs: the second one saves first, the first one's next save is stale (409): it says
    so and reloads with the answers the other tab saved."""
    learner = make_learner()
    quiz = make_quiz(banks=(("SP.01", 2, 3, 3),), shuffle_questions=False)
    context = browser.new_context(locale="id-ID", viewport={"width": 390, "height": 844})
    try:
        first = context.new_page()
        landing = f"/kuis/{quiz.pk}/?halaman={place_quiz(quiz, learners=[learner]).pk}"
        first.goto(f"{live_server.url}/akun/masuk/?next={quote(landing)}")
        first.get_by_label("NIP atau e-mail").fill(NIP)
        first.get_by_label("Kata sandi").fill(PASSWORD)
        first.get_by_role("button", name="Masuk").click()
        first.get_by_role("button", name="Mulai mengerjakan").click()
        first.wait_for_url(ATTEMPT_URL)
        attempt = Attempt.objects.get(user=learner, quiz=quiz)
        url = f"{live_server.url}/kuis/percobaan/{attempt.pk}/"
        second = context.new_page()
        second.goto(url)
        ids = choice_ids(attempt)
        b, c = ids[0][1], ids[1][2]
        second.locator(f'fieldset[data-position="0"] input[value="{b}"]').check()
        wait_until(lambda: saved(attempt) == {0: b}, what="the second tab's save")
        first.locator(f'fieldset[data-position="1"] input[value="{c}"]').check()
        first.get_by_role("alert").filter(has_text="tab atau perangkat lain").wait_for()
        first.wait_for_load_state("load")
        first.locator(f'fieldset[data-position="0"] input[value="{b}"]:checked').wait_for(
            timeout=10_000
        )
        assert saved(attempt) == {0: b}
    finally:
        context.close()


def log_in(page, base: str, next_url: str) -> None:
    page.goto(f"{base}/akun/masuk/?next={next_url}")
    page.get_by_label("NIP atau e-mail").fill(NIP)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{base}{next_url}")


def test_queue_survives_closing_the_tab_while_offline(live_server, browser):
    """Answers given offline stay on the device (localStorage); reopening the attempt once the
    connection is back shows and sends them."""
    from assessments.services import attempt_start

    learner = make_learner()
    quiz = make_quiz(banks=(("SP.01", 2, 4, 4),))
    attempt = attempt_start(
        user=learner, quiz=quiz, page_id=place_quiz(quiz, learners=[learner]).pk
    )
    url = f"/kuis/percobaan/{attempt.pk}/"
    context = browser.new_context(locale="id-ID", viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        log_in(page, live_server.url, url)
        context.set_offline(True)
        second = {p: ids[1] for p, ids in choice_ids(attempt).items()}
        for position in range(4):
            page.locator(
                f'fieldset[data-position="{position}"] input[value="{second[position]}"]'
            ).check()
        page.get_by_role("alert").filter(has_text="Koneksi terputus").wait_for()
        page.wait_for_timeout(800)
        page.close()
        assert saved(attempt) == {}
        context.set_offline(False)
        page = context.new_page()
        page.goto(live_server.url + url)
        assert page.locator("input:checked").count() == 4
        wait_until(lambda: saved(attempt) == second, what="the flush")
    finally:
        context.close()


def test_countdown_submits_when_time_is_up(live_server, page):
    """The page counts down from the server's deadline and submits by itself; the answer given
    just before is counted."""
    import datetime

    from django.utils import timezone

    from assessments.services import attempt_start

    learner = make_learner()
    quiz = make_quiz(banks=(("SP.01", 2, 3, 3),), time_limit_minutes=1)
    attempt = attempt_start(
        user=learner, quiz=quiz, page_id=place_quiz(quiz, learners=[learner]).pk
    )
    url = f"/kuis/percobaan/{attempt.pk}/"
    log_in(page, live_server.url, url)
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() + datetime.timedelta(seconds=8)
    )
    page.goto(live_server.url + url)
    minutes, seconds = page.locator("[data-quiz-remaining]").inner_text().split(":")
    assert minutes == "0" and 2 < int(seconds) <= 8  # from the server's deadline
    first = choice_ids(attempt)[0][0]
    page.locator(f'fieldset[data-position="0"] input[value="{first}"]').check()
    page.wait_for_url(f"{live_server.url}{url}hasil/", timeout=15_000)
    attempt.refresh_from_db()
    assert attempt.state in (AttemptState.SUBMITTED, AttemptState.EXPIRED)
    assert saved(attempt) == {0: first}


def test_every_question_type_is_saved_by_the_script_and_accessible(live_server, page, axe):
    """Radio, checkboxes, text, number and matching selects: autosaved as the API expects,
    then submitted through the same form."""
    from assessments.selectors import attempt_for_learner
    from assessments.services import attempt_start
    from tests.assessments.test_no_key_leak import ACCEPTED, mixed_quiz

    learner = make_learner()
    quiz = mixed_quiz(time_limit_minutes=20)
    attempt = attempt_start(
        user=learner, quiz=quiz, page_id=place_quiz(quiz, learners=[learner]).pk
    )
    url = f"/kuis/percobaan/{attempt.pk}/"
    log_in(page, live_server.url, url)
    violations = axe()
    assert not violations, [(v["id"], v["help"], v["nodes"][:2]) for v in violations]
    types = {q["type"]: q["position"] for q in attempt_for_learner(attempt)["questions"]}

    def fieldset(qtype: str):
        return page.locator(f'fieldset[data-position="{types[qtype]}"]')

    fieldset("single").get_by_label("Keterpaduan").check()
    fieldset("multiple").get_by_label("Kerahasiaan").check()
    fieldset("multiple").get_by_label("Integritas").check()
    fieldset("true_false").get_by_label("Salah").check()
    fieldset("short").get_by_label("Jawaban Anda").fill(ACCEPTED.lower())
    fieldset("numeric").get_by_label("Jawaban Anda (angka)").fill("98765,43")
    fieldset("matching").get_by_label("Sopan santun daring").select_option("Etika")
    fieldset("matching").get_by_label("Kata sandi kuat").select_option("Keamanan")
    expected = {
        types["single"]: by_text(attempt, types["single"], "Keterpaduan"),
        types["multiple"]: sorted(
            by_text(attempt, types["multiple"], text) for text in ("Kerahasiaan", "Integritas")
        ),
        types["true_false"]: "false",
        types["short"]: ACCEPTED.lower(),
        types["numeric"]: "98765,43",
        types["matching"]: {"m1": "Etika", "m2": "Keamanan"},
    }
    wait_until(lambda: saved(attempt) == expected, what="every type to autosave")
    page.evaluate("window.scrollTo(0, 0)")
    save_screenshot(page, "quiz-all-types")
    fieldset("multiple").get_by_label("Integritas").uncheck()  # a change after a save
    expected[types["multiple"]] = [by_text(attempt, types["multiple"], "Kerahasiaan")]
    wait_until(lambda: saved(attempt) == expected, what="the changed answer")
    page.get_by_role("button", name="Kumpulkan jawaban").click()
    page.wait_for_url(f"{live_server.url}{url}hasil/")
    attempt.refresh_from_db()
    assert saved(attempt) == expected and attempt.score == Decimal("5.5")


def test_submit_pressed_offline_happens_when_the_connection_returns(live_server, page):
    from assessments.services import attempt_start

    learner = make_learner()
    quiz = make_quiz(banks=(("SP.01", 2, 3, 3),))
    attempt = attempt_start(
        user=learner, quiz=quiz, page_id=place_quiz(quiz, learners=[learner]).pk
    )
    url = f"/kuis/percobaan/{attempt.pk}/"
    log_in(page, live_server.url, url)
    page.context.set_offline(True)
    third = {position: ids[2] for position, ids in choice_ids(attempt).items()}
    for position, choice in third.items():
        page.locator(f'fieldset[data-position="{position}"] input[value="{choice}"]').check()
    page.get_by_role("button", name="Kumpulkan jawaban").click()
    page.get_by_role("alert").filter(has_text="Tidak dapat mengumpulkan").wait_for()
    assert page.url == live_server.url + url
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.IN_PROGRESS
    page.context.set_offline(False)
    page.wait_for_url(f"{live_server.url}{url}hasil/")
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.SUBMITTED
    assert saved(attempt) == third
