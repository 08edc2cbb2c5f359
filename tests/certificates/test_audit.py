"""Certificates in the audit log (docs/security.md, "Audit log"): each issue (one or a batch),
revocation and re-issue writes one entry per certificate in the issuing transaction, with the
number, the employee's OPD and the reason; HR fetching a PDF or the ZIP is recorded, the owner
fetching their own PDF is not."""

import pytest
from django.contrib.auth.models import Group
from django.db import transaction
from django.test import Client, RequestFactory
from django.urls import reverse

from certificates.models import Certificate
from certificates.services import (
    certificate_issue,
    certificate_reissue,
    certificate_revoke,
    certificates_issue,
)
from lms.core.audit.actions import AuditAction
from lms.core.audit.context import audit_request_reset, audit_request_set
from lms.core.downloads.services import download_build
from lms.core.models import AuditEntry, PreparedDownload
from lms.people.services import opd_scope_set
from lms.users.roles import Role
from tests.certificates.helpers import (
    completed_enrollment,
    default_template,
    without_automatic_issue,
)
from tests.factories.courses import build_course
from tests.factories.people import EmployeeFactory, OPDFactory

pytestmark = pytest.mark.django_db

IP = "10.0.0.7"


def mark() -> int:
    return AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


def written(since: int, action: str | None = None) -> list[AuditEntry]:
    entries = AuditEntry.objects.filter(id__gt=since).order_by("id")
    return list(entries.filter(action=action) if action else entries)


def as_request(user):
    """Runs the block as if inside a request of ``user`` from ``IP`` (what the middleware
    does), for the services that have no screen of their own yet."""
    request = RequestFactory().post("/", REMOTE_ADDR=IP)
    request.user = user
    return audit_request_set(request)


@pytest.fixture(autouse=True)
def download_root(settings, tmp_path):
    settings.LMS_DOWNLOAD_ROOT = str(tmp_path / "unduhan")


def test_an_issue_writes_one_entry_with_number_and_opd():
    default_template(background=False)
    opd = OPDFactory(name="Dinas Pendidikan")
    enrollment = completed_enrollment(opd=opd)
    since = mark()
    certificate = certificate_issue(enrollment=enrollment)
    (entry,) = written(since)
    assert entry.action == AuditAction.CERTIFICATE_ISSUED
    assert (entry.object_type, entry.object_id) == ("certificates.certificate", str(certificate.pk))
    assert entry.object_label == certificate.number
    assert (entry.opd_id, entry.opd_label) == (opd.pk, "Dinas Pendidikan")
    assert entry.details["number"] == certificate.number
    assert entry.actor_id is None  # the worker issues as the system
    # Issuing again returns the same certificate and records nothing.
    since = mark()
    assert certificate_issue(enrollment=enrollment) == certificate
    assert written(since) == []


def test_a_rolled_back_issue_leaves_no_entry():
    default_template(background=False)
    enrollment = completed_enrollment()
    since = mark()
    with pytest.raises(RuntimeError), transaction.atomic():
        from certificates import services

        original = services.certificates_notify_issued

        def failing(**kwargs):
            raise RuntimeError("notification store down")

        services.certificates_notify_issued = failing
        try:
            certificate_issue(enrollment=enrollment)
        finally:
            services.certificates_notify_issued = original
    assert written(since) == []
    assert not Certificate.objects.exists()


def test_a_batch_writes_one_entry_per_certificate_in_one_insert(django_assert_max_num_queries):
    default_template(background=False)
    opd_a, opd_b = OPDFactory(name="Dinas A"), OPDFactory(name="Dinas B")
    course = build_course(modules=1, lessons=1, title="Etika ASN", code="ETIKA-01")
    with without_automatic_issue():
        enrollments = [completed_enrollment(opd=opd_a, course=course) for _ in range(3)] + [
            completed_enrollment(opd=opd_b, course=course)
        ]
    since = mark()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert certificates_issue(enrollment_ids=[e.pk for e in enrollments]) == 4
    inserts = [q for q in queries.captured_queries if 'INSERT INTO "core_auditentry"' in q["sql"]]
    assert len(inserts) == 1
    entries = written(since)
    assert [entry.action for entry in entries] == [AuditAction.CERTIFICATE_ISSUED] * 4
    numbers = set(Certificate.objects.values_list("number", flat=True))
    assert {entry.object_label for entry in entries} == numbers
    assert sorted(entry.opd_id for entry in entries) == sorted([opd_a.pk] * 3 + [opd_b.pk])
    assert len({entry.created_at for entry in entries}) == 1


