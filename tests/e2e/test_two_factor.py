"""Two-factor login in Chromium on a phone-sized screen (issue 15): BKPSDM logs in with the
password in the admin, is asked for the code, a missing and a wrong code are refused, the code
of the account's authenticator (computed here from the device's key, as a phone would) opens
the admin. A new Pengajar enrols by typing the secret shown, gets ten recovery codes and goes
on. Screenshots of the enrolment, verification and recovery pages go to /tmp; no page of the
flow trips the Content-Security-Policy."""

import base64
import re
import shutil
import tempfile
import time
from pathlib import Path

import pytest
from django_otp.oath import TOTP

from tests.e2e.conftest import save_screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

BKPSDM = ("197805302003121004", "BKPSDM-Kompetensi-2026")


@pytest.fixture(autouse=True)
def enforced(settings):
    settings.LMS_OTP_REQUIRED = True


def current_code(key_hex: str, steps: int = 0) -> str:
    totp = TOTP(bytes.fromhex(key_hex))
    totp.time = time.time() + steps * 30
    return f"{totp.token():06d}"


def csp_errors(page) -> list[str]:
    found: list[str] = []
    page.on(
        "console",
        lambda message: (
            found.append(message.text)
            if "Content Security Policy" in message.text
            or "Content-Security-Policy" in message.text
            else None
        ),
    )
    return found


def shot(page, name: str) -> None:
    """Under tests/e2e/artifacts/ like the others, and a copy in the temporary folder."""
    path = save_screenshot(page, name)
    shutil.copy(path, Path(tempfile.gettempdir()) / path.name)


def test_bkpsdm_needs_the_code_to_reach_the_admin(live_server, page):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from lms.core.audit.actions import AuditAction
    from lms.core.models import AuditEntry
    from lms.core.seeding import seed_demo
    from lms.users.demo import DEMO_TOTP_KEY
    from lms.users.models import User

    seed_demo()
    user = User.objects.get(username=BKPSDM[0])
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    assert device.key == DEMO_TOTP_KEY  # the published demo key (README)
    violations = csp_errors(page)
    base = live_server.url

    page.goto(base + "/admin/login/")
    page.get_by_label("NIP atau e-mail").fill(BKPSDM[0])
    page.get_by_label("Kata sandi").fill(BKPSDM[1])
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(re.compile(r"/akun/dua-langkah/verifikasi/\?next=%2Fadmin%2F$"))
    assert page.get_by_role("heading", name="Verifikasi dua langkah").is_visible()
    shot(page, "twofactor-verify-phone")

    # The admin stays shut while the code is missing.
    page.goto(base + "/admin/pegawai/")
    page.wait_for_url(re.compile(r"/akun/dua-langkah/verifikasi/"))

    code = page.get_by_label("Kode verifikasi")
    page.get_by_role("button", name="Verifikasi").click()
    assert page.get_by_text("Isi kode dari aplikasi autentikator Anda.").is_visible()
    right = current_code(device.key)
    code.fill("000000" if right != "000000" else "111111")
    page.get_by_role("button", name="Verifikasi").click()
    assert page.get_by_text("Kode salah atau sudah dipakai").is_visible()
    assert "/akun/dua-langkah/verifikasi/" in page.url
    shot(page, "twofactor-verify-wrong-phone")
    assert AuditEntry.objects.filter(action=AuditAction.OTP_FAILED, actor_id=user.pk).count() == 1

    time.sleep(1.2)  # django-otp's throttling: 1 s after the first wrong code
    page.get_by_label("Kode verifikasi").fill(current_code(device.key))
    page.get_by_role("button", name="Verifikasi").click()
    page.wait_for_url(base + "/admin/pegawai/")
    page.goto(base + "/admin/")
    assert page.url == base + "/admin/"

    # The demo Pengajar lost their phone: BKPSDM resets from the employee page.
    from lms.people.models import Employee

    trainer = Employee.objects.get(nip="198106212006041002")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{base}/admin/pegawai/inspect/{trainer.pk}/")
    page.get_by_role("link", name="Reset verifikasi dua langkah…").click()
    page.wait_for_url(re.compile(rf"/admin/dua-langkah/{trainer.user_id}/reset/"))
    shot(page, "twofactor-admin-reset")
    page.get_by_role("button", name="Ya, reset verifikasi dua langkah").click()
    page.wait_for_url(f"{base}/admin/pegawai/inspect/{trainer.pk}/")
    assert page.get_by_text("direset").first.is_visible()
    assert not TOTPDevice.objects.filter(user_id=trainer.user_id).exists()
    assert AuditEntry.objects.filter(action=AuditAction.OTP_RESET).count() == 1
    assert not violations, violations


def test_a_new_trainer_enrols_with_the_secret_and_keeps_recovery_codes(live_server, page):
    from django.contrib.auth.models import Group

    from lms.users.models import User
    from lms.users.roles import Role

    user = User.objects.create_user(
        username="198106212006041002",
        nip="198106212006041002",
        password="Pengajar-Baru-2026",
        first_name="Rina",
        last_name="Pengajar",
    )
    user.groups.add(Group.objects.get(name=Role.PENGAJAR))
    violations = csp_errors(page)
    base = live_server.url

    page.goto(base + "/akun/masuk/")
    page.get_by_label("NIP atau e-mail").fill("198106212006041002")
    page.get_by_label("Kata sandi").fill("Pengajar-Baru-2026")
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(re.compile(r"/akun/dua-langkah/\?next="))
    assert page.locator("svg.qr-code").is_visible()
    box = page.locator("svg.qr-code").bounding_box()
    assert 150 <= box["width"] <= 390 and abs(box["width"] - box["height"]) < 2
    shot(page, "twofactor-enrol-phone")

    page.get_by_text("Tidak bisa memindai? Ketik kunci ini").click()
    secret = page.get_by_test_id("totp-secret").inner_text().replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8)).hex()
    shot(page, "twofactor-enrol-secret-phone")
    page.get_by_label("Kode verifikasi").fill("123")
    page.get_by_role("button", name="Aktifkan").click()
    assert page.get_by_text("Kode tidak cocok").is_visible()
    page.get_by_label("Kode verifikasi").fill(current_code(key))
    page.get_by_role("button", name="Aktifkan").click()
    page.wait_for_url(re.compile(r"/akun/dua-langkah/kode-pemulihan/"))
    codes = page.get_by_test_id("recovery-codes").locator("code").all_inner_texts()
    assert len(codes) == 10 and all(
        re.fullmatch(r"[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}", c) for c in codes
    )
    assert page.get_by_role("button", name="Cetak").is_visible()  # the static script showed it
    shot(page, "twofactor-recovery-phone")
    with page.expect_download() as download:
        page.get_by_role("link", name="Unduh (.txt)").click()
    assert codes[0] in Path(download.value.path()).read_text(encoding="utf-8")
    page.get_by_role("button", name="Saya sudah menyimpan kode ini").click()
    page.wait_for_url(base + "/belajar/dasbor/")
    assert not violations, violations
