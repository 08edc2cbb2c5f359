"""Issuing in bulk: ``certificates_issue`` and the ``certificates.issue_batch`` task (issue 11,
docs/quality.md P13): the same certificates as one-by-one issuing, in a number of queries that
does not grow with the batch, idempotent, and the hourly sweep of enrollments left without one."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from certificates.models import Certificate, CertificateEvent, CertificateTemplate
from certificates.selectors import enrollments_without_certificate
from certificates.services import (
    BATCH_MAX,
    certificate_issue,
    certificate_reissue,
    certificate_template_save,
    certificates_issue,
    certificates_issue_pending,
)
from certificates.tasks import certificate_issue_batch_task
from courses.models import Enrollment, EnrollmentStatus
from courses.services import enrollment_create
from lms.core.errors import ApplicationError
from tests.certificates.helpers import (
    completed_enrollment,
    default_template,
    without_automatic_issue,
)
from tests.factories.courses import build_course
from tests.factories.people import EmployeeFactory

pytestmark = pytest.mark.django_db


def _files() -> set[str]:
    root = Path(settings.LMS_CERTIFICATE_ROOT)
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def _enrollments(n: int, course) -> list[int]:
    with without_automatic_issue():
        return [completed_enrollment(course=course).pk for _ in range(n)]


def test_a_batch_issues_each_enrollment_once_with_consecutive_numbers_files_and_events():
    default_template()
    course = build_course(modules=1, lessons=1, code="SPBE-01")
    ids = _enrollments(6, course)
    assert certificates_issue(enrollment_ids=ids) == 6
    certificates = list(Certificate.objects.order_by("sequence"))
    assert [c.sequence for c in certificates] == [1, 2, 3, 4, 5, 6]
    # in enrollment order, so the numbers follow the order of the batch
    assert [c.enrollment_id for c in certificates] == sorted(ids)
    assert all(c.sha256 and c.pdf.name == f"{c.year}/{c.sequence:07d}.pdf" for c in certificates)
    assert _files() == {c.pdf.name for c in certificates}
    assert CertificateEvent.objects.filter(action="issue").count() == 6
    holder = Enrollment.objects.get(pk=ids[0]).user
    assert certificates[0].holder_name == holder.employee.full_name
    assert certificates[0].holder_nip == holder.employee.nip
    assert [s["name"] for s in certificates[0].signatories] == ["Drs. Bambang Sutrisno, M.Si."]


def test_a_batch_says_what_one_by_one_issuing_says():
    default_template()
    course = build_course(modules=1, lessons=1, code="SPBE-01")
    one, many = _enrollments(2, course)
    single = certificate_issue(enrollment=Enrollment.objects.get(pk=one))
    certificates_issue(enrollment_ids=[many])
    batch = Certificate.objects.get(enrollment_id=many)
    fields = ["template_id", "course_title", "course_code", "jp", "competencies", "place",
              "institution_name", "issuer", "signatories", "expires_on", "issued_on",
              "year"]  # fmt: skip
    assert {f: getattr(batch, f) for f in fields} == {f: getattr(single, f) for f in fields}
    assert batch.holder_opd == Enrollment.objects.get(pk=many).user.employee.opd.name


def test_the_batch_costs_the_same_queries_for_5_and_for_25_certificates():
    default_template()
    course = build_course(modules=1, lessons=1, code="SPBE-01")
    small, large = _enrollments(5, course), _enrollments(25, course)
    with CaptureQueriesContext(connection) as five:
        certificates_issue(enrollment_ids=small)
    with CaptureQueriesContext(connection) as twenty_five:
        certificates_issue(enrollment_ids=large)
    assert len(twenty_five) == len(five) <= 30  # savepoints included
    assert Certificate.objects.count() == 30


def test_running_a_batch_again_changes_nothing():
    default_template()
    course = build_course(modules=1, lessons=1, code="SPBE-01")
    ids = _enrollments(4, course)
    certificates_issue(enrollment_ids=ids)
    before = list(Certificate.objects.order_by("pk").values_list("pk", "number", "sha256"))
    files = {name: (Path(settings.LMS_CERTIFICATE_ROOT) / name).stat().st_mtime_ns
             for name in _files()}  # fmt: skip
    assert certificate_issue_batch_task.delay(ids).get() == 0
    assert list(Certificate.objects.order_by("pk").values_list("pk", "number", "sha256")) == before
    assert {
        n: (Path(settings.LMS_CERTIFICATE_ROOT) / n).stat().st_mtime_ns for n in _files()
    } == files
    assert CertificateEvent.objects.count() == 4


def test_a_batch_skips_unfinished_unknown_and_already_certified_enrollments():
    default_template()
    course = build_course(modules=1, lessons=1, code="SPBE-01")
    done, certified = _enrollments(2, course)
    certificate_issue(enrollment=Enrollment.objects.get(pk=certified))
    unfinished = enrollment_create(user=EmployeeFactory().user, course=course)
    assert certificates_issue(enrollment_ids=[done, certified, unfinished.pk, 999_999]) == 1
    assert sorted(Certificate.objects.values_list("enrollment_id", flat=True)) == sorted(
        [done, certified]
    )
    assert Certificate.objects.get(enrollment_id=done).sequence == 2


def test_a_certificate_left_without_its_file_is_drawn_by_the_next_batch():
    """A worker killed after the numbering committed and before the drawing did."""
    default_template()
    course = build_course(modules=1, lessons=1, code="SPBE-01")
    ids = _enrollments(3, course)
    certificates_issue(enrollment_ids=ids)
    lost = Certificate.objects.get(sequence=2)
    (Path(settings.LMS_CERTIFICATE_ROOT) / lost.pdf.name).unlink()
    Certificate.objects.filter(pk=lost.pk).update(sha256="", pdf="")
    assert certificates_issue(enrollment_ids=ids) == 0
    lost.refresh_from_db()
    assert lost.sha256 and lost.pdf.name == f"{lost.year}/0000002.pdf"
    assert len(_files()) == 3 and Certificate.objects.count() == 3


def test_each_course_of_a_batch_gets_its_own_template():
    default_template()
    spbe = build_course(modules=1, lessons=1, code="SPBE-01")
    office = build_course(modules=1, lessons=1, code="TIK-01")
    own = CertificateTemplate(name="Templat TIK", title="PIAGAM", place="Kota Lain")
    own.courses.set([office])  # a parental relation: stored by the service's save
    certificate_template_save(template=own)
    ids = _enrollments(2, spbe) + _enrollments(2, office)
    certificates_issue(enrollment_ids=ids)
    by_course = dict(Certificate.objects.values_list("course_code", "template__name").distinct())
    assert by_course == {"SPBE-01": "Templat bawaan", "TIK-01": "Templat TIK"}
    assert set(
        Certificate.objects.filter(course_code="TIK-01").values_list("place", flat=True)
    ) == {"Kota Lain"}
    assert Certificate.objects.get(course_code="TIK-01", sequence=3).signatories == []


def test_a_batch_larger_than_the_limit_is_refused_and_nothing_is_written():
    with pytest.raises(ApplicationError):
        certificates_issue(enrollment_ids=list(range(1, BATCH_MAX + 2)))
    assert not Certificate.objects.exists()


def test_the_sweep_queues_settled_enrollments_without_a_current_certificate(
    django_capture_on_commit_callbacks,
):
    default_template()
    course = build_course(modules=1, lessons=1, code="SPBE-01")
    ids = _enrollments(5, course)
    replaced_one = ids[0]
    certificate_issue(enrollment=Enrollment.objects.get(pk=replaced_one))
    hr = EmployeeFactory().user
    certificate_reissue(certificate=Certificate.objects.get(), actor=hr, reason="Nama dikoreksi")
    long_ago = timezone.now() - datetime.timedelta(hours=2)
    Enrollment.objects.filter(pk__in=ids).update(
        enrolled_at=long_ago - datetime.timedelta(hours=1), completed_at=long_ago
    )
    just_now = _enrollments(1, course)[0]  # completed now: its own task still has its turn
    assert set(enrollments_without_certificate().values_list("pk", flat=True)) == {
        *ids[1:],
        just_now,
    }
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert certificates_issue_pending(batch_size=2) == 4
    assert len(callbacks) == 2  # 4 enrollments, 2 a message
    assert set(Certificate.objects.exclude(state="replaced").values_list(
        "enrollment_id", flat=True)) == set(ids)  # fmt: skip
    assert not Certificate.objects.filter(enrollment_id=just_now).exists()
    assert Enrollment.objects.get(pk=just_now).status == EnrollmentStatus.COMPLETED
