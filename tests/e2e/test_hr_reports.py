"""HR journey through the competency reports (lms.reports.views) on the demo data: BKPSDM opens
"Laporan Kompetensi" from the menu, reads the heat map, drills into an OPD, its people and one
person (gaps with the evidence's trust, JP ledger), starts an export; an Admin OPD sees only
their OPD. Screenshots at phone and desktop sizes (tests/e2e/artifacts/)."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

BKPSDM = ("197805302003121004", "BKPSDM-Kompetensi-2026")
ADMIN_OPD = ("199002102015032001", "AdminOPD-Laporan-2026")
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def _login(page, live_server, account):
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("NIP atau e-mail").fill(account[0])
    page.get_by_label("Kata sandi").fill(account[1])
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(live_server.url + "/admin/")


def _tall(page, width: int) -> None:
    """The admin scrolls inside its own frame: a tall viewport shows the whole page."""
    height = page.evaluate("() => document.querySelector('main').scrollHeight")
    page.set_viewport_size({"width": width, "height": min(max(height + 200, 844), 4000)})


def test_bkpsdm_reads_the_heat_map_and_drills_down_to_a_person(live_server, page, screenshot, axe):
    from lms.core.seeding import seed_demo
    from lms.people.demo import DISDIKBUD

    seed_demo()
    _login(page, live_server, BKPSDM)
    page.get_by_role("link", name="Laporan Kompetensi").click()
    page.wait_for_url(live_server.url + "/admin/laporan/")
    table = page.locator("table.lms-heat-table").first
    assert table.is_visible()
    assert table.get_by_role("link", name=DISDIKBUD, exact=True).is_visible()
    assert page.locator("svg.lms-chart title").count() >= 3
    assert page.locator(".lms-report script").count() == 0  # no inline script (CSP)
    _tall(page, DESKTOP["width"])
    screenshot("hr-reports-heatmap-desktop")
    violations = axe()
    assert not violations, [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]

    # Phone: the table scrolls sideways inside its frame, the OPD column stays put.
    page.set_viewport_size(PHONE)
    scroll = page.locator(".lms-heat-scroll").first
    assert scroll.evaluate("el => el.scrollWidth > el.clientWidth")
    first_opd = page.locator("tbody th.lms-heat-opd").first
    left = first_opd.bounding_box()["x"]
    scroll.evaluate("el => { el.scrollLeft = 400; }")
    assert abs(first_opd.bounding_box()["x"] - left) < 1  # sticky
    scroll.evaluate("el => { el.scrollLeft = 0; }")
    # Nothing squeezed letter by letter: an OPD name cell is wider than a few characters.
    assert first_opd.bounding_box()["width"] > 100
    _tall(page, PHONE["width"])
    screenshot("hr-reports-heatmap-phone")

    # OPD → its people → one person → their evidence.
    page.set_viewport_size(DESKTOP)
    table.get_by_role("link", name=DISDIKBUD, exact=True).click()
    page.wait_for_load_state("networkidle")
    assert "/admin/laporan/opd/" in page.url
    screenshot("hr-reports-opd")
    page.get_by_role("link", name="Daftar pegawai OPD ini").click()
    page.wait_for_load_state("networkidle")
    people = page.locator("tbody th.lms-heat-opd a")
    assert people.count() > 0
    people.first.click()
    page.wait_for_load_state("networkidle")
    assert "/admin/laporan/pegawai/" in page.url
    assert page.get_by_role("heading", name="Kesenjangan kompetensi 2026").is_visible()
    assert page.get_by_text("Riwayat JP").first.is_visible()
    _tall(page, DESKTOP["width"])
    screenshot("hr-reports-person-desktop")
    page.set_viewport_size(PHONE)
    _tall(page, PHONE["width"])
    screenshot("hr-reports-person-phone")
    page.set_viewport_size(DESKTOP)
    page.get_by_role("link", name="Semua bukti kompetensi").click()
    page.wait_for_load_state("networkidle")
    assert "/bukti/" in page.url


def test_bkpsdm_starts_an_export_with_the_current_filters(live_server, page, screenshot):
    from django.urls import reverse

    from lms.core.seeding import seed_demo
    from lms.people.demo import DISDIKBUD
    from lms.people.models import OPD

    seed_demo()
    opd = OPD.objects.get(code=DISDIKBUD)
    _login(page, live_server, BKPSDM)
    page.goto(live_server.url + f"/admin/laporan/opd/{opd.pk}/?year=2026")
    button = page.get_by_role("button", name="Kesenjangan per pegawai (CSV)")
    form = button.locator("xpath=ancestor::form")
    assert form.get_attribute("action") == reverse("lms_report_exports:export")
    assert form.locator("input[name=opd]").get_attribute("value") == opd.code
    assert form.locator("input[name=year]").get_attribute("value") == "2026"
    assert form.locator("input[name=kind]").get_attribute("value") == "gap"
    assert form.locator("input[name=format]").get_attribute("value") == "csv"
    # One OPD of the demo (far below 2,000 people) is answered at once as an attachment;
    # a larger export becomes a prepared download with its progress page (lms.core.downloads,
    # tests/e2e/test_hr_certificate_zip.py drives that page).
    with page.expect_download(timeout=60000) as info:
        button.click()
    download = info.value
    assert download.suggested_filename.endswith(".csv"), download.suggested_filename
    with open(download.path(), encoding="utf-8-sig") as handle:
        text = handle.read()
    assert DISDIKBUD in text or opd.name in text

    # Every OPD: a prepared download; the progress page, then the file (only for its requester).
    page.goto(live_server.url + "/admin/laporan/?year=2026")
    page.get_by_role("button", name="Kesenjangan per pegawai (CSV)").click()
    page.wait_for_url("**/admin/unduhan/**")
    assert page.locator("progress").count() == 1
    link = page.get_by_role("link", name="Unduh berkas")
    link.wait_for(timeout=60000)
    screenshot("hr-reports-export-ready")
    with page.expect_download() as info:
        link.click()
    assert info.value.suggested_filename.endswith(".csv")
    with open(info.value.path(), encoding="utf-8-sig") as handle:
        assert sum(1 for _line in handle) > 100  # every OPD's people, not one OPD's


def test_an_admin_opd_sees_only_their_opd(live_server, page, screenshot):
    from lms.core.seeding import seed_demo
    from lms.people.demo import DISDIKBUD, DISKOMINFO
    from lms.people.models import OPD

    seed_demo()
    _login(page, live_server, ADMIN_OPD)
    page.get_by_role("link", name="Laporan Kompetensi").click()
    page.wait_for_url(live_server.url + "/admin/laporan/")
    rows = page.locator("tbody th.lms-heat-opd a")
    codes = {rows.nth(i).inner_text() for i in range(rows.count())}
    assert codes and all(code.startswith(DISDIKBUD) for code in codes), codes
    assert page.get_by_role("link", name=DISKOMINFO).count() == 0
    screenshot("hr-reports-admin-opd")
    other = OPD.objects.get(code=DISKOMINFO)
    response = page.goto(live_server.url + f"/admin/laporan/opd/{other.pk}/")
    assert response.status == 404
