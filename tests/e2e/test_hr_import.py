"""HR journey in the admin: BKPSDM uploads an employee file with errors, reads the row-level
report, uploads a corrected file, confirms it, and finds the new people in the employee list."""

import pytest

from tests.admin.conftest import BKPSDM_PERMISSIONS, grant

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

BKPSDM = ("197805302003121004", "BKPSDM-Kompetensi-2026")
HEADER = "nip,name,gelar_belakang,gender,employee_type,golongan,opd_code,position_code,email\n"


def employee_csv(rows: list[str]) -> dict:
    return {
        "name": "pegawai-baru.csv",
        "mimeType": "text/csv",
        "buffer": (HEADER + "".join(f"{row}\n" for row in rows)).encode(),
    }


def test_bkpsdm_imports_employees_after_fixing_errors(live_server, page, screenshot, axe):
    from lms.core.seeding import seed_demo
    from lms.people.models import OPD, Employee
    from lms.users.roles import Role

    seed_demo()
    grant(Role.BKPSDM, BKPSDM_PERMISSIONS)
    opd = OPD.objects.filter(parent__isnull=True, valid_to__isnull=True).order_by("code").first()
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("NIP atau e-mail").fill(BKPSDM[0])
    page.get_by_label("Kata sandi").fill(BKPSDM[1])
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(live_server.url + "/admin/")

    page.goto(live_server.url + "/admin/impor/")
    page.get_by_label("Jenis data").select_option("employees")
    page.locator("input[type=file][name=file]").set_input_files(
        employee_csv(
            [
                f"1.98501E+17,Budi Santoso,S.Kom.,L,PNS,III/a,{opd.code},,",
                "199405122019032007,Sari Wulandari,,P,PNS,III/b,99.99.99,,",
                f'199506172020121003,"<script>alert(1)</script>",,L,PNS,II/c,{opd.code},,',
                f"199607222021011004,Rahmat Hidayat,,L,PNS,II/c,{opd.code},,",
            ],
        )
    )
    page.get_by_role("button", name="Unggah dan periksa").click()
    page.wait_for_load_state("networkidle")

    errors = page.get_by_test_id("import-errors")
    assert errors.is_visible()
    assert errors.get_by_text("notasi ilmiah").first.is_visible()
    assert "99.99.99" in errors.inner_text()
    assert page.get_by_text("<script>alert(1)</script>").first.is_visible()  # shown as text
    assert page.get_by_role("button", name="Konfirmasi impor").count() == 0
    page.set_viewport_size({"width": 1280, "height": 1300})  # the admin scrolls inside its frame
    screenshot("hr-import-preview-errors")
    page.set_viewport_size({"width": 1280, "height": 900})
    violations = axe()  # the whole page, Wagtail's chrome included: nothing excluded
    assert not violations, [
        (v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in violations
    ]

    page.get_by_role("link", name="Unggah berkas lain").click()
    page.get_by_label("Jenis data").select_option("employees")
    page.locator("input[type=file][name=file]").set_input_files(
        employee_csv(
            [
                f"198501012010011017,Budi Santoso,S.Kom.,L,PNS,III/a,{opd.code},,",
                f"199405122019032007,Sari Wulandari,S.E.,P,PNS,III/b,{opd.code},,",
            ],
        )
    )
    page.get_by_role("button", name="Unggah dan periksa").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("import-errors").count() == 0
    page.get_by_role("button", name="Konfirmasi impor").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Impor selesai").first.is_visible()
    assert Employee.objects.filter(nip="199405122019032007", opd=opd).exists()

    page.goto(live_server.url + f"/admin/pegawai/?opd={opd.pk}")
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("link", name="Sari Wulandari, S.E.").first.is_visible()
    page.set_viewport_size({"width": 1280, "height": 1500})
    screenshot("hr-employee-list")
