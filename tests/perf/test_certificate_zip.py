"""Bulk certificate ZIP (issue 11): 2,000 certificates zipped in <= 30 s, exact count, every
entry the issued bytes (docs/benchmarks.md). ``make bench``.

Setup: one certificate is issued through the real service (template with a JPEG background,
so the PDF has the real size); 1,999 more rows are copies of its snapshot for other learners,
each with its own PDF file (the issued bytes plus a distinct trailing comment, so every entry
has its own SHA-256). Issuing 2,000 through the service takes minutes and is measured by the
bulk-issue benchmark; this one measures the ZIP builder: the scoped query, reading 2,000 files
and writing them into the archive, with the progress updates.
"""

import datetime
import hashlib
import time
import zipfile
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.forms.models import model_to_dict
from django.utils import timezone

from certificates.downloads import KIND
from certificates.models import Certificate, certificate_storage
from certificates.services import certificate_issue
from courses.models import Enrollment
from lms.core.downloads.services import download_build, download_path, download_request
from lms.users.models import User
from lms.users.roles import Role
from tests.certificates.helpers import completed_enrollment, default_template
from tests.factories.people import EmployeeFactory, OPDFactory

pytestmark = [pytest.mark.perf, pytest.mark.django_db]

N = 2000
LIMIT_SECONDS = 30


def _copies(first: Certificate, count: int) -> list[Certificate]:
    users = User.objects.bulk_create(
        [User(username=f"bench-zip-{i}", email=f"bench-zip-{i}@contoh.go.id") for i in range(count)]
    )
    base = Enrollment.objects.get(pk=first.enrollment_id)
    later = timezone.now() + datetime.timedelta(minutes=1)  # after enrolled_at (auto_now_add)
    enrollments = Enrollment.objects.bulk_create(
        [
            Enrollment(
                user=user, course_id=base.course_id, status=base.status,
                completed_at=later,
            )
            for user in users
        ]
    )  # fmt: skip
    with certificate_storage().open(first.pdf.name, "rb") as handle:
        issued = handle.read()
    fields = model_to_dict(
        first, exclude=["id", "enrollment", "user", "opd", "template", "replaced_by", "pdf"]
    )
    rows = []
    for i, (user, enrollment) in enumerate(zip(users, enrollments, strict=True), start=2):
        content = issued + f"%salinan {i}\n".encode()
        name = f"{first.year}/bench-{i:07d}.pdf"
        path = Path(certificate_storage().path(name))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        rows.append(
            Certificate(
                **{
                    **fields,
                    "number": f"{first.number[:-5]}{i:05d}",
                    "sequence": i,
                    "code": f"BENCHZIP{i:08d}",
                    "holder_name": f"Pegawai Contoh {i}",
                    "sha256": hashlib.sha256(content).hexdigest(),
                },
                enrollment=enrollment,
                user=user,
                opd_id=first.opd_id,
                template_id=first.template_id,
                pdf=name,
            )  # fmt: skip
        )
    return Certificate.objects.bulk_create(rows, batch_size=500)


def test_a_zip_of_2000_certificates_within_30_s(settings, tmp_path, capsys):
    settings.LMS_DOWNLOAD_ROOT = str(tmp_path)
    default_template(background=True)
    opd = OPDFactory()
    first = certificate_issue(enrollment=completed_enrollment(opd=opd))
    certificates = [first, *_copies(first, N - 1)]
    hr = EmployeeFactory(opd=opd).user
    hr.groups.add(Group.objects.get(name=Role.ADMIN_OPD))
    from lms.people.services import opd_scope_set

    opd_scope_set(user=hr, opds=[opd])
    download = download_request(owner=hr, kind=KIND, parameters={"opd": opd.pk})
    start = time.perf_counter()
    download_build(download_id=download.pk)
    elapsed = time.perf_counter() - start
    download.refresh_from_db()
    with zipfile.ZipFile(download_path(download)) as archive:
        digests = [hashlib.sha256(archive.read(info)).hexdigest() for info in archive.infolist()]
    with capsys.disabled():
        print(  # noqa: T201
            f"\nZIP of {N} certificates: {elapsed:.2f} s, {download.size / 1e6:.0f} MB, "
            f"{download.size / N / 1024:.0f} KB per PDF"
        )
    assert download.status == "ready"
    assert len(digests) == N
    assert sorted(digests) == sorted(c.sha256 for c in certificates)
    assert elapsed <= LIMIT_SECONDS
