"""Session expiry as a learner meets it on a phone (issue 13, items 2 and 11): "Tandai selesai"
after the session ended goes through the login back to the lesson and completes it; with the
cookies cleared the same button shows the Indonesian CSRF page with a way back; in a quiz, a
login in another tab lets "Kumpulkan jawaban" work without a reload, answers intact, after
the "Terjawab X dari N" counter and the "belum dijawab" confirmation; saved-at times are the
server's, in WIB, whatever the device's zone; the matching review fits a phone."""

import datetime
import re
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from django.utils import timezone

from assessments.models import Attempt, AttemptState
from courses.models import CoursePage, Enrollment, LessonPage
from tests.e2e.conftest import AXE, save_screenshot
from tests.e2e.test_quiz_offline import choice_ids, make_learner, saved, wait_until
from tests.factories.assessments import make_quiz
from tests.factories.courses import place_quiz

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
NIP, PASSWORD = "198703152010012003", "Peserta-Belajar-2026"
COURSE_TITLE = "Literasi dan Keamanan Digital untuk ASN"
AGAIN = "Sesi Anda berakhir; tekan “Tandai selesai dan lanjut” sekali lagi."
ATTEMPT_URL = re.compile(r"/kuis/percobaan/\d+/$")


def axe_on(page) -> list[dict]:
    """Serious or critical axe-core violations on ``page`` (the ``axe`` fixture serves the
    fixture's own page only). Evaluated through DevTools: the CSP refuses an inline <script>."""
    page.evaluate(AXE.read_text() + "\n;undefined")
    result = page.evaluate("async () => await axe.run(document)")
    return [v for v in result["violations"] if v["impact"] in {"serious", "critical"}]


def fill_login(page) -> None:
    page.get_by_label("NIP atau e-mail").fill(NIP)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()


