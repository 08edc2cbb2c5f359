"""Public verification (page and API) and downloads: minimal data, no guessing, scope (R6)."""

import base64
import hashlib
import secrets

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from certificates.models import Certificate
from certificates.selectors import normalize_code
from certificates.services import certificate_issue, certificate_reissue, certificate_revoke
from certificates.views import verify as verify_view
from lms.people.services import opd_scope_set
from lms.users.models import User
from lms.users.roles import Role
from tests.certificates.helpers import completed_enrollment, default_template
from tests.factories.people import EmployeeFactory, OPDFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate():
    default_template(background=False)
    enrollment = completed_enrollment(name="Siti Aminah", nip="198703152010012003")
    return certificate_issue(enrollment=enrollment)


def page(code: str, client=None, ip="203.0.113.5"):
    return (client or Client()).get(
        reverse("certificates:verify", kwargs={"code": code}), REMOTE_ADDR=ip
    )


def api(code: str, ip="203.0.113.5"):
    return Client().get(f"/api/v1/verify/{code}", REMOTE_ADDR=ip)


def test_the_page_and_the_api_say_valid_with_minimal_data(certificate):
    response = page(certificate.code)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert "Sah" in html and "Siti Aminah" in html and certificate.number in html
    assert certificate.sha256 in html
    assert "1987***********003" in html
    assert "198703152010012003" not in html
    answer = api(certificate.code)
    assert answer.status_code == 200 and answer["Cache-Control"] == "no-store"
    data = answer.json()
    assert data["status"] == "valid" and data["number"] == certificate.number
    assert data["nip_masked"] == "1987***********003" and data["sha256"] == certificate.sha256
    assert "198703152010012003" not in answer.content.decode()
    assert set(data) >= {"name", "course", "jp", "issued_on", "issuer"}


def test_the_code_is_read_whatever_the_case_and_spacing(certificate):
    code = certificate.code.lower()
    assert page(f"{code[:4]}-{code[4:]}").status_code == 200


def test_revoked_and_replaced_show_on_the_page_and_in_the_api(certificate):
    hr = EmployeeFactory().user
    new = certificate_reissue(certificate=certificate, actor=hr, reason="Koreksi nama")
    html = page(certificate.code).content.decode()
    assert "Diganti" in html
    assert reverse("certificates:verify", kwargs={"code": new.code}) in html
    data = api(certificate.code).json()
    assert data["status"] == "replaced" and data["replaced_by_number"] == new.number
    certificate_revoke(certificate=new, actor=hr, reason="Data kelulusan keliru")
    assert "Dicabut" in page(new.code).content.decode()
    data = api(new.code).json()
    assert data["status"] == "revoked"
    assert "keliru" not in str(data)  # the reason is not public


def _random_code() -> str:
    return base64.b32encode(secrets.token_bytes(10)).decode()


def test_10000_random_codes_all_answer_404(certificate, settings, rf):
    """Guessing is hopeless (80 bits) and every guess is a 404: 10,000 random codes, each a
    well-formed code (so each would reach the database, not the malformed-code shortcut), none
    of them issued (one query for all: the page answers 404 exactly when the lookup finds
    nothing); 500 of them through the page's view and 100 through the whole stack, page and
    API. (All 10,000 through the view took 70 s of the suite on CI.)"""
    settings.LMS_CERTIFICATE_VERIFY_RATE = 100_000
    codes = [_random_code() for _ in range(10_000)]
    normalized = [normalize_code(code) for code in codes]
    assert None not in normalized
    assert certificate.code not in normalized
    assert not Certificate.objects.filter(code__in=normalized).exists()
    assert Certificate.objects.filter(code__in=[*normalized[:10], certificate.code]).count() == 1
    for code in codes[:500]:
        request = rf.get(f"/sertifikat/verifikasi/{code}/", REMOTE_ADDR="198.51.100.7")
        assert verify_view(request, code=code).status_code == 404, code
    client = Client()
    for code in codes[:100]:
        assert client.get(f"/sertifikat/verifikasi/{code}/").status_code == 404
        assert client.get(f"/api/v1/verify/{code}").status_code == 404


