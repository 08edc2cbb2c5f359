"""The first week of a regency (issue 13): BKPSDM imports two new employees, invites them from
"Aktivasi akun" (an e-mail for the one with an address, a printed letter for the other); each
sets a password from their link on a phone and logs in; later one forgets the password and
sets a new one from "Lupa kata sandi?"."""

import re
import subprocess

import pytest
from django.core import mail

from tests.admin.conftest import BKPSDM_PERMISSIONS, grant
from tests.e2e.conftest import save_screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

BKPSDM = ("197805302003121004", "BKPSDM-Kompetensi-2026")
HEADER = "nip,name,gelar_belakang,gender,employee_type,golongan,opd_code,position_code,email\n"
ANI = ("199405122019032007", "Ani Wulandari", "ani.wulandari@contoh.go.id")
BUDI = ("198501012010011017", "Budi Santoso", "")
LINK = re.compile(r"https?://[^/\s]+(/akun/(?:aktivasi|sandi-baru)/[^/\s]+/[^/\s]+/)")


def _set_password(page, base: str, path: str, password: str, shot: str) -> None:
    page.goto(base + path)
    page.wait_for_load_state("networkidle")
    page.get_by_role("textbox", name="Kata sandi baru", exact=True).fill(password)
    page.get_by_label("Ulangi kata sandi baru").fill(password)
    save_screenshot(page, shot)
    page.get_by_role("button", name=re.compile("Simpan")).click()
    page.wait_for_url(f"{base}/akun/masuk/")


def _log_in(page, base: str, nip: str, password: str) -> None:
    page.goto(f"{base}/akun/masuk/")
    page.get_by_label("NIP atau e-mail").fill(nip)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{base}/belajar/dasbor/")


def test_imported_employees_are_invited_activate_and_log_in(live_server, browser, tmp_path):
    from lms.core.seeding import seed_demo
    from lms.people.models import OPD, Employee
    from lms.users.roles import Role

    seed_demo()
    grant(Role.BKPSDM, BKPSDM_PERMISSIONS)
    opd = OPD.objects.filter(parent__isnull=True, valid_to__isnull=True).order_by("code").first()
    base = live_server.url

    hr = browser.new_context(locale="id-ID", viewport={"width": 1280, "height": 900})
    page = hr.new_page()
    page.goto(base + "/admin/login/")
    page.get_by_label("NIP atau e-mail").fill(BKPSDM[0])
    page.get_by_label("Kata sandi").fill(BKPSDM[1])
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(base + "/admin/")

    rows = "".join(
        f"{nip},{name},,{'P' if nip[14] == '2' else 'L'},PNS,III/a,{opd.code},,{email}\n"
        for nip, name, email in (ANI, BUDI)
    )
    page.goto(base + "/admin/impor/")
    page.get_by_label("Jenis data").select_option("employees")
    page.locator("input[type=file][name=file]").set_input_files(
        {"name": "pegawai-baru.csv", "mimeType": "text/csv", "buffer": (HEADER + rows).encode()}
    )
    page.get_by_role("button", name="Unggah dan periksa").click()
    page.get_by_role("button", name="Konfirmasi impor").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Impor selesai").first.is_visible()

    # The done page offers the invitations; the activation page opens with "never invited".
    page.get_by_role("link", name="Undang pegawai baru mengaktifkan akunnya").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_label("Hanya yang belum pernah diundang").is_checked()
    page.get_by_label("OPD", exact=True).select_option(str(opd.pk))
    page.set_viewport_size({"width": 1280, "height": 1400})
    save_screenshot(page, "activation-admin")
    page.get_by_role("button", name="Kirim e-mail aktivasi").click()
    page.wait_for_load_state("networkidle")
    # Ani and the demo's never-invited employees of that OPD.
    assert page.get_by_text(re.compile(r"\d+ e-mail aktivasi sedang dikirim")).is_visible()
    assert page.get_by_text("1 pegawai tidak punya alamat e-mail").is_visible()
    [message] = [m for m in mail.outbox if ANI[2] in m.to]
    ani_link = LINK.search(message.body).group(1)

    # Letters for the rest (the one without an address): a prepared PDF, downloaded.
    page.get_by_label("OPD", exact=True).select_option(str(opd.pk))
    page.get_by_label("Hanya yang belum pernah diundang").check()
    page.get_by_role("button", name="Siapkan surat aktivasi (PDF)").click()
    page.wait_for_load_state("networkidle")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Unduh berkas").click()
    pdf = tmp_path / "surat.pdf"
    download_info.value.save_as(pdf)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert BUDI[0] in text and ANI[0] not in text  # Ani was invited by e-mail already
    budi_link = LINK.search(text.replace("\n", "")).group(1)
    hr.close()

    # Each sets a password on a phone and logs in with their NIP.
    phone = browser.new_context(locale="id-ID", viewport={"width": 390, "height": 844})
    learner = phone.new_page()
    _set_password(learner, base, ani_link, "Sandi-Pertama-Ani-2026", "activation-set-password")
    assert learner.get_by_text("Akun aktif").is_visible()
    _log_in(learner, base, ANI[0], "Sandi-Pertama-Ani-2026")
    save_screenshot(learner, "activation-first-login")
    learner.goto(base + ani_link)  # the link works once
    assert learner.get_by_text("tidak berlaku lagi").first.is_visible()
    phone.close()

    phone = browser.new_context(locale="id-ID", viewport={"width": 390, "height": 844})
    learner = phone.new_page()
    _set_password(learner, base, budi_link, "Sandi-Pertama-Budi-2026", "activation-letter-link")
    _log_in(learner, base, BUDI[0], "Sandi-Pertama-Budi-2026")
    phone.close()

    # Later Ani forgets her password.
    phone = browser.new_context(locale="id-ID", viewport={"width": 390, "height": 844})
    learner = phone.new_page()
    learner.goto(f"{base}/akun/masuk/")
    learner.get_by_role("link", name="Lupa kata sandi?").click()
    learner.get_by_label("Alamat e-mail").fill(ANI[2].upper())
    learner.get_by_role("button", name=re.compile("Kirim")).click()
    learner.wait_for_load_state("networkidle")
    save_screenshot(learner, "password-reset-sent")
    [reset] = [m for m in mail.outbox if ANI[2] in m.to and "sandi-baru" in m.body]
    _set_password(learner, base, LINK.search(reset.body).group(1), "Sandi-Baru-Ani-2026",
                  "password-reset-new")  # fmt: skip
    _log_in(learner, base, ANI[0], "Sandi-Baru-Ani-2026")
    phone.close()
    assert Employee.objects.get(nip=ANI[0]).user.check_password("Sandi-Baru-Ani-2026")