def test_revoke_and_reissue_write_one_entry_each_with_reason_actor_and_ip():
    default_template(background=False)
    opd = OPDFactory(name="Dinas Pendidikan")
    certificate = certificate_issue(enrollment=completed_enrollment(opd=opd))
    hr = EmployeeFactory().user
    token = as_request(hr)
    try:
        since = mark()
        new = certificate_reissue(certificate=certificate, actor=hr, reason="Gelar belum tercantum")
        (entry,) = written(since)
        assert entry.action == AuditAction.CERTIFICATE_REISSUED
        assert (entry.actor_id, entry.ip) == (hr.pk, IP)
        assert entry.object_id == str(new.pk) and entry.object_label == new.number
        assert entry.details["replaces"] == certificate.number
        assert entry.details["reason"] == "Gelar belum tercantum"
        assert entry.opd_id == opd.pk
        since = mark()
        certificate_revoke(certificate=new, actor=hr, reason="Data kelulusan keliru")
        (entry,) = written(since)
        assert entry.action == AuditAction.CERTIFICATE_REVOKED
        assert (entry.actor_id, entry.ip, entry.object_id) == (hr.pk, IP, str(new.pk))
        assert entry.details == {"number": new.number, "reason": "Data kelulusan keliru"}
        assert (entry.opd_id, entry.opd_label) == (opd.pk, "Dinas Pendidikan")
        # A refused revocation (already revoked) writes nothing.
        since = mark()
        with pytest.raises(Exception):  # noqa: B017 - ApplicationError, refused
            certificate_revoke(certificate=new, actor=hr, reason="lagi")
        assert written(since) == []
    finally:
        audit_request_reset(token)


def test_hr_downloading_a_pdf_is_recorded_and_the_owner_is_not():
    default_template(background=False)
    opd = OPDFactory(name="Dinas Pendidikan")
    certificate = certificate_issue(enrollment=completed_enrollment(opd=opd))
    admin = EmployeeFactory(opd=opd).user
    admin.groups.add(Group.objects.get(name=Role.ADMIN_OPD))
    opd_scope_set(user=admin, opds=[opd])
    url = reverse("certificates:download", args=[certificate.pk])
    owner = Client()
    owner.force_login(certificate.user)
    since = mark()
    assert owner.get(url, REMOTE_ADDR=IP).status_code == 200
    assert written(since) == []
    client = Client()
    client.force_login(admin)
    since = mark()
    assert client.get(url, REMOTE_ADDR=IP).status_code == 200
    (entry,) = written(since)
    assert entry.action == AuditAction.DOWNLOADED
    assert (entry.actor_id, entry.ip, entry.object_id) == (admin.pk, IP, str(certificate.pk))
    assert entry.opd_id == opd.pk and entry.details["kind"] == "certificate_pdf"
    # The API answers the same PDF and records it the same way.
    since = mark()
    api = client.get(f"/api/v1/certificates/{certificate.pk}/pdf", REMOTE_ADDR=IP)
    assert api.status_code == 200
    assert [e.action for e in written(since)] == [AuditAction.DOWNLOADED]


def test_fetching_the_prepared_zip_is_recorded_once_per_fetch():
    default_template(background=False)
    opd = OPDFactory(name="Dinas Pendidikan")
    certificate_issue(enrollment=completed_enrollment(opd=opd))
    bkpsdm = EmployeeFactory().user
    bkpsdm.groups.add(Group.objects.get(name=Role.BKPSDM))
    client = Client()
    client.force_login(bkpsdm)
    since = mark()
    assert client.post(reverse("sertifikat:zip"), {}).status_code == 302
    download = PreparedDownload.objects.get(owner=bkpsdm)
    download_build(download_id=download.pk)
    assert written(since) == []  # asked for and built: nothing carried away yet
    response = client.get(reverse("lms_downloads:file", args=[download.pk]), REMOTE_ADDR=IP)
    assert response.status_code == 200
    (entry,) = written(since)
    assert entry.action == AuditAction.DOWNLOADED
    assert (entry.actor_id, entry.ip) == (bkpsdm.pk, IP)
    assert (entry.object_type, entry.object_id) == ("core.prepareddownload", str(download.pk))
    assert entry.details["kind"] == "certificates_zip" and entry.details["size"] > 0
    # Someone else's id: 404, nothing recorded as downloaded.
    stranger = EmployeeFactory().user
    stranger.groups.add(Group.objects.get(name=Role.BKPSDM))
    other = Client()
    other.force_login(stranger)
    since = mark()
    assert other.get(reverse("lms_downloads:file", args=[download.pk])).status_code == 404
    assert written(since, AuditAction.DOWNLOADED) == []
