"""Expired sessions end where the learner was (issue 13, item 2): a POST-only action reached
after the session ended (or by GET after logging in) goes back to its page with "press it
again", never to a bare 405; the login ``next`` is that page; hostile ``next`` values stay on
this site; a refused CSRF token gets an Indonesian page with a way back; the quiz page can
fetch the session's current CSRF token."""

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from courses.models import Enrollment
from courses.selectors import course_lessons
from courses.services import enrollment_create
from lms.core.session_expiry import RESUME_NOTE_KEY
from tests.factories.courses import build_course
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "Rahasia-Kuat-2026"
AGAIN = "Sesi Anda berakhir; tekan “Tandai selesai dan lanjut” sekali lagi."
LOGIN = reverse("users:login")


@pytest.fixture
def learner():
    return UserFactory(nip="198703152010012003", username="198703152010012003")


@pytest.fixture
def lesson(learner):
    course = build_course(modules=1, lessons=2)
    enrollment_create(user=learner, course=course)
    return course_lessons(course)[0]


def done_ids(learner) -> set[int]:
    enrollment = Enrollment.objects.get(user=learner)
    return set(enrollment.lesson_progress.values_list("lesson_id", flat=True))


def log_in(client: Client, learner, next_url: str):
    return client.post(f"{LOGIN}?next={next_url}", {"username": learner.nip, "password": PASSWORD})


def shown(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- POST-only actions after the session ended -------------------------------------------------


def test_a_post_after_the_session_ended_logs_in_back_to_the_lesson_not_the_action(
    client, learner, lesson
):
    action = reverse("courses:complete_lesson", args=[lesson.pk])
    response = client.post(action)  # no session: it expired
    assert response.status_code == 302
    assert response.url == f"{LOGIN}?next={lesson.url}"  # the lesson, never the POST URL
    assert action not in response.url
    assert not done_ids(learner), "nothing is done behind the learner's back"
    login_page = client.get(response.url).content.decode()
    assert "Sesi Anda berakhir. Masuk lagi untuk kembali ke halaman tadi" in login_page

    after_login = log_in(client, learner, lesson.url)
    assert after_login.url == lesson.url
    page = client.get(lesson.url)
    assert page.status_code == 200
    html = page.content.decode()
    assert AGAIN in html and "Tandai selesai dan lanjut" in html
    # Pressed again: done, and on to the next lesson.
    assert client.post(action).url == course_lessons(lesson.get_parent().get_parent())[1].url
    assert done_ids(learner) == {lesson.pk}


def test_get_on_the_action_after_login_goes_to_the_lesson_instead_of_405(client, learner, lesson):
    """The old login links (``next`` = the action URL) and bookmarks."""
    action = reverse("courses:complete_lesson", args=[lesson.pk])
    response = log_in(client, learner, action)
    assert response.url == action
    back = client.get(action)
    assert back.status_code == 302 and back.url == lesson.url
    assert shown(back) == [AGAIN]
    assert client.head(action).status_code == 302
    assert not done_ids(learner), "a GET never completes the lesson"


def test_a_plain_visit_to_the_login_page_says_nothing_about_a_session(client):
    assert "Sesi Anda berakhir" not in client.get(LOGIN).content.decode()


def test_anonymous_get_on_the_action_logs_in_to_the_lesson(client, lesson):
    response = client.get(reverse("courses:complete_lesson", args=[lesson.pk]))
    assert response.status_code == 302 and response.url == f"{LOGIN}?next={lesson.url}"


@pytest.mark.parametrize("method", ["put", "patch", "delete", "options"])
def test_other_methods_are_still_405(client, learner, lesson, method):
    client.force_login(learner)
    response = getattr(client, method)(reverse("courses:complete_lesson", args=[lesson.pk]))
    assert response.status_code == 405 and response["Allow"] == "POST"
    assert not done_ids(learner)


def test_an_unknown_lesson_is_404_for_every_method(client, learner):
    action = reverse("courses:complete_lesson", args=[999999])
    assert client.get(action).status_code == 404
    assert client.post(action).status_code == 404
    client.force_login(learner)
    assert client.get(action).status_code == 404
    assert client.post(action).status_code == 404


def test_a_note_for_another_page_is_not_shown_and_never_lingers(client, learner, lesson):
    client.post(reverse("courses:complete_lesson", args=[lesson.pk]))
    assert RESUME_NOTE_KEY in client.session
    log_in(client, learner, "/belajar/dasbor/")  # went elsewhere from the login page
    assert RESUME_NOTE_KEY not in client.session
    assert AGAIN not in client.get("/belajar/dasbor/").content.decode()


def test_a_forged_note_in_the_session_is_ignored(client, learner, lesson):
    session = client.session
    session[RESUME_NOTE_KEY] = ["not", "a", "note"]
    session.save()
    assert log_in(client, learner, lesson.url).url == lesson.url
    assert RESUME_NOTE_KEY not in client.session


def test_notification_read_after_the_session_ended(client, learner):
    from lms.core.notifications.services import notification_create

    notification = notification_create(user=learner, title="Judul", body="Isi", url="/")
    action = reverse("notifications:read", args=[notification.pk])
    listing = reverse("notifications:list")
    assert client.post(action).url == f"{LOGIN}?next={listing}"
    log_in(client, learner, listing)
    html = client.get(listing).content.decode()
    assert "Sesi Anda berakhir; tekan “Tandai sudah dibaca” sekali lagi." in html
    assert client.get(action).url == listing
    notification.refresh_from_db()
    assert notification.read_at is None


# --- hostile next values -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "\\\\evil.example",
        "https:/evil.example",
        "http://testserver.evil.example/",
        "javascript:alert(1)",
        "data:text/html,hai",
        "%2F%2Fevil.example",
        " //evil.example",
    ],
)
def test_login_never_redirects_off_site(client, learner, next_url):
    response = log_in(client, learner, next_url)
    assert response.status_code == 302
    assert response.url == "/belajar/dasbor/"


