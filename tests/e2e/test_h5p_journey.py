"""An H5P activity in a lesson, on a phone, in real Chromium (issue 14): the learner starts
the practice, answers it in the sandboxed player, the browser-reported result is stored (a
statement whose POST failed is sent again with its id) and completes the lesson; coming back
restores the answer; the admin lists the result. Inside the frame the lesson page and
the cookies are out of reach (opaque origin). docs/h5p.md."""

import json
import re
import tempfile
import time
from pathlib import Path

import pytest

from tests.e2e.conftest import ARTIFACTS, save_screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PLAYER_URL = re.compile(r"/h5p/main/[^/]+/$")


def wait_for(check, timeout=10.0):
    """Polls ``check()`` (a database read) until it returns something truthy."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.1)


def screen(page, locator, name: str) -> None:
    """What the phone shows around ``locator``: a full-page capture would re-lay out the
    frame at the capture's height, which no learner sees."""
    locator.scroll_into_view_if_needed()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def log_in(page, base, user):
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base,
            }
        ]
    )


def test_learner_answers_an_h5p_activity_and_finds_it_again(live_server, page, axe):
    from django.urls import reverse

    from assessments.h5p.build import build_demo
    from assessments.h5p.models import H5PResult, H5PUserState, XAPIStatement
    from assessments.h5p.services import h5p_package_install_file
    from courses.models import LessonPage, LessonProgress
    from courses.selectors import course_lessons
    from courses.services import enrollment_create
    from tests.factories.courses import build_course
    from tests.factories.users import UserFactory

    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "spbe-benar-salah.h5p"
        source.write_bytes(build_demo())
        package = h5p_package_install_file(source=source, filename=source.name, user=None)
    assert package.is_ready, package.problems
    course = build_course(modules=1, lessons=2, title="Dasar-Dasar SPBE")
    lesson = course_lessons(course)[0]
    lesson.body.append(("h5p", {"package": package, "completes_lesson": True}))
    lesson.save_revision().publish()
    lesson = LessonPage.objects.get(pk=lesson.pk)
    learner = UserFactory()
    enrollment_create(user=learner, course=course)
    base = live_server.url
    log_in(page, base, learner)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))

    # The lesson: the block is a heading, a note about the score, and a button (no frame yet).
    page.goto(base + lesson.url)
    block = page.locator("section.h5p-card")
    assert block.get_by_role("heading", name=package.title).is_visible()
    assert "tidak dihitung untuk sertifikat" in block.inner_text()
    assert page.locator("iframe").count() == 0
    save_screenshot(page, "h5p-1-lesson-before-start")
    violations = axe()
    assert not violations, [(v["id"], v["help"], v["nodes"][:2]) for v in violations]

    # Start: the sandboxed frame comes in and plays the activity.
    block.get_by_role("button", name="Mulai latihan interaktif").click()
    iframe = block.locator("iframe")
    assert iframe.get_attribute("sandbox") == "allow-scripts"
    assert iframe.get_attribute("referrerpolicy") == "no-referrer"
    frame = page.frame_locator("section.h5p-card iframe")
    frame.get_by_role("radio", name="Benar").check()
    screen(page, iframe, "h5p-2-answer-chosen")
    # The first statement's POST fails (the network drops): it is sent again, same id.
    sent: list[str] = []

    def flaky(route):
        sent.append(json.loads(route.request.post_data)["id"])
        route.abort() if len(sent) == 1 else route.continue_()

    page.route("**/xapi/", flaky)
    frame.get_by_role("button", name="Periksa").click()
    frame.get_by_text("Tepat.").wait_for()

    # The result goes to the server and completes the lesson, shown without a reload.
    done = block.get_by_text("Pelajaran ini selesai")
    done.wait_for()
    assert block.get_by_text("Hasil terakhir Anda: 1 dari 1 (100%).").is_visible()
    assert page.locator(".lesson-actions").get_by_text("Pelajaran ini sudah selesai.").is_visible()
    assert len(sent) == 3 and sent[0] == sent[1] != sent[2], sent
    assert XAPIStatement.objects.filter(user=learner, package=package).count() == 2
    result = H5PResult.objects.get(user=learner, package=package, page_id=lesson.pk)
    assert (result.raw_score, result.max_score, result.scaled_score) == (1, 1, 1)
    assert result.completed and result.client_reported
    assert LessonProgress.objects.filter(enrollment__user=learner, lesson=lesson).exists()
    state = wait_for(
        lambda: (
            H5PUserState.objects.filter(user=learner, package=package, page_id=lesson.pk)
            .values_list("data", flat=True)
            .first()
        )
    )
    assert state == '{"answer":"true","checked":true}'
    screen(page, block, "h5p-3-checked-and-lesson-done")

    # Inside the frame: an opaque origin, so neither the lesson page nor its cookies.
    player = page.frame(url=PLAYER_URL)
    reach = player.evaluate(
        """() => {
          const out = {origin: self.origin};
          try { out.parent = typeof parent.document; } catch (e) { out.parent = e.name; }
          try { out.cookie = document.cookie; } catch (e) { out.cookie = e.name; }
          return out;
        }"""
    )
    assert reach == {"origin": "null", "parent": "SecurityError", "cookie": "SecurityError"}

    # Coming back: the result is on the block, and the player resumes where she was.
    page.reload()
    block = page.locator("section.h5p-card")
    assert block.get_by_text("Hasil terakhir Anda: 1 dari 1 (100%).").is_visible()
    block.get_by_role("button", name="Mulai latihan interaktif").click()
    frame = page.frame_locator("section.h5p-card iframe")
    frame.get_by_text("Tepat.").wait_for()
    assert frame.get_by_role("radio", name="Benar").is_checked()
    assert frame.get_by_role("radio", name="Benar").is_disabled()
    assert frame.get_by_role("button", name="Coba lagi").is_visible()
    screen(page, block, "h5p-4-resumed")
    errors.remove("Failed to load resource: net::ERR_FAILED")  # the dropped POST
    assert not errors, errors
    assert H5PResult.objects.get(pk=result.pk).statements == 2

    # The admin: the package's inspect page lists her browser-reported result.
    admin = UserFactory(is_superuser=True, is_staff=True)
    page.context.clear_cookies()
    log_in(page, base, admin)
    page.goto(base + reverse("wagtailsnippets_assessments_h5ppackage:inspect", args=[package.pk]))
    row = page.locator("[data-testid=h5p-results] tbody tr")
    assert row.count() == 1
    cells = row.first.inner_text()
    assert learner.get_full_name() in cells and "1 / 1" in cells and "100%" in cells
    assert "dilaporkan" in page.get_by_test_id("h5p-results-note").inner_text()
    screen(page, row.first, "h5p-5-admin-result")
