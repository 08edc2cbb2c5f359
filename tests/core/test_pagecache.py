"""The anonymous page cache (lms/core/pagecache.py; docs/quality.md P2): a hit is the fresh page
with the visitor's own CSRF token, the same headers and no query; publishing shows at once;
signed-in visitors, POSTs, cookies, query strings, other hosts and odd paths never reach it."""

import re

import pytest
from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client, RequestFactory

from lms.core.pagecache import (
    CACHE_STATUS_HEADER,
    KEY_PREFIX,
    AnonymousPageCacheMiddleware,
    mark_public,
)
from lms.users.models import User

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_demo_committed")]

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')
LEARNER = "198703152010012003"


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.LMS_PAGE_CACHE_SECONDS = 300


def page_keys() -> list[str]:
    """The page entries in the cache (local memory or Redis)."""
    backend = cache._cache
    if hasattr(backend, "get_client"):  # Django's RedisCache
        return [k.decode() for k in backend.get_client().keys(f"*{KEY_PREFIX}:*")]
    return [key for key in backend if f"{KEY_PREFIX}:" in key]


def course_url() -> str:
    from courses.models import CoursePage

    return CoursePage.objects.live().order_by("path").first().url


def status(response) -> str | None:
    return response.headers.get(CACHE_STATUS_HEADER)


@pytest.mark.parametrize("which", ["/", "/kursus/", "course", "/privasi/"])
def test_a_hit_is_the_fresh_page_with_the_same_headers_and_no_query(
    demo, which, django_assert_num_queries
):
    url = course_url() if which == "course" else which
    fresh = Client().get(url)
    assert fresh.status_code == 200 and status(fresh) == "miss"
    with django_assert_num_queries(0):
        hit = Client().get(url)
    assert hit.status_code == 200 and status(hit) == "hit"
    # The same page, except for each visitor's own CSRF token.
    assert TOKEN.sub("T", hit.content.decode()) == TOKEN.sub("T", fresh.content.decode())
    # Every header the same (security headers, language, caching), but the cache's own.
    fresh_headers = {k: v for k, v in fresh.headers.items() if k != CACHE_STATUS_HEADER}
    hit_headers = {k: v for k, v in hit.headers.items() if k != CACHE_STATUS_HEADER}
    assert hit_headers == fresh_headers
    for name in (
        "Content-Security-Policy",
        "Permissions-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
        "Content-Language",
    ):
        assert hit[name], name
    assert hit["Vary"] == "Cookie"
    assert set(hit["Cache-Control"].replace(" ", "").split(",")) == {"private", "no-cache"}
    assert set(hit.cookies) == set(fresh.cookies)  # the CSRF cookie, for a first visit


