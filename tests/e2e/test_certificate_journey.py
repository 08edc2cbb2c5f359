"""The learner's certificate journey (issue 11): she passes the post-test of a course in the
browser, the certificate is issued (the task runs on course_completed), the dashboard shows it
with the notification on a phone and on a desktop, she downloads the PDF (its text holds her
name and the number), opens the URL of its QR code and reads "Sah", then marks the
notification read."""

import re
import subprocess
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

from tests.e2e.conftest import ARTIFACTS, save_screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
NIP, PASSWORD = "198703152010012003", "Peserta-Belajar-2026"
ATTEMPT_URL = re.compile(r"/kuis/percobaan/\d+/$")
QUIZ_TITLE = "Tes akhir Dasar-dasar SPBE"


def make_learner():
    from lms.people.models import OPD, Employee, EmployeeType, OPDType
    from lms.people.services import employee_save

    opd = OPD.objects.create(
        code="2.16.01", name="Dinas Komunikasi dan Informatika", type=OPDType.DINAS
    )
    user = employee_save(
        employee=Employee(
            nip=NIP, name="Siti Rahmawati", gelar_belakang="S.Kom.", gender="P",
            employee_type=EmployeeType.PNS, opd=opd,
        )
    ).user  # fmt: skip
    user.set_password(PASSWORD)
    user.is_active = True
    user.save()
    return user


def pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                         capture_output=True, text=True).stdout  # fmt: skip
    return " ".join(out.split())


def qr_url(path: Path, tmp_path: Path) -> str:
    import zxingcpp
    from PIL import Image

    subprocess.run(["pdftoppm", "-png", "-r", "200", str(path), str(tmp_path / "p")], check=True)
    (result,) = zxingcpp.read_barcodes(Image.open(tmp_path / "p-1.png"))
    return result.text


def test_the_learner_passes_sees_downloads_and_verifies_her_certificate(
    live_server, page, axe, tmp_path
):
    from assessments.models import Attempt
    from certificates.models import Certificate
    from lms.core.models import Notification
    from tests.certificates.helpers import default_template
    from tests.factories.assessments import correct_answers, make_quiz
    from tests.factories.courses import place_quiz

    default_template()
    learner = make_learner()
    quiz = make_quiz(banks=(("SP.01", 2, 5, 5),), title=QUIZ_TITLE, shuffle_questions=False)
    lesson = place_quiz(quiz, learners=[learner])
    base = live_server.url
    page.goto(f"{base}/akun/masuk/?next={quote(lesson.url)}")
    page.get_by_label("NIP atau e-mail").fill(NIP)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{base}{lesson.url}")

    # The post-test, from its lesson, every answer right.
    page.get_by_role("link", name="Buka kuis").click()
    page.get_by_role("button", name="Mulai mengerjakan").click()
    page.wait_for_url(ATTEMPT_URL)
    attempt = Attempt.objects.get(user=learner, quiz=quiz)
    for position, choice in correct_answers(attempt).items():
        page.locator(f'fieldset[data-position="{position}"] input[value="{choice}"]').check()
    page.get_by_role("button", name="Kumpulkan jawaban").click()
    page.wait_for_url(f"{base}/kuis/percobaan/{attempt.pk}/hasil/")
    assert page.get_by_text("100%").first.is_visible()

    # Issued on course_completed (the task, eager here, after the commit), with its file.
    certificate = Certificate.objects.get(user=learner)
    assert certificate.sha256 and certificate.state == "valid"
    notification = Notification.objects.get(user=learner)

    # The dashboard: the notification with its count, and the certificate.
    page.get_by_role("link", name="Dasbor").click()
    page.wait_for_url(f"{base}/belajar/dasbor/")
    panel = page.locator("section.notifications")
    assert panel.get_by_text(
        f"Sertifikat Anda sudah terbit: {certificate.course_title}"
    ).is_visible()
    assert panel.locator(".badge").inner_text() == "1"
    assert certificate.number in panel.inner_text()
    certificates = page.locator("section[aria-labelledby='certificates-title']")
    assert certificates.get_by_role("heading", name=certificate.course_title).is_visible()
    assert certificate.number in certificates.inner_text()
    save_screenshot(page, "certificate-dashboard-phone")
    violations = axe()
    assert not violations, [(v["id"], v["help"], v["nodes"][:2]) for v in violations]
    page.set_viewport_size({"width": 1280, "height": 900})
    save_screenshot(page, "certificate-dashboard-desktop")
    page.set_viewport_size({"width": 390, "height": 844})

    # The PDF: a PDF whose text holds her name and the number.
    with page.expect_download() as download_info:
        certificates.get_by_role("link", name="Unduh PDF").click()
    download = download_info.value
    pdf = tmp_path / download.suggested_filename
    download.save_as(pdf)
    assert pdf.read_bytes()[:5] == b"%PDF-"
    text = pdf_text(pdf)
    assert "Siti Rahmawati, S.Kom." in text and certificate.number in text
    assert download.suggested_filename == (
        "sertifikat-" + certificate.number.replace("/", "-") + ".pdf"
    )

    # The QR code's URL is the verification page: it reads "Sah".
    url = qr_url(pdf, tmp_path)
    assert urlsplit(url).path == f"/sertifikat/verifikasi/{certificate.code}/"
    page.goto(base + urlsplit(url).path)
    assert page.get_by_text("Sah: sertifikat ini diterbitkan").is_visible()
    assert page.get_by_text("1987***********003").is_visible()
    save_screenshot(page, "certificate-journey-verify")

    # Read: the notification leaves the dashboard, the list keeps it.
    page.goto(f"{base}/belajar/dasbor/")
    page.get_by_role("button", name="Tandai sudah dibaca").click()
    page.wait_for_url(f"{base}/belajar/dasbor/")
    assert page.get_by_text("Tidak ada pemberitahuan baru.").is_visible()
    notification.refresh_from_db()
    assert notification.read_at is not None
    page.get_by_role("link", name="Semua pemberitahuan").click()
    assert page.get_by_text(notification.title).is_visible()


def test_the_demo_learner_sees_her_certificate_and_its_notification(live_server, browser):
    """seed_demo's learner (she completed SPBE-101 in the demo) on a desktop: the top of the
    dashboard, the screenshot in docs/img/dasbor-sertifikat.png."""
    from certificates.models import Certificate
    from lms.core.seeding import seed_demo

    seed_demo()
    certificate = Certificate.objects.get(holder_nip=NIP)
    context = browser.new_context(locale="id-ID", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/akun/masuk/")
        page.get_by_label("NIP atau e-mail").fill(NIP)
        page.get_by_label("Kata sandi").fill(PASSWORD)
        page.get_by_role("button", name="Masuk").click()
        page.wait_for_url(f"{live_server.url}/belajar/dasbor/")
        panel = page.locator("section.notifications")
        assert panel.get_by_text("Sertifikat Anda sudah terbit: Dasar-dasar SPBE").is_visible()
        assert panel.locator(".badge").inner_text() == "1"
        assert page.get_by_text(certificate.number).first.is_visible()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "certificate-demo-dashboard-desktop.png"))
    finally:
        context.close()
