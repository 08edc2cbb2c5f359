"""The public privacy notice (UU 27/2022; docs/security.md, "Personal data (UU 27/2022)"):
controller, basis, recipients, retention from the settings, rights, the DPO's contact from the
institution settings, the breach commitment; linked from the footer and the login page."""

from __future__ import annotations

import pytest
from django.test import Client
from wagtail.models import Site

from lms.core.models import InstitutionSettings

pytestmark = pytest.mark.django_db


def _notice(client: Client | None = None) -> str:
    response = (client or Client()).get("/privasi/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_notice_is_public_and_says_what_the_law_asks(settings):
    settings.LMS_RETENTION_ATTEMPT_YEARS = 7
    settings.LMS_RETENTION_XAPI_YEARS = 3
    body = _notice()
    for text in (
        "Pemberitahuan Privasi",
        "Pengendali data",
        "Pemerintah Kabupaten Contoh",  # the institution's default name
        "kewajiban hukum",
        "UU 20/2023",
        "PP 11/2017",
        "Admin OPD",
        "BKPSDM",
        "Pengajar",
        "7 tahun setelah percobaan selesai",
        "3 tahun",
        "Unduh data saya",
        "Permintaan perbaikan data",
        "Pejabat pelindungan data pribadi",
        "3 × 24 jam",
        'name="viewport"',
    ):
        assert text in body, text
    assert "/akun/masuk/?next=/akun/data-saya/" in body


def test_the_dpo_contact_comes_from_the_institution_settings():
    institution = InstitutionSettings.for_site(Site.objects.get(is_default_site=True))
    institution.dpo_name = "Rina <b>Pelindung</b>"
    institution.dpo_title = "Sekretaris BKPSDM"
    institution.dpo_email = "ppdp@contoh.go.id"
    institution.dpo_phone = "+62 21 555 0101"
    institution.save()  # a superuser's edit in the settings screen
    body = _notice()
    assert "Rina &lt;b&gt;Pelindung&lt;/b&gt;, Sekretaris BKPSDM" in body
    assert 'href="mailto:ppdp@contoh.go.id"' in body
    assert 'href="tel:+62 21 555 0101"' in body


def test_without_a_dpo_the_hr_unit_is_named():
    body = _notice()
    assert "Hubungi Badan Kepegawaian dan Pengembangan Sumber Daya Manusia" in body


def test_linked_from_the_footer_and_the_login_page():
    login = Client().get("/akun/masuk/").content.decode()
    assert login.count('href="/privasi/"') == 2  # the footer and the line under the form
    home = Client().get("/").content.decode()
    assert 'href="/privasi/"' in home
