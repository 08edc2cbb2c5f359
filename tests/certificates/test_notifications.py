"""Notifications (issue 11): one when a certificate is issued (first issue and re-issue, never
twice for a redelivered task), the renewal reminder 30 days before expiry (once, fixed dates),
and the learner's list and "Tandai sudah dibaca" (owner only, 404 for another user's id)."""

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from certificates.models import Certificate
from certificates.services import (
    certificate_issue,
    certificate_reissue,
    certificate_revoke,
    certificates_renewal_remind,
)
from certificates.tasks import certificate_issue_task, certificates_renewal_remind_task
from lms.core.models import Notification
from lms.core.notifications.selectors import notifications_unread
from lms.core.notifications.services import notification_create
from tests.certificates.helpers import completed_enrollment, default_template
from tests.factories.people import EmployeeFactory
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


def read_url(notification) -> str:
    return reverse("notifications:read", args=[notification.pk])


# --- hostile and unusual input first -----------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["https://contoh.example/", "//contoh.example/x", "javascript:alert(1)", "/\\contoh.example"],
)
def test_a_notification_links_only_to_a_path_of_this_site(url):
    user = UserFactory()
    with pytest.raises(ValidationError) as error:
        notification_create(user=user, title="Judul", url=url)
    assert "diawali garis miring" in str(error.value)
    assert not Notification.objects.exists()


def test_a_title_is_required_and_bounded():
    user = UserFactory()
    for title in ("", "x" * 151):
        with pytest.raises(ValidationError):
            notification_create(user=user, title=title)
    assert not Notification.objects.exists()


def test_another_users_notification_is_404_and_stays_unread(client):
    owner, other = UserFactory(), UserFactory()
    notification = notification_create(user=owner, title="Sertifikat terbit", url="/sertifikat/")
    client.force_login(other)
    assert client.post(read_url(notification)).status_code == 404
    assert client.post(reverse("notifications:read", args=[uuid.uuid4()])).status_code == 404
    assert client.post("/pemberitahuan/123/dibaca/").status_code == 404  # not a UUID
    assert (
        client.get(reverse("notifications:list")).content.decode().count("Sertifikat terbit") == 0
    )
    notification.refresh_from_db()
    assert notification.read_at is None


def test_marking_read_needs_a_post_a_login_and_the_csrf_token():
    owner = UserFactory()
    notification = notification_create(user=owner, title="Judul")
    anonymous = Client()
    response = anonymous.post(read_url(notification))
    assert response.status_code == 302 and "/akun/masuk/" in response.url
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(owner)
    # A GET (a login whose next was this address) goes back to the list, changing nothing.
    got = browser.get(read_url(notification))
    assert got.status_code == 302 and got.url == reverse("notifications:list")
    assert browser.post(read_url(notification)).status_code == 403  # no CSRF token
    notification.refresh_from_db()
    assert notification.read_at is None


def test_a_hostile_next_goes_back_to_the_dashboard(client):
    owner = UserFactory()
    notification = notification_create(user=owner, title="Judul")
    client.force_login(owner)
    response = client.post(read_url(notification), {"next": "https://jahat.example/"})
    assert response.status_code == 302 and response.url == reverse("courses:dashboard")
    notification.refresh_from_db()
    assert notification.read_at is not None


# --- certificates notify -------------------------------------------------------------------------


def test_an_issued_certificate_notifies_its_holder_once_even_when_the_task_is_redelivered():
    default_template()
    enrollment = completed_enrollment()
    certificate_issue_task(enrollment.pk)
    certificate_issue_task(enrollment.pk)  # redelivered
    certificate_issue(enrollment=enrollment)
    certificate = Certificate.objects.get()
    (notification,) = Notification.objects.filter(user=enrollment.user)
    assert notification.title == "Sertifikat Anda sudah terbit: Dasar-dasar SPBE"
    assert certificate.number in notification.body
    assert notification.url == reverse("certificates:mine")
    assert notification.key == f"certificate:{certificate.pk}"


def test_a_reissue_notifies_again_and_a_revocation_does_not():
    default_template()
    enrollment = completed_enrollment()
    old = certificate_issue(enrollment=enrollment)
    hr = EmployeeFactory().user
    new = certificate_reissue(certificate=old, actor=hr, reason="Gelar belum tercantum")
    certificate_revoke(certificate=new, actor=hr, reason="Salah kursus")
    bodies = list(Notification.objects.filter(user=enrollment.user).values_list("body", flat=True))
    assert len(bodies) == 2
    assert any(new.number in body for body in bodies) and any(old.number in b for b in bodies)
    assert not Notification.objects.exclude(user=enrollment.user).exists()