def test_a_forged_next_after_an_expired_action_stays_on_site(client, learner, lesson):
    client.post(reverse("courses:complete_lesson", args=[lesson.pk]))
    response = log_in(client, learner, "https://evil.example" + lesson.url)
    assert response.url == "/belajar/dasbor/"
    assert AGAIN not in client.get("/belajar/dasbor/").content.decode()


# --- the CSRF failure page ---------------------------------------------------------------------


def csrf_client() -> Client:
    return Client(enforce_csrf_checks=True)


def test_csrf_failure_is_an_indonesian_page_with_a_way_back(learner, lesson):
    client = csrf_client()
    client.force_login(learner)
    response = client.post(
        reverse("courses:complete_lesson", args=[lesson.pk]),
        HTTP_REFERER=f"http://testserver{lesson.url}",
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert "Halaman perlu dibuka ulang" in html and "Tindakan Anda belum dijalankan" in html
    assert "muat ulang" in html and "Tekan tombolnya sekali lagi" in html
    assert f'href="{lesson.url}"' in html and "Buka lagi halaman tadi" in html
    assert 'href="/akun/masuk/' not in html  # logged in: no login button
    for english in ("Forbidden", "CSRF verification failed", "Referer"):
        assert english not in html
    assert '<html lang="id"' in html and "site-header" in html  # the site's own page
    assert not done_ids(learner)


def test_csrf_failure_without_a_session_offers_login_back_to_the_page(lesson):
    """Cookies cleared: no session, no CSRF cookie."""
    response = csrf_client().post(
        reverse("courses:complete_lesson", args=[lesson.pk]),
        HTTP_REFERER=f"http://testserver{lesson.url}?tab=1",
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert f'href="/akun/masuk/?next={lesson.url.replace("/", "%2F")}%3Ftab%3D1"' in html
    assert "setelah itu Anda kembali ke halaman tadi" in html


@pytest.mark.parametrize(
    "referer",
    [
        "https://evil.example/belajar/",
        "//evil.example/",
        "javascript:alert(1)",
        "http://testserver.evil.example/",
        "",
    ],
)
def test_csrf_failure_never_links_to_another_site(learner, lesson, referer):
    client = csrf_client()
    headers = {"HTTP_REFERER": referer} if referer else {}
    response = client.post(reverse("courses:complete_lesson", args=[lesson.pk]), **headers)
    assert response.status_code == 403
    html = response.content.decode()
    assert "evil" not in html and "javascript:" not in html
    assert "Buka lagi halaman tadi" not in html
    assert 'href="/akun/masuk/"' in html  # anonymous: the plain login page


def test_csrf_failure_on_an_https_site_with_a_foreign_referer(settings, learner, lesson):
    settings.ALLOWED_HOSTS = ["lms.contoh.go.id"]
    client = csrf_client()
    client.force_login(learner)
    response = client.post(
        reverse("courses:complete_lesson", args=[lesson.pk]),
        {"csrfmiddlewaretoken": "x" * 32},
        secure=True,
        HTTP_HOST="lms.contoh.go.id",
        HTTP_REFERER="https://evil.example/",
    )
    assert response.status_code == 403
    assert "evil" not in response.content.decode()


def test_csrf_failure_in_the_admin_offers_the_admin_login(lesson):
    response = csrf_client().post(
        "/admin/login/", {"username": "x", "password": "y"}, HTTP_REFERER="http://testserver/admin/"
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert 'href="/admin/login/?next=%2Fadmin%2F"' in html


# --- the CSRF token endpoint -------------------------------------------------------------------

TOKEN = reverse("users:csrf_token")


def test_token_endpoint_refuses_anonymous_with_json(client):
    response = client.get(TOKEN)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "not_authenticated"
    assert "csrf_token" not in response.json()
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_token_endpoint_is_get_only(client, learner, method):
    client.force_login(learner)
    response = getattr(client, method)(TOKEN)
    assert response.status_code == 405 and response["Allow"] == "GET"
    assert response.json()["code"] == "method"


def test_token_endpoint_post_needs_a_token_itself(learner):
    client = csrf_client()
    client.force_login(learner)
    assert client.post(TOKEN).status_code == 403


def test_token_endpoint_is_never_cached_and_varies_by_cookie(client, learner):
    client.force_login(learner)
    response = client.get(TOKEN)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]
    assert set(response.json()) == {"csrf_token"}


def test_a_page_token_from_before_a_login_elsewhere_is_renewed_from_the_endpoint(learner):
    """The quiz page's case: the page holds the token of the old session; after a login in
    another tab, saves fail with 403 until the page fetches the new token."""
    from assessments.services import attempt_start
    from tests.factories.assessments import make_quiz
    from tests.factories.courses import place_quiz

    quiz = make_quiz(banks=(("SP.01", 2, 2, 2),))
    attempt = attempt_start(
        user=learner, quiz=quiz, page_id=place_quiz(quiz, learners=[learner]).pk
    )
    client = csrf_client()
    client.force_login(learner)
    client.get(reverse("assessments:attempt", args=[attempt.pk]))
    old = client.cookies["csrftoken"].value
    save = reverse("api-v1:attempt_answers", args=[attempt.pk])

    def put(token: str):
        return client.put(
            save, '{"sequence": 0, "answers": {}}', content_type="application/json",
            HTTP_X_CSRFTOKEN=token,
        )  # fmt: skip

    from django.conf import settings

    del client.cookies[settings.SESSION_COOKIE_NAME]  # the session ended
    assert put(old).status_code == 401
    assert client.get(TOKEN).status_code == 401
    login = {"username": learner.nip, "password": PASSWORD, "csrfmiddlewaretoken": old}
    assert client.post(LOGIN, login).status_code == 302  # "in another tab"
    assert client.cookies["csrftoken"].value != old  # Django rotated the token on login
    assert put(old).status_code == 403
    token = client.get(TOKEN).json()["csrf_token"]
    response = put(token)
    assert response.status_code == 200 and response.json() == {"sequence": 1}
