"""Issuing, revoking and re-issuing through the services and the task (issue 11)."""

import hashlib
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from certificates.models import (
    Certificate,
    CertificateAction,
    CertificateCounter,
    CertificateEvent,
    CertificateState,
    CertificateTemplate,
)
from certificates.selectors import certificate_status
from certificates.services import (
    certificate_issue,
    certificate_reissue,
    certificate_revoke,
    certificate_template_save,
    verification_code_new,
)
from certificates.tasks import certificate_issue_task
from courses.selectors import course_lessons
from courses.services import enrollment_create, lesson_complete
from lms.core.errors import ApplicationError
from tests.certificates.helpers import completed_enrollment, default_template
from tests.factories.courses import build_course
from tests.factories.people import EmployeeFactory

pytestmark = pytest.mark.django_db


def files_under_root() -> list[Path]:
    return [p for p in Path(settings.LMS_CERTIFICATE_ROOT).rglob("*") if p.is_file()]


def test_the_task_run_twice_gives_one_row_and_one_file():
    default_template()
    enrollment = completed_enrollment()
    first = certificate_issue_task(enrollment.pk)
    second = certificate_issue_task(enrollment.pk)
    assert first == second
    assert Certificate.objects.filter(enrollment=enrollment).count() == 1
    files = files_under_root()
    assert [p.name for p in files] == ["0000001.pdf"]
    certificate = Certificate.objects.get()
    assert hashlib.sha256(files[0].read_bytes()).hexdigest() == certificate.sha256
    assert not [p for p in files if p.suffix == ".tmp"]
    assert list(certificate.events.values_list("action", flat=True)) == ["issue"]


def test_completing_the_course_issues_the_certificate_after_commit(
    django_capture_on_commit_callbacks,
):
    default_template()
    employee = EmployeeFactory(name="Siti Aminah", gelar_belakang="S.Kom.")
    course = build_course(modules=1, lessons=1, code="SPBE-01", title="Dasar-dasar SPBE")
    enrollment_create(user=employee.user, course=course)
    (lesson,) = course_lessons(course)
    with django_capture_on_commit_callbacks(execute=True):
        lesson_complete(user=employee.user, lesson=lesson)
    certificate = Certificate.objects.get(user=employee.user)
    assert certificate.holder_name == "Siti Aminah, S.Kom."
    assert certificate.holder_nip == employee.nip
    assert certificate.holder_opd == employee.opd.name
    assert certificate.opd == employee.opd
    assert certificate.course_code == "SPBE-01"
    assert certificate.jp == course.jp
    assert certificate.competencies == [
        {"code": "SP.01", "name": certificate.competencies[0]["name"], "level": 2}
    ]
    year = certificate.issued_on.year
    assert certificate.number == f"KAB-CONTOH/{year}/SPBE-01/00001"
    assert certificate.signatories[0]["name"] == "Drs. Bambang Sutrisno, M.Si."
    assert certificate.sha256 and certificate.pdf.name == f"{year}/0000001.pdf"


def test_the_snapshot_does_not_follow_later_changes():
    default_template()
    enrollment = completed_enrollment(name="Budi Santoso")
    certificate = certificate_issue(enrollment=enrollment)
    from lms.people.services import employee_save

    employee = enrollment.user.employee
    employee.name = "Budi Santoso Wijaya"
    employee_save(employee=employee)
    certificate.refresh_from_db()
    assert certificate.holder_name == "Budi Santoso"


def test_an_enrollment_not_completed_gets_no_certificate():
    employee = EmployeeFactory()
    course = build_course(modules=1, lessons=2)
    enrollment = enrollment_create(user=employee.user, course=course)
    with pytest.raises(ApplicationError) as error:
        certificate_issue(enrollment=enrollment)
    assert error.value.code == "not_completed"
    assert certificate_issue_task(enrollment.pk) is None
    assert not Certificate.objects.exists()
    assert not CertificateCounter.objects.filter(last__gt=0).exists()


def test_issuing_without_a_template_still_gives_a_certificate():
    certificate = certificate_issue(enrollment=completed_enrollment())
    assert certificate.template is None and certificate.sha256


def test_numbers_run_on_per_year_without_gaps():
    default_template()
    numbers = [
        certificate_issue(
            enrollment=completed_enrollment(course=build_course(code=f"K-{i}"))
        ).sequence
        for i in range(4)
    ]
    assert numbers == [1, 2, 3, 4]