@pytest.mark.parametrize("code", ["x", "A" * 200, "<script>", "%00", "ABCDEFGHJKMNPQR1"])
def test_malformed_codes_are_404(code):
    assert page(code).status_code == 404
    assert api(code).status_code == 404


def test_the_rate_limit_engages_per_ip(certificate, settings):
    settings.LMS_CERTIFICATE_VERIFY_RATE = 30
    statuses = [page("AAAAAAAAAAAAAAAA", ip="192.0.2.1").status_code for _ in range(30)]
    assert set(statuses) == {404}
    limited = page(certificate.code, ip="192.0.2.1")
    # Retry-After: the seconds until the minute's window ends.
    assert limited.status_code == 429 and 1 <= int(limited["Retry-After"]) <= 60
    assert api(certificate.code, ip="192.0.2.1").status_code == 429
    assert page(certificate.code, ip="192.0.2.2").status_code == 200  # another client
    # A forged X-Forwarded-For does not give a new allowance.
    forged = Client().get(
        reverse("certificates:verify", kwargs={"code": certificate.code}),
        REMOTE_ADDR="192.0.2.1",
        HTTP_X_FORWARDED_FOR="10.9.9.9",
    )
    assert forged.status_code == 429


def test_ipv6_clients_count_per_64(settings):
    settings.LMS_CERTIFICATE_VERIFY_RATE = 3
    codes = [page("AAAAAAAAAAAAAAAA", ip=f"2001:db8::{i}").status_code for i in range(1, 5)]
    assert codes == [404, 404, 404, 429]


def _login(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_downloads_belong_to_the_owner_and_hr_in_scope(certificate):
    owner = certificate.user
    other_opd = OPDFactory()
    stranger = EmployeeFactory(opd=other_opd).user
    admin_b = EmployeeFactory(opd=other_opd).user
    admin_b.groups.add(Group.objects.get(name=Role.ADMIN_OPD))
    opd_scope_set(user=admin_b, opds=[other_opd])
    admin_a = EmployeeFactory(opd=certificate.opd).user
    admin_a.groups.add(Group.objects.get(name=Role.ADMIN_OPD))
    opd_scope_set(user=admin_a, opds=[certificate.opd])
    bkpsdm = EmployeeFactory(opd=other_opd).user
    bkpsdm.groups.add(Group.objects.get(name=Role.BKPSDM))

    url = reverse("certificates:download", kwargs={"pk": certificate.pk})
    api_url = f"/api/v1/certificates/{certificate.pk}/pdf"
    for user in (owner, admin_a, bkpsdm):
        response = _login(user).get(url)
        assert response.status_code == 200, user
        body = b"".join(response.streaming_content)
        assert hashlib.sha256(body).hexdigest() == certificate.sha256
        assert response["Content-Type"] == "application/pdf"
        assert _login(user).get(api_url).status_code == 200
    for user in (stranger, admin_b):
        assert _login(user).get(url).status_code == 404
        assert _login(user).get(api_url).status_code == 404
    assert Client().get(url).status_code == 302  # to the login page
    assert Client().get(api_url).status_code == 401


def test_the_api_lists_only_the_callers_own(certificate):
    response = _login(certificate.user).get("/api/v1/certificates")
    assert response.status_code == 200
    (item,) = response.json()
    assert item["number"] == certificate.number and item["status"] == "valid"
    assert _login(EmployeeFactory().user).get("/api/v1/certificates").json() == []


def test_my_certificates_and_the_dashboard_show_the_certificate(certificate):
    client = _login(certificate.user)
    html = client.get(reverse("certificates:mine")).content.decode()
    assert certificate.number in html
    assert reverse("certificates:download", kwargs={"pk": certificate.pk}) in html
    dashboard = client.get(reverse("courses:dashboard")).content.decode()
    assert "Sertifikat saya" in dashboard and certificate.number in dashboard
    other = _login(EmployeeFactory().user).get(reverse("certificates:mine")).content.decode()
    assert certificate.number not in other