def end_session(context) -> None:
    """The session ends on the server (gone from the database and from the cache that
    ``cached_db`` sessions read first); the browser keeps its cookies."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.sessions.models import Session

    key = next(c["value"] for c in context.cookies() if c["name"] == "sessionid")
    assert Session.objects.filter(session_key=key).exists()
    import_module(settings.SESSION_ENGINE).SessionStore(session_key=key).delete()
    assert not Session.objects.filter(session_key=key).exists()


def demo_lesson():
    """The demo learner enrolled in the literacy course; its first two lessons."""
    from courses.services import enrollment_create
    from lms.core.seeding import seed_demo
    from lms.users.models import User

    seed_demo()
    course = CoursePage.objects.get(title=COURSE_TITLE)
    learner = User.objects.get(username=NIP)
    enrollment_create(user=learner, course=course)
    lessons = list(LessonPage.objects.live().descendant_of(course).order_by("path"))
    return learner, course, lessons


def done(learner, course) -> set[int]:
    enrollment = Enrollment.objects.get(user=learner, course=course)
    return set(enrollment.lesson_progress.values_list("lesson_id", flat=True))


def test_tandai_selesai_after_the_session_expired_logs_in_and_completes(live_server, page, axe):
    learner, course, lessons = demo_lesson()
    base = live_server.url
    page.goto(f"{base}/akun/masuk/?next={quote(lessons[0].url)}")
    fill_login(page)
    page.wait_for_url(base + lessons[0].url)

    end_session(page.context)
    page.get_by_role("button", name="Tandai selesai dan lanjut").click()
    # The login page, returning to the lesson (never to the POST-only action).
    page.wait_for_url(re.compile(r"/akun/masuk/\?next="))
    assert parse_qs(urlsplit(page.url).query)["next"] == [lessons[0].url]
    save_screenshot(page, "session-lesson-login")
    fill_login(page)
    page.wait_for_url(base + lessons[0].url)
    message = page.get_by_text(AGAIN)
    assert message.is_visible()
    assert lessons[0].pk not in done(learner, course), "nothing done behind the learner's back"
    save_screenshot(page, "session-lesson-again")
    assert not axe(), "accessibility violations on the lesson with the message"

    page.get_by_role("button", name="Tandai selesai dan lanjut").click()
    page.wait_for_url(base + lessons[1].url)
    assert page.get_by_role("heading", level=1).inner_text() == lessons[1].title
    assert lessons[0].pk in done(learner, course)


def test_tandai_selesai_with_cookies_cleared_shows_the_indonesian_csrf_page(live_server, page, axe):
    learner, course, lessons = demo_lesson()
    base = live_server.url
    page.goto(f"{base}/akun/masuk/?next={quote(lessons[0].url)}")
    fill_login(page)
    page.wait_for_url(base + lessons[0].url)

    page.context.clear_cookies()
    page.get_by_role("button", name="Tandai selesai dan lanjut").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Halaman perlu dibuka ulang"
    body = page.locator("main").inner_text()
    assert "Tindakan Anda belum dijalankan" in body and "CSRF verification" not in body
    assert "Forbidden" not in page.content()
    save_screenshot(page, "session-csrf-page")
    assert not axe(), "accessibility violations on the CSRF page"

    page.get_by_role("link", name="Masuk lagi").click()
    fill_login(page)
    page.wait_for_url(base + lessons[0].url)  # back where the learner was
    page.get_by_role("button", name="Tandai selesai dan lanjut").click()
    page.wait_for_url(base + lessons[1].url)
    assert lessons[0].pk in done(learner, course)


def start(context, live_server, quiz, learner):
    """Logs in on a new page of ``context`` and opens a started attempt of ``quiz``."""
    from assessments.services import attempt_start

    attempt = attempt_start(
        user=learner, quiz=quiz, page_id=place_quiz(quiz, learners=[learner]).pk
    )
    url = f"/kuis/percobaan/{attempt.pk}/"
    page = context.new_page()
    page.goto(f"{live_server.url}/akun/masuk/?next={quote(url)}")
    fill_login(page)
    page.wait_for_url(live_server.url + url)
    return page, attempt, url


def answer(page, attempt, position: int, index: int = 1) -> str:
    choice = choice_ids(attempt)[position][index]
    page.locator(f'fieldset[data-position="{position}"] input[value="{choice}"]').check()
    return choice


def test_quiz_recovers_after_a_login_in_another_tab_without_a_reload(live_server, browser):
    """Counter, server-time saves, session lost mid-quiz (banner with a login link), login in
    a second page, the blank-question confirmation, and the submit: one page load only."""
    learner = make_learner()
    quiz = make_quiz(banks=(("SP.01", 2, 4, 4),), shuffle_questions=False, title="Latihan SPBE")
    # A device set to London: the page must still say WIB times from the server.
    context = browser.new_context(
        locale="id-ID", timezone_id="Europe/London", viewport={"width": 390, "height": 844}
    )
    try:
        page, attempt, url = start(context, live_server, quiz, learner)
        loads = []
        page.on("load", lambda _page: loads.append(1))
        counter = page.locator("[data-quiz-count]")
        assert counter.inner_text() == "Terjawab 0 dari 4"
        expected = {0: answer(page, attempt, 0), 1: answer(page, attempt, 1)}
        assert counter.inner_text() == "Terjawab 2 dari 4"
        wait_until(lambda: saved(attempt) == expected, what="the first saves")
        status = page.locator("[data-quiz-status]")
        status.get_by_text("WIB").wait_for()
        shown = status.inner_text()
        now = timezone.localtime()
        accepted = {
            (now + datetime.timedelta(minutes=m)).strftime("%H.%M") for m in (-1, 0, 1)
        }  # the server's clock in Asia/Jakarta, never London's
        assert re.fullmatch(r"Jawaban tersimpan pukul \d\d\.\d\d WIB", shown), shown
        assert shown.split()[-2] in accepted, (shown, accepted)
        page.evaluate("window.scrollTo(0, 0)")
        save_screenshot(page, "quiz-counter-saved-wib")

        end_session(context)
        expected[2] = answer(page, attempt, 2)
        banner = page.get_by_role("alert").filter(has_text="Sesi Anda berakhir")
        banner.wait_for()
        assert "dikirim sendiri begitu Anda masuk lagi" in banner.inner_text()
        link = banner.get_by_role("link", name="Masuk lagi (tab baru)")
        assert link.get_attribute("target") == "_blank"
        page.evaluate("window.scrollTo(0, 0)")
        save_screenshot(page, "quiz-session-banner")
        assert 2 not in saved(attempt)

        # As the banner says: log in again in a new tab (it opens the quiz there too).
        with context.expect_page() as opened:
            link.click()
        second = opened.value
        second.wait_for_load_state()
        fill_login(second)
        second.wait_for_url(live_server.url + url)
        second.close()

        # Back on the first page: the third answer reaches the server by itself.
        wait_until(lambda: saved(attempt) == expected, what="the queued answer after the login")
        banner.wait_for(state="hidden")
        assert page.locator("input:checked").count() == 3  # answers intact on the page

        page.get_by_role("button", name="Kumpulkan jawaban").click()
        dialog = page.get_by_role("dialog", name="Kumpulkan jawaban?")
        dialog.wait_for()
        assert "1 soal belum dijawab. Tetap kumpulkan?" in dialog.inner_text()
        assert "Belum dijawab: soal 4." in dialog.inner_text()
        focused = page.evaluate("document.activeElement.textContent")
        assert focused == "Kembali ke soal"  # the safe choice has the focus
        page.screenshot(
            path=str(
                save_screenshot(page, "quiz-confirm-dialog-full").with_name(
                    "quiz-confirm-dialog.png"
                )
            )
        )  # the viewport: what the learner sees
        violations = axe_on(page)
        assert not violations, [(v["id"], v["help"], v["nodes"][:2]) for v in violations]
        dialog.get_by_role("button", name="Kembali ke soal").click()
        dialog.wait_for(state="hidden")
        assert page.evaluate("document.activeElement.name") == "q3"  # the unanswered one
        assert Attempt.objects.get(pk=attempt.pk).state == AttemptState.IN_PROGRESS

        page.get_by_role("button", name="Kumpulkan jawaban").click()
        dialog.get_by_role("button", name="Tetap kumpulkan").click()
        page.wait_for_url(f"{live_server.url}{url}hasil/")
        assert loads == [1], "the quiz page was never reloaded (one load: the result page)"
        attempt.refresh_from_db()
        assert attempt.state == AttemptState.SUBMITTED
        assert saved(attempt) == expected
    finally:
        context.close()


def test_submit_works_after_a_login_elsewhere_the_page_never_noticed(live_server, browser):
    """Every answer saved, the session ends and the learner logs in again in another tab
    before the page tries anything: the page's CSRF token is stale; "Kumpulkan jawaban"
    renews it and submits, without a reload."""
    learner = make_learner()
    quiz = make_quiz(banks=(("SP.01", 2, 3, 3),))
    context = browser.new_context(locale="id-ID", viewport={"width": 390, "height": 844})
    try:
        page, attempt, url = start(context, live_server, quiz, learner)
        expected = {p: answer(page, attempt, p, 2) for p in range(3)}
        wait_until(lambda: saved(attempt) == expected, what="every answer saved")
        assert page.locator("[data-quiz-count]").inner_text() == "Terjawab 3 dari 3"
        end_session(context)
        other = context.new_page()
        other.goto(f"{live_server.url}/akun/masuk/")
        fill_login(other)
        other.wait_for_url(f"{live_server.url}/belajar/dasbor/")
        other.close()
        page.get_by_role("button", name="Kumpulkan jawaban").click()  # no blanks: no question
        page.wait_for_url(f"{live_server.url}{url}hasil/")
        assert page.get_by_text("Jawaban Anda sudah dikumpulkan dan dinilai.").is_visible()
        attempt.refresh_from_db()
        assert attempt.state == AttemptState.SUBMITTED and saved(attempt) == expected
    finally:
        context.close()


def test_an_untimed_quiz_submitted_elsewhere_says_so_without_a_time_limit(live_server, browser):
    from assessments.services import attempt_submit

    learner = make_learner()
    quiz = make_quiz(banks=(("SP.01", 2, 3, 3),))
    context = browser.new_context(locale="id-ID", viewport={"width": 390, "height": 844})
    try:
        page, attempt, url = start(context, live_server, quiz, learner)
        attempt_submit(attempt_id=attempt.pk, user=learner)  # "in another tab"
        answer(page, attempt, 0)
        banner = page.get_by_role("alert").filter(has_text="sudah dikumpulkan")
        banner.wait_for()
        assert "waktu" not in banner.inner_text().lower()
        page.wait_for_url(f"{live_server.url}{url}hasil/")
    finally:
        context.close()


def test_the_matching_review_fits_a_phone(live_server, page):
    """A review with a matching table on a 390 px screen: the page never scrolls sideways;
    the table scrolls inside its box."""
    from assessments.services import attempt_start, attempt_submit
    from tests.assessments.test_no_key_leak import mixed_quiz

    learner = make_learner()
    quiz = mixed_quiz(kind="practice", review_policy="immediately")
    attempt = attempt_start(
        user=learner, quiz=quiz, page_id=place_quiz(quiz, learners=[learner]).pk
    )
    attempt_submit(attempt_id=attempt.pk, user=learner)
    url = f"/kuis/percobaan/{attempt.pk}/hasil/"
    page.goto(f"{live_server.url}/akun/masuk/?next={quote(url)}")
    fill_login(page)
    page.wait_for_url(live_server.url + url)
    table = page.locator(".quiz-review .table-wrap").first
    table.scroll_into_view_if_needed()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    box = table.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    shot = save_screenshot(page, "quiz-review-matching")
    table.screenshot(path=str(shot.with_name("quiz-review-matching-table.png")))
