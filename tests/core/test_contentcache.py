"""The published-content generation (lms/core/contentcache.py) moves on every change the public
site shows, and only then."""

import pytest
from django.core.cache import cache

from lms.core.contentcache import GENERATION_KEY, bump_content_generation, content_generation
from tests.factories.courses import build_course

pytestmark = pytest.mark.django_db


def test_the_generation_starts_from_the_clock_and_survives_eviction():
    cache.delete(GENERATION_KEY)
    first = content_generation()
    assert first > 10**12  # never a small number an old entry could carry
    assert content_generation() == first
    bump_content_generation()
    assert content_generation() == first + 1
    cache.delete(GENERATION_KEY)
    bump_content_generation()
    assert content_generation() > first + 1


def test_publish_unpublish_move_delete_and_settings_bump_it():
    from wagtail.models import Site

    from courses.models import LessonPage
    from lms.core.models import InstitutionSettings

    course = build_course(modules=2, lessons=1)
    lesson = LessonPage.objects.descendant_of(course).first()
    settings = InstitutionSettings.for_site(Site.objects.get(is_default_site=True))
    steps = [
        lambda: lesson.save_revision().publish(),
        lambda: lesson.unpublish(),
        lambda: lesson.move(course.get_children().last(), pos="last-child"),
        lambda: lesson.delete(),
        lambda: settings.save(),
    ]
    for step in steps:
        before = content_generation()
        step()
        assert content_generation() > before
    before = content_generation()
    assert LessonPage.objects.live().count() == 1  # reading changes nothing
    assert content_generation() == before


def test_a_request_reads_the_generation_once_even_with_the_page_cache_read():
    from lms.core.contentcache import content_generation_with, generation_scope

    cache.set("lms:page:probe", "page")
    with generation_scope():
        generation, found = content_generation_with("lms:page:probe")
        assert found == {"lms:page:probe": "page"} and generation == content_generation()
        cache.delete(GENERATION_KEY)  # later reads in the request use what it read
        assert content_generation() == generation
        bump_content_generation()  # a bump within the request is seen at once
        assert content_generation() != generation
