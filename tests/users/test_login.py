"""Login by NIP / NI PPPK or e-mail, with bad input first."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from tests.factories.users import UserFactory

PASSWORD = "Rahasia-Kuat-2026"
INVALID_LOGIN = "NIP/e-mail atau kata sandi salah. Periksa kembali lalu coba lagi."

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner():
    return UserFactory(nip="198703152010012003", username="198703152010012003")


def post_login(client, username, password=PASSWORD):
    return client.post(reverse("users:login"), {"username": username, "password": password})


def test_wrong_password_and_unknown_nip_get_the_same_indonesian_message(client, learner):
    wrong_password = post_login(client, learner.nip, "salah-sekali-123")
    unknown_nip = post_login(client, "198001012005011001")  # well-formed, no such account
    unknown_email = post_login(client, "tidak.ada@contoh.go.id")
    for response in (wrong_password, unknown_nip, unknown_email):
        assert response.status_code == 200
        assert SESSION_KEY not in client.session
        assert response.context["form"].non_field_errors() == [INVALID_LOGIN]
        assert INVALID_LOGIN in response.content.decode()
    # Same page, same errors: nothing tells an attacker which accounts exist.
    assert wrong_password.context["form"].errors == unknown_nip.context["form"].errors


@pytest.mark.parametrize(
    ("username", "fragment"),
    [
        ("12345", "18 digit"),
        ("1.98501E+17", "Excel"),
        ("19870315201001200X", "angka"),
    ],
)
def test_malformed_nip_is_rejected_with_a_clear_message(client, learner, username, fragment):
    response = post_login(client, username)
    assert response.status_code == 200
    assert SESSION_KEY not in client.session
    errors = response.context["form"].errors["username"]
    assert any(fragment in error for error in errors), errors
    # A malformed NIP is an input mistake, not a failed login attempt.
    assert not response.context["form"].non_field_errors()


@pytest.mark.parametrize(
    "username",
    [
        "198703152010012003",
        "19870315 201001 2 003",
        "19870315.201001.2.003",
        " 198703152010012003 ",
    ],
)
def test_login_by_nip_in_its_usual_written_forms(client, learner, username):
    response = post_login(client, username)
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(learner.pk)


def test_login_by_email_is_case_insensitive(client, learner):
    response = post_login(client, learner.email.upper())
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(learner.pk)


def test_inactive_account_cannot_log_in(client, learner):
    learner.is_active = False
    learner.save()
    response = post_login(client, learner.nip)
    assert SESSION_KEY not in client.session
    assert response.context["form"].non_field_errors() == [INVALID_LOGIN]


def test_empty_form_asks_for_both_fields_in_indonesian(client):
    response = client.post(reverse("users:login"), {"username": "", "password": ""})
    errors = response.context["form"].errors
    assert errors["username"] == ["Isi NIP/NI PPPK atau alamat e-mail Anda."]
    assert errors["password"] == ["Isi kata sandi Anda."]


def test_login_redirects_to_safe_next_only(client, learner):
    url = reverse("users:login")
    ok = client.post(f"{url}?next=/kursus/", {"username": learner.nip, "password": PASSWORD})
    assert ok.url == "/kursus/"
    client.logout()
    hostile = client.post(
        f"{url}?next=https://evil.example/", {"username": learner.nip, "password": PASSWORD}
    )
    assert hostile.url == "/belajar/dasbor/"


def test_wagtail_admin_login_uses_the_same_form(client, learner):
    response = client.post(
        reverse("wagtailadmin_login"), {"username": "12345", "password": PASSWORD}
    )
    assert response.status_code == 200
    assert any("18 digit" in e for e in response.context["form"].errors["username"])


def test_logout_is_post_only_and_ends_the_session(client, learner):
    client.force_login(learner)
    assert client.get(reverse("users:logout")).status_code == 405
    assert SESSION_KEY in client.session
    response = client.post(reverse("users:logout"))
    assert response.status_code == 302
    assert SESSION_KEY not in client.session
