"""The verification page on a phone: the state, masked NIP, and the in-browser hash check of
the issued PDF and of a tampered copy (issue 11)."""

from pathlib import Path

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_visitor_checks_the_issued_pdf_and_a_tampered_copy(live_server, page, screenshot, axe,
                                                             tmp_path):  # fmt: skip
    from certificates.models import Certificate
    from tests.certificates.helpers import completed_enrollment, default_template

    default_template(background=False)
    completed_enrollment(name="Siti Aminah", gelar_belakang="S.Kom.", nip="198703152010012003")
    certificate = Certificate.objects.get()  # issued by the task on course_completed
    issued = Path(certificate.pdf.path).read_bytes()

    page.goto(f"{live_server.url}/sertifikat/verifikasi/{certificate.code}/")
    assert page.get_by_role("heading", name="Verifikasi sertifikat").is_visible()
    assert page.get_by_text("Sah: sertifikat ini diterbitkan").is_visible()
    assert page.get_by_text("1987***********003").is_visible()
    assert "198703152010012003" not in page.content()
    assert not axe(), "accessibility violations on the verification page"

    good = tmp_path / "asli.pdf"
    good.write_bytes(issued)
    page.set_input_files("#pdf-file", str(good))
    page.wait_for_selector(".check-result.is-match")
    assert certificate.sha256 in page.locator("#pdf-result").inner_text()
    screenshot("certificate-verify-match")

    tampered = tmp_path / "diubah.pdf"
    middle = len(issued) // 2
    tampered.write_bytes(issued[:middle] + bytes([issued[middle] ^ 1]) + issued[middle + 1 :])
    page.set_input_files("#pdf-file", str(tampered))
    page.wait_for_selector(".check-result.is-mismatch")
    assert "Tidak cocok" in page.locator("#pdf-result").inner_text()
    screenshot("certificate-verify-mismatch")
