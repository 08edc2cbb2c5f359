"""seed_demo: the default template and the demo learner's certificate, idempotent (issue 11)."""

import pytest

from certificates.models import Certificate, CertificateTemplate
from courses.models import Enrollment
from lms.core.seeding import seed_demo

pytestmark = pytest.mark.django_db


def test_the_demo_learner_has_one_completed_course_and_its_certificate(demo):
    template = CertificateTemplate.objects.get(is_default=True)
    assert template.signatories.get().title == "Kepala BKPSDM Kabupaten Contoh"
    certificate = Certificate.objects.get()
    assert certificate.holder_nip == "198703152010012003"
    assert certificate.state == "valid" and certificate.sha256
    assert certificate.institution_name == "Pemerintah Kabupaten Contoh"
    assert Enrollment.objects.get(pk=certificate.enrollment_id).status == "completed"
    with certificate.pdf.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    seed_demo()
    assert Certificate.objects.count() == 1
    assert CertificateTemplate.objects.count() == 1
