"""The H5P block in a lesson (assessments.blocks.H5PBlock, its template and the h5p_player
tag): a heading, the note that the score is the browser's, the learner's last result, and a
start button for a frame inserted only then; nothing for an activity that cannot be played.
The browser side is tests/e2e/test_h5p_journey.py."""

import re

import pytest
from django.test import Client

from assessments.h5p import storage
from assessments.h5p.models import H5PLibrary, H5PPackage, H5PPackageStatus, H5PResult
from assessments.h5p.services import h5p_state_save
from courses.models import LessonPage
from courses.selectors import course_lessons
from courses.services import enrollment_create
from tests.factories.courses import build_course
from tests.factories.h5p_packages import install_package
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    package = install_package()
    course = build_course(modules=1, lessons=1, title="Kursus Latihan")
    (lesson,) = course_lessons(course)
    lesson.body.append(("h5p", {"package": package, "completes_lesson": True}))
    lesson.save_revision().publish()
    learner = UserFactory()
    enrollment_create(user=learner, course=course)
    client = Client()
    client.force_login(learner)
    return {
        "package": package,
        "lesson": LessonPage.objects.get(pk=lesson.pk),
        "learner": learner,
        "client": client,
    }


def block_html(world) -> str:
    response = world["client"].get(world["lesson"].url)
    assert response.status_code == 200
    match = re.search(r'<section class="h5p-card".*?</section>', response.content.decode(), re.S)
    return match.group(0) if match else ""


def data(html: str, name: str) -> str:
    match = re.search(rf'data-{name}="([^"]*)"', html)
    assert match, name
    return match.group(1)


def test_the_block_offers_the_activity_without_loading_it(world):
    package, lesson = world["package"], world["lesson"]
    response = world["client"].get(lesson.url)
    page = response.content.decode()
    html = block_html(world)
    assert "<h2 id=" in html and f">{package.title}</h2>" in html
    assert "tidak dihitung untuk sertifikat" in html
    assert "Mulai latihan interaktif" in html and "data-h5p-start hidden" in html
    assert "<noscript>" in html and "memerlukan JavaScript" in html
    assert "<iframe" not in page  # inserted when started
    assert data(html, "player-url") == storage.player_url(package.token)
    assert data(html, "expected-origin") == "null"
    assert data(html, "xapi-url") == f"/kuis/h5p/{package.pk}/halaman/{lesson.pk}/xapi/"
    assert data(html, "state-url") == f"/kuis/h5p/{package.pk}/halaman/{lesson.pk}/status/"
    assert data(html, "state") == ""
    assert "data-h5p-result hidden" in html
    # No inline script on the lesson page from the block: its code is a file.
    assert '<script src="/static/assessments/h5p_lesson.js" defer></script>' in page
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)


def test_the_block_shows_the_last_result_and_hands_the_saved_state_over(world):
    package, lesson, learner = world["package"], world["lesson"], world["learner"]
    H5PResult.objects.create(
        user=learner, package=package, page_id=lesson.pk, raw_score=2, max_score=3,
        scaled_score=2 / 3, completed=True,
    )  # fmt: skip
    h5p_state_save(
        user=learner,
        package=package,
        page_id=lesson.pk,
        data_type="state",
        sub_content_id="0",
        data='{"answer":"true","checked":true}',
        limit=64 * 1024,
    )
    html = block_html(world)
    assert "Hasil terakhir Anda: 2 dari 3 (66,67%)." in html
    assert data(html, "state") == "{&quot;answer&quot;:&quot;true&quot;,&quot;checked&quot;:true}"


@pytest.mark.parametrize("status", [H5PPackageStatus.PENDING, H5PPackageStatus.REJECTED])
def test_an_activity_not_ready_shows_nothing(world, status):
    H5PPackage.objects.filter(pk=world["package"].pk).update(status=status)
    assert block_html(world) == ""


def test_an_activity_of_a_disabled_content_type_shows_nothing(world):
    H5PLibrary.objects.update(enabled=False)
    assert block_html(world) == ""


def test_a_lesson_with_an_activity_stays_within_the_page_weight_budget(world):
    """The player (h5p-standalone, ~170 KB) loads only when started, from the content origin:
    the lesson's first load is HTML plus local CSS and JS under 100 KB (tests/weights.py)."""
    from tests.weights import BUDGET, page_weight

    weight = page_weight(world["client"], world["lesson"].url)
    assert weight < BUDGET, weight
    page = world["client"].get(world["lesson"].url).content.decode()
    assert "main.bundle.js" not in page and "frame.bundle.js" not in page
