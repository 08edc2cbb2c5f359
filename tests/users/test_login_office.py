"""Exam-day entry from one office (docs/quality.md P7; docs/security.md "Login, lockout and
rate limits"): many people log in correctly from one NAT address at once. Their correct logins
are never refused by the per-IP limit, while a flood of wrong passwords from one address still
gets one password check per 2 s (tests/users/test_lockout.py, tests/perf/test_login_flood.py).

"Another web process is checking a password for this client" is simulated by taking the
client's slot directly (:func:`lms.users.lockout.login_slot_take`), as it would be between the
check's start and its end; the clock is held still so that no test straddles a 2-s window."""

import threading
import time
from unittest import mock

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from lms.core.audit.actions import AuditAction
from lms.core.models import AuditEntry
from lms.core.ratelimit import rate_peek
from lms.users import lockout
from tests.factories.users import UserFactory

PASSWORD = "Rahasia-Kuat-2026"
WRONG = "salah-sekali-123"
OFFICE, OTHER = "203.0.113.7", "198.51.100.20"
SITE = reverse("users:login")

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def per_ip_limit(settings):
    settings.LMS_LOGIN_IP_RATE = 30  # production's: one failure per 2 s per client
    settings.LMS_LOGIN_IP_CONCURRENCY = 8


@pytest.fixture
def still_clock():
    """The middle of a 2-s window, held still."""
    now = (int(time.time()) // 2) * 2 + 1.0
    with mock.patch("lms.core.ratelimit.time.time", return_value=now):
        yield now


def login(user, password=PASSWORD, *, ip=OFFICE):
    return Client().post(SITE, {"username": user.nip, "password": password}, REMOTE_ADDR=ip)


def other_process_checks(ip=OFFICE):
    """Another web process takes a slot of this client for a check that is still running."""
    state = lockout.login_slot_take(RequestFactory().post(SITE, REMOTE_ADDR=ip))
    return state


def test_concurrent_correct_logins_from_an_office_are_not_refused(still_clock):
    people = [UserFactory() for _ in range(9)]
    assert login(people[0]).status_code == 302  # the office's first login of the morning
    # Seven checks of colleagues are in flight in other web processes right now.
    for _ in range(7):
        assert not other_process_checks().exceeded
    for person in people[1:]:
        assert login(person).status_code == 302  # each gives its slot back when done
    assert AuditEntry.objects.filter(action=AuditAction.LOGIN_SUCCEEDED).count() == 9
    assert not AuditEntry.objects.filter(action=AuditAction.LOGIN_LOCKED).exists()


def test_in_flight_checks_of_an_office_stay_bounded(still_clock, settings):
    """LMS_LOGIN_IP_CONCURRENCY checks at once, then the next waits for a slot (here none ends
    within LMS_LOGIN_SLOT_WAIT_SECONDS, so it is refused): more than the web processes a server
    has, never an unbounded number of hashes."""
    settings.LMS_LOGIN_SLOT_WAIT_SECONDS = 0.2
    first, late = UserFactory(), UserFactory()
    assert login(first).status_code == 302
    for _ in range(8):
        assert not other_process_checks().exceeded
    assert other_process_checks().exceeded
    assert login(late).status_code == 429
    # A refused attempt gives back what it counted: the slots in use are still the eight.
    request = RequestFactory().post(SITE, REMOTE_ADDR=OFFICE)
    assert rate_peek(scope=lockout.LOGIN_SCOPE, subject=OFFICE, limit=8, window=2).count == 8
    assert not lockout.login_rate(request).exceeded  # the middleware lets it wait for a slot
    assert lockout.login_slot_take(request).exceeded


def test_a_trusted_office_with_every_slot_in_use_waits_for_one(still_clock):
    first, late = UserFactory(), UserFactory()
    assert login(first).status_code == 302
    requests = [RequestFactory().post(SITE, REMOTE_ADDR=OFFICE) for _ in range(8)]
    for request in requests:
        assert not lockout.login_slot_take(request).exceeded
    thread = _ends_later(requests[0], succeeded=True)
    assert login(late).status_code == 302
    thread.join()


def test_a_colleagues_typo_does_not_refuse_the_others(still_clock):
    people = [UserFactory() for _ in range(4)]
    assert login(people[0]).status_code == 302
    assert login(people[1]).status_code == 302
    assert login(people[2], WRONG).status_code == 200  # a typo: a real failure
    assert login(people[3]).status_code == 302  # in the same 2-s window
    assert login(people[2]).status_code == 302  # and the one who mistyped, again


def test_an_untrusted_address_keeps_one_check_at_a_time(still_clock, settings):
    """No success from this address yet (a script, or the office before anyone logged in):
    while another check holds its slot, no second password is checked; when that check does
    not end within LMS_LOGIN_SLOT_WAIT_SECONDS the attempt is refused before any hash."""
    settings.LMS_LOGIN_SLOT_WAIT_SECONDS = 0.2
    person = UserFactory()
    assert not other_process_checks(OTHER).exceeded
    started = time.monotonic()
    assert login(person, ip=OTHER).status_code == 429
    assert time.monotonic() - started >= 0.2
    # Another address is not concerned by this one's checks.
    assert login(person).status_code == 302


def _ends_later(request, *, succeeded: bool, after: float = 0.15) -> threading.Thread:
    """The other process's check ends ``after`` seconds from now, as a success or a failure."""

    def finish():
        time.sleep(after)
        # A failure keeps its slot; a success gives it back.
        lockout.login_outcome_record(request, succeeded=succeeded)

    thread = threading.Thread(target=finish)
    thread.start()
    return thread


def test_the_first_logins_of_the_morning_wait_for_the_slot_instead_of_being_refused(still_clock):
    """A clean address (no failure lately): the office's first login is still being checked
    when the second arrives; the second waits for it, then logs in."""
    first, second = UserFactory(), UserFactory()
    request = RequestFactory().post(SITE, REMOTE_ADDR=OFFICE)
    assert not lockout.login_slot_take(request).exceeded  # the first login's check
    thread = _ends_later(request, succeeded=True)
    started = time.monotonic()
    assert login(second).status_code == 302
    assert 0.1 < time.monotonic() - started < 2
    thread.join()
    assert login(first).status_code == 302
    assert not AuditEntry.objects.filter(action=AuditAction.LOGIN_LOCKED).exists()


def test_a_waiting_attempt_is_refused_when_the_check_it_waits_for_fails(still_clock):
    """The check that held the slot was a wrong password: the address is suspect and the
    waiting attempt is refused before any hash (the issue-15 rule: one failure per 2 s)."""
    person = UserFactory()
    request = RequestFactory().post(SITE, REMOTE_ADDR=OTHER)
    assert not lockout.login_slot_take(request).exceeded
    thread = _ends_later(request, succeeded=False)
    started = time.monotonic()
    assert login(person, ip=OTHER).status_code == 429
    assert time.monotonic() - started < 1.5
    thread.join()


def test_an_office_address_that_floods_loses_its_standing(still_clock, settings):
    """More failures than successes over the last minute or two: back to one check per 2 s,
    so a valid account does not buy a flood a larger allowance."""
    settings.LMS_LOGIN_FAILURE_LIMIT = 100  # the per-username lock is not what is tested here
    people = [UserFactory() for _ in range(3)]
    for person in people:
        assert login(person).status_code == 302
    statuses = [login(people[0], WRONG).status_code for _ in range(12)]
    # Three successes allow three failures in the window, then failures no longer fall behind.
    assert statuses == [200] * 3 + [429] * 9
    assert not lockout.login_trusted(RequestFactory().post(SITE, REMOTE_ADDR=OFFICE))
    # The next window: one failure again, then refused.
    with mock.patch("lms.core.ratelimit.time.time", return_value=still_clock + 2):
        assert login(people[1], WRONG).status_code == 200
        assert login(people[1], WRONG).status_code == 429


def test_a_slot_is_given_back_to_the_window_it_was_taken_in(still_clock):
    """A check that ends after its window gives back that window's count, never the next
    window's (which may hold another attempt's slot or failure)."""
    request = RequestFactory().post(SITE, REMOTE_ADDR=OTHER)
    assert not lockout.login_slot_take(request).exceeded
    with mock.patch("lms.core.ratelimit.time.time", return_value=still_clock + 2):
        assert not other_process_checks(OTHER).exceeded  # a check of the new window
        lockout.login_outcome_record(request, succeeded=True)
        assert rate_peek(scope=lockout.LOGIN_SCOPE, subject=OTHER, limit=1, window=2).count == 1
    assert rate_peek(scope=lockout.LOGIN_SCOPE, subject=OTHER, limit=1, window=2).count == 0
