"""The other limits and the no-enumeration rules (docs/security.md, "Login, lockout and rate
limits"): "Lupa kata sandi?" and the one-time links answer the same for a known, an unknown and
an inactive account, and all of them, like the exports, answer 429 past their limit."""

import re
from unittest import mock

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from lms.core.audit.actions import AuditAction
from lms.core.models import AuditEntry
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db

RESET = reverse("users:password_reset")
DONE = reverse("users:password_reset_done")
IP1, IP2 = "192.0.2.30", "198.51.100.40"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def _page(response, url: str = "") -> str:
    """The page without its CSRF token and, when given, its own address (the language form's
    ``next``)."""
    text = CSRF.sub("", response.content.decode())
    return text.replace(url, "") if url else text


@pytest.fixture
def accounts():
    known = UserFactory(email="dikenal@contoh.go.id")
    inactive = UserFactory(email="nonaktif@contoh.go.id", is_active=False)
    inactive.save()
    return known, inactive


def test_reset_answers_the_same_for_known_unknown_and_inactive(accounts):
    answers = []
    for email in ("dikenal@contoh.go.id", "tidak.ada@contoh.go.id", "nonaktif@contoh.go.id"):
        client = Client()
        response = client.post(RESET, {"email": email}, REMOTE_ADDR=IP1)
        done = client.get(response["Location"], REMOTE_ADDR=IP1)
        answers.append((response.status_code, response["Location"], response.content,
                        done.status_code, _page(done)))  # fmt: skip
    assert answers[0] == answers[1] == answers[2]
    assert answers[0][:2] == (302, DONE)
    assert [message.to for message in mail.outbox] == [["dikenal@contoh.go.id"]]
    entries = AuditEntry.objects.filter(action=AuditAction.PASSWORD_RESET_REQUESTED)
    assert sorted(entries.values_list("actor_label", flat=True)) == [
        "dikenal@contoh.go.id", "nonaktif@contoh.go.id", "tidak.ada@contoh.go.id",
    ]  # fmt: skip
    assert {entry.ip for entry in entries} == {IP1}


def test_the_reset_request_does_the_same_work_for_every_address(accounts):
    """The lookup and the e-mail happen in the worker: the request only queues the address
    typed, so its time does not depend on whether an account exists."""
    with mock.patch("lms.users.views.password_reset_send.delay") as queued:
        for email in ("dikenal@contoh.go.id", "tidak.ada@contoh.go.id", "nonaktif@contoh.go.id"):
            Client().post(RESET, {"email": email}, REMOTE_ADDR=IP1)
    assert [call.kwargs for call in queued.call_args_list] == [
        {"email": email, "domain": "testserver", "use_https": False}
        for email in ("dikenal@contoh.go.id", "tidak.ada@contoh.go.id", "nonaktif@contoh.go.id")
    ]
    assert mail.outbox == []


def test_reset_is_rate_limited_per_ip(settings, accounts):
    settings.LMS_PASSWORD_RESET_RATE = 3
    for _ in range(3):
        sent = Client().post(RESET, {"email": "dikenal@contoh.go.id"}, REMOTE_ADDR=IP1)
        assert sent.status_code == 302
    limited = Client().post(RESET, {"email": "dikenal@contoh.go.id"}, REMOTE_ADDR=IP1)
    assert limited.status_code == 429
    assert 1 <= int(limited["Retry-After"]) <= 3600
    assert "Terlalu banyak permintaan. Coba lagi dalam" in limited.content.decode()
    assert len(mail.outbox) == 3  # the refused one sent nothing
    assert Client().post(RESET, {"email": "x@contoh.go.id"}, REMOTE_ADDR=IP2).status_code == 302


def _uid(pk) -> str:
    return urlsafe_base64_encode(force_bytes(pk))


@pytest.mark.parametrize("name", ["users:password_reset_confirm", "users:activate"])
def test_an_invalid_link_looks_the_same_whether_its_account_exists(name, accounts):
    known, inactive = accounts
    pages = []
    for uid in (_uid(known.pk), _uid(inactive.pk), _uid(10**9), "bukan-uid"):
        url = reverse(name, args=[uid, "cd1234-0123456789abcdef"])
        response = Client().get(url)
        pages.append((response.status_code, _page(response, url)))
    assert pages[0][0] == 200
    assert pages[0] == pages[1] == pages[2] == pages[3]


@pytest.mark.parametrize("name", ["users:password_reset_confirm", "users:activate"])
def test_the_links_are_rate_limited_per_ip(name, settings, accounts):
    settings.LMS_ACCOUNT_LINK_RATE = 3
    url = reverse(name, args=[_uid(accounts[0].pk), "cd1234-0123456789abcdef"])
    assert [Client().get(url, REMOTE_ADDR=IP1).status_code for _ in range(4)] == [200] * 3 + [429]
    refused = Client().post(url, {"new_password1": "x", "new_password2": "x"}, REMOTE_ADDR=IP1)
    assert refused.status_code == 429 and refused["Retry-After"]
    assert Client().get(url, REMOTE_ADDR=IP2).status_code == 200


def test_a_password_set_through_a_link_is_audited(accounts):
    from lms.users.services import account_activation_path

    user = UserFactory()
    user.set_unusable_password()
    user.save()
    client = Client()
    form = client.get(account_activation_path(user=user), follow=True, REMOTE_ADDR=IP1)
    new = "Sandi-Pertama-Yang-Panjang-2026"
    done = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new},
                       REMOTE_ADDR=IP1)  # fmt: skip
    assert done.status_code == 302
    (entry,) = AuditEntry.objects.filter(action=AuditAction.PASSWORD_CHANGED)
    assert (entry.actor_id, entry.object_id, entry.ip) == (user.pk, str(user.pk), IP1)
    assert entry.details == {"link": "activation"}


def _superuser():
    user = UserFactory(is_superuser=True, is_staff=True)
    client = Client()
    client.force_login(user)
    return client


def test_the_import_screen_exports_are_rate_limited_per_user(settings):
    settings.LMS_EXPORT_RATE = 2
    url = reverse("lms_imports:export", args=["opds", "csv"])
    first, second = _superuser(), _superuser()
    assert [first.get(url).status_code for _ in range(3)] == [200, 200, 429]
    refused = first.get(url)
    assert refused.status_code == 429 and 1 <= int(refused["Retry-After"]) <= 60
    assert second.get(url).status_code == 200  # per user, not per address


def test_report_exports_share_the_user_s_export_limit(settings):
    settings.LMS_EXPORT_RATE = 2
    imports = reverse("lms_imports:export", args=["opds", "csv"])
    reports = reverse("lms_report_exports:export")
    client = _superuser()
    assert client.get(imports).status_code == 200
    data = {"kind": "gap-summary", "format": "csv", "year": "2026"}
    assert client.post(reports, data).status_code == 200
    assert client.post(reports, data).status_code == 429
    assert _superuser().post(reports, data).status_code == 200
