"""Login lockout and rate limits (docs/quality.md R7, docs/security.md "Login, lockout and rate
limits"): the lock is per username **and** IP, refused attempts never reach the password hasher,
and every attempt leaves exactly one audit entry."""

from datetime import timedelta
from unittest import mock

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.hashers import MD5PasswordHasher
from django.test import Client
from django.urls import reverse

from lms.core.audit.actions import AuditAction
from lms.core.models import AuditEntry
from lms.users.backends import NIPOrEmailBackend
from tests.factories.users import UserFactory

PASSWORD = "Rahasia-Kuat-2026"
WRONG = "salah-sekali-123"
IP1, IP2 = "192.0.2.10", "198.51.100.20"
LOCKED = "Terlalu banyak percobaan masuk. Coba lagi dalam"
INVALID_LOGIN = "NIP/e-mail atau kata sandi salah."

pytestmark = pytest.mark.django_db

SITE = reverse("users:login")
ADMIN = reverse("wagtailadmin_login")


@pytest.fixture
def learner():
    return UserFactory(nip="198703152010012003", username="198703152010012003")


def attempt(username, password=PASSWORD, *, ip=IP1, url=SITE, client=None, **extra):
    client = client or Client()
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=ip, **extra)


def move_failures_back(delta: timedelta) -> None:
    """As if the failures had happened ``delta`` earlier (axes' records)."""
    for record in AccessAttempt.objects.all():
        AccessAttempt.objects.filter(pk=record.pk).update(attempt_time=record.attempt_time - delta)


def entries(**filters):
    return list(AuditEntry.objects.filter(**filters).order_by("id"))


@pytest.fixture
def hashing():
    """Counts every password hash the login computes (the test settings' MD5 hasher: checking a
    password, ``verify``, hashes it with ``encode``, and so does the equal-time hash for an
    unknown username)."""
    calls = mock.Mock()
    encode = MD5PasswordHasher.encode

    def counted_encode(self, *args, **kwargs):
        calls()
        return encode(self, *args, **kwargs)

    with mock.patch.object(MD5PasswordHasher, "encode", counted_encode):
        yield lambda: calls.call_count


def test_ten_wrong_passwords_lock_the_username_from_that_ip_only(learner):
    statuses = [attempt(learner.nip, WRONG).status_code for _ in range(10)]
    assert statuses == [200] * 5 + [429] * 5
    # The right password from the same address is refused all the same.
    refused = attempt(learner.nip)
    assert refused.status_code == 429
    assert SESSION_KEY not in refused.client.session
    page = refused.content.decode()
    assert f"{LOCKED} 15 menit." in page
    assert 14 * 60 < int(refused["Retry-After"]) <= 15 * 60
    assert refused["Cache-Control"] == "no-store"
    # Another address: the account is not locked out (ASVS 6.1.1).
    other = Client()
    ok = attempt(learner.nip, ip=IP2, client=other)
    assert ok.status_code == 302
    assert other.session[SESSION_KEY] == str(learner.pk)

    failed = entries(action=AuditAction.LOGIN_FAILED)
    locked = entries(action=AuditAction.LOGIN_LOCKED)
    succeeded = entries(action=AuditAction.LOGIN_SUCCEEDED)
    assert (len(failed), len(locked), len(succeeded)) == (5, 6, 1)
    assert AuditEntry.objects.count() == 12  # exactly one entry per attempt
    for entry in failed + locked:
        assert entry.ip == IP1
        assert entry.actor_id is None and entry.actor_label == learner.nip
    assert {entry.details["reason"] for entry in locked} == {"locked"}
    assert succeeded[0].ip == IP2 and succeeded[0].actor_id == learner.pk


def test_the_lock_ends_after_the_cool_off(learner):
    for _ in range(5):
        assert attempt(learner.nip, WRONG).status_code == 200
    assert attempt(learner.nip).status_code == 429
    move_failures_back(timedelta(minutes=14, seconds=30))
    almost = attempt(learner.nip)
    assert almost.status_code == 429 and f"{LOCKED} 1 menit." in almost.content.decode()
    assert int(almost["Retry-After"]) <= 30
    move_failures_back(timedelta(minutes=1))
    client = Client()
    assert attempt(learner.nip, client=client).status_code == 302
    assert client.session[SESSION_KEY] == str(learner.pk)