def test_a_key_makes_the_writer_idempotent():
    user = UserFactory()
    first = notification_create(user=user, title="A", key="k")
    second = notification_create(user=user, title="B", key="k")
    assert first.pk == second.pk and Notification.objects.get().title == "A"
    notification_create(user=UserFactory(), title="A", key="k")  # another user: their own
    assert Notification.objects.count() == 2


# --- the renewal reminder, with fixed dates -------------------------------------------------------


@pytest.fixture
def expiring():
    """A valid certificate of a 12-month template; its expiry is the reference date."""
    default_template(validity_months=12)
    certificate = certificate_issue(enrollment=completed_enrollment())
    assert certificate.expires_on is not None
    return certificate


def reminders(user) -> list[Notification]:
    return list(Notification.objects.filter(user=user, key__endswith=":renewal"))


def test_no_reminder_earlier_than_30_days_nor_after_expiry_nor_when_revoked(expiring):
    expires = expiring.expires_on
    assert certificates_renewal_remind(today=expires - datetime.timedelta(days=31)) == 0
    assert certificates_renewal_remind(today=expires + datetime.timedelta(days=1)) == 0
    certificate_revoke(certificate=expiring, actor=EmployeeFactory().user, reason="Salah data")
    assert certificates_renewal_remind(today=expires - datetime.timedelta(days=10)) == 0
    assert reminders(expiring.user) == []


def test_the_reminder_is_sent_once_30_days_before_expiry(expiring):
    expires = expiring.expires_on
    assert certificates_renewal_remind(today=expires - datetime.timedelta(days=30)) == 1
    assert certificates_renewal_remind(today=expires - datetime.timedelta(days=30)) == 0
    assert certificates_renewal_remind(today=expires - datetime.timedelta(days=2)) == 0
    (reminder,) = reminders(expiring.user)
    assert reminder.title == "Sertifikat segera berakhir: Dasar-dasar SPBE"
    assert expiring.number in reminder.body and str(expires.year) in reminder.body
    expiring.refresh_from_db()
    assert expiring.renewal_reminded_at is not None


def test_the_beat_runs_the_reminder_daily():
    from lms.celery import app

    entry = app.conf.beat_schedule["certificate-renewal-reminders"]
    assert entry["task"] == certificates_renewal_remind_task.name == "certificates.renewal_remind"
    assert certificates_renewal_remind_task() == 0


def test_the_page_says_renew_soon_within_30_days(expiring, client, monkeypatch):
    from django.utils import timezone

    client.force_login(expiring.user)
    page = reverse("certificates:mine")
    assert "segera perpanjang" not in client.get(page).content.decode()
    soon = expiring.expires_on - datetime.timedelta(days=30)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: soon)
    html = client.get(page).content.decode()
    assert "Berlaku sampai" in html and "segera perpanjang" in html
    assert "segera perpanjang" in client.get(reverse("courses:dashboard")).content.decode()


# --- the learner's view ---------------------------------------------------------------------------


def test_the_dashboard_lists_unread_notifications_and_marking_one_read_removes_it(client):
    default_template()
    enrollment = completed_enrollment()
    certificate_issue(enrollment=enrollment)
    notification = Notification.objects.get()
    client.force_login(enrollment.user)
    dashboard = reverse("courses:dashboard")
    html = client.get(dashboard).content.decode()
    assert "Pemberitahuan" in html and notification.title in html
    assert '<span class="badge" aria-label="1 belum dibaca">1</span>' in html
    assert "Tandai sudah dibaca" in html
    response = client.post(read_url(notification), {"next": dashboard})
    assert response.status_code == 302 and response.url == dashboard
    html = client.get(dashboard).content.decode()
    assert notification.title not in html and "Tidak ada pemberitahuan baru." in html
    listing = client.get(reverse("notifications:list")).content.decode()
    assert notification.title in listing and ">baru<" not in listing
    first_read = Notification.objects.get().read_at
    client.post(read_url(notification))
    assert Notification.objects.get().read_at == first_read  # kept


def test_the_panel_is_one_query_whatever_the_number_of_notifications(django_assert_num_queries):
    user = UserFactory()
    for i in range(12):
        notification_create(user=user, title=f"Pemberitahuan {i}")
    with django_assert_num_queries(1):
        unread = notifications_unread(user=user)
    assert unread.count == 12 and len(unread.items) == 5
    assert unread.items[0].title == "Pemberitahuan 11"
    with django_assert_num_queries(1):
        assert notifications_unread(user=UserFactory.build(pk=10**6)).count == 0
