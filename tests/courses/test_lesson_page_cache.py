"""The logged-in lesson page: its query budget (docs/quality.md P1, P3; docs/performance.md)
and the caches behind it, which must never show one learner another's progress, a draft, an
unpublished lesson or a page at the wrong address."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.models import LessonPage
from courses.selectors import course_lessons
from courses.services import enrollment_create, lesson_complete
from lms.users.roles import Role
from tests.factories.assessments import make_quiz
from tests.factories.courses import add_quiz, build_course
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner():
    return UserFactory(username="peserta-kursus")


#: The whole request: the page row, the user, the enrollment and the learner's progress, plus
#: the quiz, its block's chooser value and the learner's attempts for a lesson holding a quiz.
LESSON_PAGE_QUERY_BUDGET = 10


def _steady_queries(client, url: str) -> list[str]:
    client.get(url)  # the first request after a publish fills the caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in queries.captured_queries]


def _grow(course, learner, times: int) -> None:
    """``times`` × the data: more modules and lessons in the course, more enrolled learners
    with progress, more courses for this learner."""
    module = course.get_children().first()
    for n in range(times * 3):
        module.add_child(instance=LessonPage(title=f"Tambahan {n}", body=[]))
    for n in range(times):
        other = UserFactory(username=f"lain-{n}")
        enrollment_create(user=other, course=course)
        lesson_complete(user=other, lesson=course_lessons(course)[0])
        enrollment_create(user=learner, course=build_course(modules=1, lessons=2, title=f"K{n}"))


@pytest.mark.parametrize("with_quiz", [False, True], ids=["text", "quiz"])
def test_lesson_page_stays_within_its_budget_at_1x_and_20x(client, learner, with_quiz):
    course = build_course(modules=2, lessons=5)
    lesson = course_lessons(course)[3]
    if with_quiz:
        add_quiz(lesson, make_quiz())
    enrollment_create(user=learner, course=course)
    client.force_login(learner)
    small = _steady_queries(client, lesson.url)
    assert len(small) <= LESSON_PAGE_QUERY_BUDGET, small
    _grow(course, learner, 20)
    large = _steady_queries(client, lesson.url)
    assert len(large) == len(small), large


def test_each_learner_sees_their_own_progress(client, learner):
    course = build_course(modules=1, lessons=3)
    first, second, _third = course_lessons(course)
    other = UserFactory(username="pembaca-lain")
    enrollment_create(user=learner, course=course)
    enrollment_create(user=other, course=course)
    lesson_complete(user=other, lesson=first)
    client.force_login(other)
    theirs = client.get(second.url).content.decode()
    assert "1/3 pelajaran selesai" in theirs and theirs.count(" ✓") == 1
    assert "<!--done:" not in theirs
    client.force_login(learner)
    body = client.get(second.url).content.decode()
    assert "0/3 pelajaran selesai" in body and "✓" not in body


def test_a_publish_a_rename_an_unpublish_and_a_move_show_at_once(client, learner):
    course = build_course(modules=2, lessons=2)
    first, second, third, _fourth = course_lessons(course)
    enrollment_create(user=learner, course=course)
    client.force_login(learner)
    assert client.get(first.url).status_code == 200

    second.title = "Judul baru pelajaran dua"
    second.save_revision().publish()
    assert "Judul baru pelajaran dua" in client.get(first.url).content.decode()

    first.body = [("text", "<p>Isi yang sudah diperbarui.</p>")]
    first.save_revision().publish()
    assert "Isi yang sudah diperbarui." in client.get(first.url).content.decode()

    second.unpublish()
    assert "Judul baru pelajaran dua" not in client.get(first.url).content.decode()
    assert client.get(second.url).status_code == 404

    old_url = third.url
    third.move(course.get_children().first(), pos="last-child")
    third.refresh_from_db()
    moved = client.get(old_url)  # Wagtail's automatic redirect, not a stale route
    assert moved.status_code == 301 and moved["Location"] == third.url
    assert client.get(third.url).status_code == 200


def test_a_deleted_lesson_is_gone_from_its_cached_route(client, learner):
    course = build_course(modules=1, lessons=2)
    lesson = course_lessons(course)[1]
    enrollment_create(user=learner, course=course)
    client.force_login(learner)
    url = lesson.url
    assert client.get(url).status_code == 200
    lesson.delete()
    assert client.get(url).status_code == 404


def test_a_draft_preview_never_serves_or_fills_the_cached_body(client, learner):
    from django.contrib.auth import get_user_model

    course = build_course(modules=1, lessons=1)
    (lesson,) = course_lessons(course)
    lesson.body = [("text", "<p>Teks yang tayang.</p>")]
    lesson.save_revision().publish()
    enrollment_create(user=learner, course=course)
    editor = get_user_model().objects.create_superuser("editor", "editor@example.go.id", "x")
    client.force_login(editor)
    lesson.body = [("text", "<p>Teks draf belum tayang.</p>")]
    lesson.save_revision()
    assert client.get(lesson.url).status_code in {200, 302}  # the live page fills the cache
    draft = client.get(f"/admin/pages/{lesson.pk}/view_draft/").content.decode()
    assert "Teks draf belum tayang." in draft
    client.force_login(learner)
    live = client.get(lesson.url).content.decode()
    assert "Teks yang tayang." in live and "Teks draf belum tayang." not in live


def test_unknown_paths_add_nothing_to_the_cache(client, learner):
    from wagtail.models import Site

    from lms.core.contentcache import MISSING, lookup, process_cache

    course = build_course(modules=1, lessons=1)
    client.force_login(learner)
    client.get(course_lessons(course)[0].url)
    client.get(f"{course.url}tidak-ada/")  # the 404 page's own entries (site settings)
    before = len(process_cache._entries)
    site = Site.objects.get(is_default_site=True)
    for n in range(50):
        path = f"{course.url}tidak-ada-{n}/"
        assert client.get(path).status_code == 404
        assert lookup("route", site.pk, path.lstrip("/")) is MISSING
    assert len(process_cache._entries) == before


def test_the_admin_link_follows_role_changes(client, learner):
    course = build_course(modules=1, lessons=1)
    url = course_lessons(course)[0].url
    enrollment_create(user=learner, course=course)
    client.force_login(learner)
    assert "/admin/" not in client.get(url).content.decode()
    bkpsdm = Group.objects.get(name=Role.BKPSDM)
    learner.groups.add(bkpsdm)
    assert 'href="/admin/"' in client.get(url).content.decode()
    learner.groups.remove(bkpsdm)
    assert "/admin/" not in client.get(url).content.decode()