def test_the_username_counts_as_the_login_matches_it(learner):
    """A NIP with spaces or dots and an e-mail in capitals are the same key as the plain ones."""
    for username in ("19870315 201001 2 003", "19870315.201001.2.003", " 198703152010012003 "):
        assert attempt(username, WRONG).status_code == 200
    for username in (learner.email.upper(), learner.email):
        assert attempt(username, WRONG).status_code == 200
    # Three NIP failures: two more by NIP lock it, in any written form.
    assert attempt("198703152010012003", WRONG).status_code == 200
    assert attempt("19870315-201001-2-003", WRONG).status_code == 200
    assert attempt(learner.nip).status_code == 429
    # Two e-mail failures so far: three more lock the e-mail key, whatever its case.
    for _ in range(3):
        assert attempt(learner.email.title(), WRONG).status_code == 200
    assert attempt(learner.email.lower()).status_code == 429


def test_the_admin_login_is_locked_the_same_way(learner):
    learner.is_superuser = True
    learner.save()
    statuses = [attempt(learner.nip, WRONG, url=ADMIN).status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]
    refused = attempt(learner.nip, url=ADMIN)
    assert refused.status_code == 429 and LOCKED in refused.content.decode()
    # The same lock as the site's login (one form, one key).
    assert attempt(learner.nip).status_code == 429
    assert attempt(learner.nip, url=ADMIN, ip=IP2).status_code == 302
    assert len(entries(action=AuditAction.LOGIN_FAILED)) == 5
    assert len(entries(action=AuditAction.LOGIN_LOCKED)) == 3
    assert len(entries(action=AuditAction.LOGIN_SUCCEEDED)) == 1


def test_a_refused_attempt_never_reaches_the_password_hasher(learner, hashing):
    with mock.patch.object(
        NIPOrEmailBackend, "authenticate", autospec=True, side_effect=NIPOrEmailBackend.authenticate
    ) as backend:
        for _ in range(5):
            attempt(learner.nip, WRONG)
        assert backend.call_count == 5 and hashing() == 5
        for password in (WRONG, PASSWORD, WRONG):
            assert attempt(learner.nip, password).status_code == 429
        assert backend.call_count == 5 and hashing() == 5  # nothing more was hashed


def test_an_unknown_username_still_costs_a_hash_until_refused(hashing):
    """The backend hashes for an unknown account (equal timing); that stays for every attempt
    that is not refused."""
    for _ in range(5):
        assert attempt("198001012005011001", WRONG).status_code == 200
    assert hashing() == 5
    assert attempt("198001012005011001", WRONG).status_code == 429
    assert hashing() == 5


def test_the_per_ip_limit_refuses_every_username_before_hashing(learner, settings, hashing):
    settings.LMS_LOGIN_IP_RATE = 1  # one failure a minute per client
    assert attempt("tidak.ada@contoh.go.id", WRONG).status_code == 200
    assert hashing() == 1
    refused = attempt(learner.nip)  # a username never tried, the right password
    assert refused.status_code == 429 and LOCKED in refused.content.decode()
    assert 1 <= int(refused["Retry-After"]) <= 60
    # A forged X-Forwarded-For gives no new allowance: the client is REMOTE_ADDR.
    assert attempt(learner.nip, HTTP_X_FORWARDED_FOR="10.9.9.9").status_code == 429
    assert hashing() == 1
    assert attempt(learner.nip, ip=IP2).status_code == 302
    locked = entries(action=AuditAction.LOGIN_LOCKED)
    assert [(e.ip, e.details["reason"], e.actor_label) for e in locked] == [
        (IP1, "rate", learner.nip),
        (IP1, "rate", learner.nip),
    ]