def test_a_failed_issue_gives_its_number_back(monkeypatch):
    default_template()
    enrollment = completed_enrollment()
    import certificates.services as services

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services.CertificateEvent.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        certificate_issue(enrollment=enrollment)
    monkeypatch.undo()
    assert not Certificate.objects.exists()
    assert certificate_issue(enrollment=enrollment).sequence == 1


def test_verification_codes_are_80_bit_base32():
    codes = {verification_code_new() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(len(c) == 16 and set(c) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for c in codes)


def test_revoke_needs_a_reason_and_is_recorded(user_factory=None):
    default_template()
    certificate = certificate_issue(enrollment=completed_enrollment())
    hr = EmployeeFactory().user
    with pytest.raises(ValidationError):
        certificate_revoke(certificate=certificate, actor=hr, reason="  ")
    certificate.refresh_from_db()
    assert certificate.state == CertificateState.VALID
    certificate_revoke(certificate=certificate, actor=hr, reason="Data kelulusan keliru")
    certificate.refresh_from_db()
    assert certificate.state == CertificateState.REVOKED
    assert certificate_status(certificate) == "revoked"
    event = certificate.events.get(action=CertificateAction.REVOKE)
    assert event.actor == hr and event.reason == "Data kelulusan keliru"
    with pytest.raises(ApplicationError):
        certificate_revoke(certificate=certificate, actor=hr, reason="lagi")


def test_reissue_gives_a_new_number_and_keeps_the_old_one_as_replaced():
    default_template()
    enrollment = completed_enrollment(name="Budi Santoso")
    old = certificate_issue(enrollment=enrollment)
    from lms.people.services import employee_save

    employee = enrollment.user.employee
    employee.gelar_depan = "Ir."
    employee_save(employee=employee)
    hr = EmployeeFactory().user
    new = certificate_reissue(certificate=old, actor=hr, reason="Gelar belum tercantum")
    old.refresh_from_db()
    assert old.state == CertificateState.REPLACED and old.replaced_by == new
    assert new.number != old.number and new.code != old.code and new.sequence == 2
    assert new.holder_name == "Ir. Budi Santoso"
    assert new.sha256 != old.sha256
    assert certificate_status(old) == "replaced"
    assert Certificate.objects.filter(enrollment=enrollment).count() == 2
    assert list(old.events.values_list("action", flat=True)) == ["issue", "reissue"]
    assert "Gelar belum tercantum" in new.events.get().reason
    with pytest.raises(ApplicationError):
        certificate_reissue(certificate=old, actor=hr, reason="lagi")
    # Issuing again finds the replacement: still one current certificate.
    assert certificate_issue(enrollment=enrollment) == new
    assert len(files_under_root()) == 2


def test_expiry_comes_from_the_template():
    default_template(validity_months=24)
    certificate = certificate_issue(enrollment=completed_enrollment())
    assert certificate.expires_on.year == certificate.issued_on.year + 2
    import datetime

    later = certificate.expires_on + datetime.timedelta(days=1)
    assert certificate_status(certificate, today=later) == "expired"


def test_history_is_append_only():
    certificate = certificate_issue(enrollment=completed_enrollment())
    event = CertificateEvent.objects.get(certificate=certificate)
    event.reason = "diubah"
    with pytest.raises(ValidationError):
        event.save()
    with pytest.raises(ValidationError):
        event.delete()


def test_a_signer_transforms_the_bytes_before_hashing(settings):
    settings.LMS_CERTIFICATE_SIGNER = "tests.certificates.helpers_signer.append_marker"
    certificate = certificate_issue(enrollment=completed_enrollment())
    content = Path(certificate.pdf.path).read_bytes()
    assert content.endswith(b"%signed\n")
    assert hashlib.sha256(content).hexdigest() == certificate.sha256


def test_no_temporary_file_is_left_when_writing_fails(monkeypatch):
    enrollment = completed_enrollment()

    def failing_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OSError):
        certificate_issue(enrollment=enrollment)
    monkeypatch.undo()
    assert not files_under_root()


@pytest.mark.parametrize(
    "body",
    ["{nama:>1000000000}", "{jp!r}", "{nama.__class__}", "{kursus[0]}", "{tidak_ada}", "{nama"],
)
def test_saving_a_template_refuses_format_tricks_and_unknown_placeholders(body):
    """A format specification would build a string as long as it asks for on every save and
    every certificate (``{nama:>1000000000}``: a gigabyte); only plain placeholders pass."""
    template = CertificateTemplate(name="Templat uji", body=body)
    with pytest.raises(ValidationError) as error:
        certificate_template_save(template=template)
    assert "body" in error.value.message_dict
    assert not CertificateTemplate.objects.filter(name="Templat uji").exists()