def test_the_replayed_token_is_the_visitors_own_and_works():
    filler = Client()
    filled = filler.get("/")
    filler_token = TOKEN.findall(filled.content.decode())
    visitor = Client(enforce_csrf_checks=True)
    hit = visitor.get("/")
    assert status(hit) == "hit"
    tokens = set(TOKEN.findall(hit.content.decode()))
    assert len(tokens) == 1 and not tokens & set(filler_token)  # login form and language switch
    secret = visitor.cookies[settings.CSRF_COOKIE_NAME].value
    assert _unmask_cipher_token(tokens.pop()) == secret
    assert secret not in hit.content.decode()
    # The language switch of the cached page posts with it.
    token = TOKEN.search(hit.content.decode()).group(1)
    response = visitor.post(
        "/bahasa/", {"language": "en", "next": "/", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    # A visitor who already has a cookie keeps it: a token of that cookie (Django sends the
    # same cookie again whenever a page uses the token, fresh or replayed).
    visitor.get("/kursus/")
    again = visitor.get("/kursus/")
    assert status(again) == "hit"
    assert again.cookies[settings.CSRF_COOKIE_NAME].value == secret
    assert _unmask_cipher_token(TOKEN.search(again.content.decode()).group(1)) == secret


def test_a_publish_shows_at_once(demo):
    from courses.models import CoursePage

    url = course_url()
    Client().get(url)
    assert status(Client().get(url)) == "hit"
    course = CoursePage.objects.get(url_path__endswith=url.rstrip("/").rsplit("/", 1)[1] + "/")
    course.title = "Judul yang baru terbit"
    course.save_revision().publish()
    response = Client().get(url)
    assert status(response) == "miss" and "Judul yang baru terbit" in response.content.decode()
    # The catalogue lists it too (one bump retires every page).
    assert "Judul yang baru terbit" in Client().get("/kursus/").content.decode()


def test_an_entry_of_an_older_generation_is_never_replayed():
    from lms.core.contentcache import bump_content_generation

    Client().get("/kursus/")
    bump_content_generation()  # a page of another site published, settings saved, ...
    assert status(Client().get("/kursus/")) == "miss"
    assert status(Client().get("/kursus/")) == "hit"
    assert len(page_keys()) == 1  # the new render took the old entry's place


def test_a_signed_in_user_never_gets_the_cached_page_nor_fills_it():
    learner = Client()
    learner.force_login(User.objects.get(username=LEARNER))
    Client().get("/")  # filled anonymously
    response = learner.get("/")
    assert status(response) is None
    assert "Keluar" in response.content.decode() and "no-store" in response["Cache-Control"]
    cache.clear()
    for url in ("/", "/kursus/", course_url(), "/privasi/"):
        assert status(learner.get(url)) is None
    assert page_keys() == []
    assert status(Client().get("/")) == "miss"


def test_posts_query_strings_messages_and_sessions_bypass_it():
    Client().get("/kursus/")
    assert status(Client().post("/kursus/")) is None
    assert status(Client().get("/kursus/?")) == "hit"  # an empty query string is none
    for url in ("/kursus/?q=spbe", "/kursus/?utm_source=x", "/kursus/?q=%00%ff", "/kursus/?&"):
        response = Client().get(url)
        assert status(response) is None, url
    visitor = Client()
    visitor.cookies["messages"] = "x"
    assert status(visitor.get("/kursus/")) is None
    visitor = Client()
    visitor.cookies[settings.SESSION_COOKIE_NAME] = "stale"
    assert status(visitor.get("/kursus/")) is None
    assert status(Client(HTTP_AUTHORIZATION="Bearer x").get("/kursus/")) is None
    assert len(page_keys()) == 1
    assert status(Client().get("/kursus/")) == "hit"


def test_head_is_served_but_does_not_fill():
    assert status(Client().head("/kursus/")) == "miss"
    assert page_keys() == []
    Client().get("/kursus/")
    response = Client().head("/kursus/")
    assert response.status_code == 200 and status(response) == "hit"


def test_languages_are_kept_apart():
    english = Client()
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert status(Client().get("/")) == "miss"
    first = english.get("/")
    assert status(first) == "miss" and '<html lang="en">' in first.content.decode()
    second = english.get("/")
    assert status(second) == "hit" and '<html lang="en">' in second.content.decode()
    assert second["Content-Language"] == "en"
    indonesian = Client().get("/")
    assert status(indonesian) == "hit" and '<html lang="id">' in indonesian.content.decode()
    assert indonesian["Content-Language"] == "id"
    unknown = Client()
    unknown.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"  # falls back to Indonesian
    assert '<html lang="id">' in unknown.get("/").content.decode()
    assert len(page_keys()) == 2


def test_hostile_paths_and_hosts_do_not_pollute_it(settings):
    settings.ALLOWED_HOSTS = ["testserver", "other.example"]
    Client().get("/kursus/")
    assert Client().get("/" + "a" * 5000 + "/").status_code == 404
    assert Client().get("/kursus//").status_code in (301, 404)
    assert status(Client().get("/KURSUS/")) is None  # served or not, never a key of its own
    assert Client().get("/kursus/", HTTP_HOST="evil.example").status_code == 400
    assert status(Client().get("/kursus/", HTTP_X_FORWARDED_HOST="evil.example")) == "hit"
    assert status(Client().get("/kursus/", HTTP_HOST="TESTSERVER")) == "hit"
    assert len(page_keys()) == 1
    assert status(Client().get("/kursus/", HTTP_HOST="other.example")) == "miss"
    assert len(page_keys()) == 2


def test_an_anonymous_lesson_url_asks_to_sign_in_and_is_never_kept():
    from courses.models import LessonPage

    url = LessonPage.objects.live().first().url
    for _ in range(2):
        response = Client().get(url)
        assert response.status_code == 302 and response["Location"].startswith("/akun/masuk/")
        assert status(response) is None
    assert page_keys() == []


def test_admin_and_account_pages_are_never_kept():
    for url in ("/akun/masuk/", "/admin/login/", "/healthz"):
        Client().get(url)
    assert page_keys() == []


def test_responses_that_set_a_cookie_or_say_private_are_not_kept():
    def page(request, **changes):
        response = mark_public(HttpResponse("<p>Halaman</p>"))
        if changes.get("cookie"):
            response.set_cookie("x", "1")
        if changes.get("cache_control"):
            response["Cache-Control"] = changes["cache_control"]
        if changes.get("vary"):
            response["Vary"] = changes["vary"]
        if changes.get("status"):
            response.status_code = changes["status"]
        return response

    from django.contrib.auth.models import AnonymousUser

    for changes in (
        {"cookie": True},
        {"cache_control": "private"},
        {"cache_control": "no-store"},
        {"vary": "Accept-Language"},
        {"status": 404},
    ):
        middleware = AnonymousPageCacheMiddleware(lambda request, c=changes: page(request, **c))
        request = RequestFactory().get("/halaman/")
        request.user = AnonymousUser()
        middleware(request)
        assert page_keys() == [], changes
    middleware = AnonymousPageCacheMiddleware(page)
    request = RequestFactory().get("/halaman/")
    request.user = AnonymousUser()
    middleware(request)
    assert len(page_keys()) == 1


def test_a_page_showing_the_csrf_secret_is_not_kept():
    from django.contrib.auth.models import AnonymousUser
    from django.middleware.csrf import get_token

    def page(request):
        get_token(request)
        return mark_public(HttpResponse(f"<p>{request.META['CSRF_COOKIE']}</p>"))

    request = RequestFactory().get("/halaman/")
    request.user = AnonymousUser()
    AnonymousPageCacheMiddleware(page)(request)
    assert page_keys() == []


def test_the_switch_turns_it_off(settings):
    settings.LMS_PAGE_CACHE_SECONDS = 0
    Client().get("/")
    assert status(Client().get("/")) is None
    assert page_keys() == []