def test_failures_are_spread_over_the_minute(settings):
    """30 a minute is one every 2 seconds, never 30 password hashes at once."""
    from lms.users import lockout

    settings.LMS_LOGIN_IP_RATE = 30
    assert lockout._login_window() == 2
    assert attempt("a@contoh.go.id", WRONG).status_code == 200
    assert attempt("b@contoh.go.id", WRONG).status_code == 429
    with mock.patch("lms.core.ratelimit.time.time", return_value=__import__("time").time() + 2):
        assert attempt("b@contoh.go.id", WRONG).status_code == 200


def test_successful_logins_do_not_use_up_the_per_ip_limit(settings):
    """An office behind one address: only failures count."""
    settings.LMS_LOGIN_IP_RATE = 1
    users = [UserFactory() for _ in range(6)]
    for user in users:
        assert attempt(user.nip).status_code == 302
    assert len(entries(action=AuditAction.LOGIN_SUCCEEDED)) == 6


def test_ipv6_clients_count_per_64(settings):
    settings.LMS_LOGIN_IP_RATE = 1
    codes = [
        attempt(f"x{i}@contoh.go.id", WRONG, ip=f"2001:db8::{i}").status_code for i in range(1, 4)
    ]
    assert codes == [200, 429, 429]
    assert attempt("x@contoh.go.id", WRONG, ip="2001:db8:0:1::1").status_code == 200


def test_a_successful_login_clears_the_failures_of_that_username(learner):
    for _ in range(4):
        attempt(learner.nip, WRONG)
    assert attempt(learner.nip).status_code == 302
    for _ in range(4):
        assert attempt(learner.nip, WRONG).status_code == 200


def test_a_username_with_a_newline_is_encoded_in_the_entry():
    forged = "tamu@contoh.go.id\r\n2026-12-03 login.succeeded admin"
    assert attempt(forged, WRONG).status_code == 200
    (entry,) = entries(action=AuditAction.LOGIN_FAILED)
    assert "\n" not in entry.actor_label and "\r" not in entry.actor_label
    assert entry.actor_label == "tamu@contoh.go.id\\r\\n2026-12-03 login.succeeded admin"


def test_a_malformed_nip_is_no_attempt(learner):
    """An input mistake (docs: tests/users/test_login.py) is not counted or logged."""
    for _ in range(10):
        assert attempt("12345", WRONG).status_code == 200
    assert AuditEntry.objects.count() == 0
    assert attempt(learner.nip).status_code == 302


def test_logout_and_login_write_one_entry_each(learner):
    client = Client()
    assert attempt(learner.nip, client=client).status_code == 302
    assert client.post(reverse("users:logout"), REMOTE_ADDR=IP1).status_code == 302
    assert [(e.action, e.actor_id, e.ip) for e in entries()] == [
        (AuditAction.LOGIN_SUCCEEDED, learner.pk, IP1),
        (AuditAction.LOGOUT, learner.pk, IP1),
    ]


def test_force_login_is_no_audited_login(learner, client):
    """The test client's force_login() acts outside an HTTP request: nothing recorded."""
    client.force_login(learner)
    assert AuditEntry.objects.count() == 0


def test_the_backend_refuses_too_and_two_processes_never_both_hash(learner, settings, rf, hashing):
    """The first backend holds the rule for any ``authenticate()`` with a request: a slot
    taken by another web process (a race past the middleware's look) refuses this attempt
    before any hash, with one LOGIN_LOCKED entry."""
    from django.contrib.auth import authenticate

    from lms.core.audit.context import audit_request_reset, audit_request_set
    from lms.users.lockout import login_slot_take

    settings.LMS_LOGIN_IP_RATE = 1
    request = rf.post(SITE, REMOTE_ADDR=IP1)
    assert not login_slot_take(request).exceeded  # the other process's attempt
    token = audit_request_set(request)
    try:
        assert authenticate(request, username=learner.nip, password=PASSWORD) is None
    finally:
        audit_request_reset(token)
    assert hashing() == 0
    (entry,) = entries()
    assert (entry.action, entry.details["reason"], entry.ip) == (
        AuditAction.LOGIN_LOCKED,
        "rate",
        IP1,
    )
