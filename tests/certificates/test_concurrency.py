"""Issuing at the same moment on PostgreSQL: unique, gap-free numbers and one certificate per
enrollment, whatever the interleaving (issue 11, docs/quality.md R2)."""

import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.db import close_old_connections, connection

from certificates.models import Certificate, CertificateCounter
from certificates.services import certificate_issue
from courses.models import Enrollment
from tests.certificates.helpers import completed_enrollment, without_automatic_issue
from tests.factories.courses import build_course

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _run_concurrently(enrollment_ids: list[int]) -> list[str]:
    barrier = threading.Barrier(len(enrollment_ids))
    errors: list[str] = []

    def issue(enrollment_id: int) -> None:
        close_old_connections()
        try:
            barrier.wait()
            certificate_issue(enrollment=Enrollment.objects.get(pk=enrollment_id))
        except Exception as error:  # noqa: BLE001 - every failure is reported by the test
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(pk,)) for pk in enrollment_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_50_concurrent_issues_give_unique_gap_free_numbers_and_one_file_each():
    assert connection.vendor == "postgresql"
    course = build_course(modules=1, lessons=1, code="SPBE-01")
    with without_automatic_issue():
        ids = [completed_enrollment(course=course).pk for _ in range(50)]
    assert not Certificate.objects.exists()
    errors = _run_concurrently(ids)
    assert errors == []
    certificates = list(Certificate.objects.order_by("sequence"))
    assert len(certificates) == 50
    assert [c.sequence for c in certificates] == list(range(1, 51))
    assert len({c.number for c in certificates}) == 50
    assert len({c.code for c in certificates}) == 50
    assert {c.enrollment_id for c in certificates} == set(ids)
    assert CertificateCounter.objects.get().last == 50
    root = Path(settings.LMS_CERTIFICATE_ROOT)
    files = {p.name for p in root.rglob("*") if p.is_file() and p.parent.name == str(
        certificates[0].year)}  # fmt: skip
    assert {f"{c.sequence:07d}.pdf" for c in certificates} <= files
    assert not list(root.rglob("*.tmp"))
    assert all(c.sha256 for c in certificates)


def test_the_same_enrollment_issued_by_10_threads_at_once_gives_one_certificate():
    course = build_course(modules=1, lessons=1, code="SPBE-02")
    with without_automatic_issue():
        enrollment = completed_enrollment(course=course)
    assert _run_concurrently([enrollment.pk] * 10) == []
    certificate = Certificate.objects.get()
    assert certificate.sequence == 1 and CertificateCounter.objects.get().last == 1
    root = Path(settings.LMS_CERTIFICATE_ROOT) / str(certificate.year)
    assert sorted(p.name for p in root.iterdir()) == ["0000001.pdf"]
