"""seed_demo: the default template, idempotent (issue 11)."""

import pytest

from certificates.models import Certificate, CertificateTemplate
from lms.core.seeding import seed_demo

pytestmark = pytest.mark.django_db


def test_the_demo_has_the_default_template_with_its_signatory(demo):
    template = CertificateTemplate.objects.get(is_default=True)
    assert template.signatories.get().title == "Kepala BKPSDM Kabupaten Contoh"
    before = Certificate.objects.count()
    seed_demo()
    assert CertificateTemplate.objects.count() == 1
    assert Certificate.objects.count() == before
