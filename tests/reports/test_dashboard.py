"""The HR dashboard in the admin (lms.reports.views; docs/security.md "HR reports"): every page
as each role, the scope (another OPD or person: 404, logged), hostile filters (a clear
Indonesian message, never a 500), figures as the selectors give them, export forms wired to the
export URL, and the heat map and person pages in a bounded number of queries."""

import logging

import pytest
from django.urls import reverse

from lms.users.roles import Role
from tests.reports.conftest import C1, C2, C3, user_in
from tests.reports.test_summary_queries import fresh, grow

YEAR = "year=2026"


def _get(client, user, url, **kwargs):
    if user is not None:
        client.force_login(user)
    return client.get(url, **kwargs)


def _urls(regency) -> dict[str, str]:
    opd, people = regency["opd"], regency["people"]
    return {
        "heatmap": reverse("laporan:heatmap"),
        "opd": reverse("laporan:opd", args=(opd["root"].pk,)),
        "unit": reverse("laporan:opd", args=(opd["unit"].pk,)),
        "people": reverse("laporan:people", args=(opd["root"].pk,)),
        "person": reverse("laporan:person", args=(people["e1"].pk,)),
        "evidence": reverse("laporan:evidence", args=(people["e1"].pk,)),
    }


# --- Who sees what --------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["heatmap", "opd", "unit", "people", "person", "evidence"])
def test_bkpsdm_and_the_admin_of_the_opd_open_every_page(client, regency, page):
    url = _urls(regency)[page] + "?" + YEAR
    for user in (regency["bkpsdm"], regency["admin_root"]):
        response = _get(client, user, url)
        assert response.status_code == 200, (user, response.status_code)
        assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("page", ["opd", "unit", "people", "person", "evidence"])
def test_another_opds_admin_gets_404_and_it_is_logged(client, regency, page, caplog):
    url = _urls(regency)[page] + "?" + YEAR
    with caplog.at_level(logging.WARNING, logger="lms.reports"):
        response = _get(client, regency["admin_new"], url)
    assert response.status_code == 404
    assert any("outside their scope" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("page", ["heatmap", "opd", "people", "person", "evidence"])
@pytest.mark.parametrize("role", [Role.PENGAJAR, Role.PESERTA])
def test_trainers_and_learners_are_refused(client, regency, page, role):
    response = _get(client, user_in(role), _urls(regency)[page])
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert not response["Location"].startswith("/admin/laporan/")


@pytest.mark.parametrize("page", ["heatmap", "opd", "people", "person", "evidence"])
def test_anonymous_goes_to_the_login_page(client, regency, page):
    url = _urls(regency)[page]
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_unknown_ids_are_404(client, regency):
    client.force_login(regency["bkpsdm"])
    for url in (
        "/admin/laporan/opd/999999/",
        "/admin/laporan/pegawai/999999/",
        "/admin/laporan/pegawai/999999/bukti/",
        "/admin/laporan/opd/99999999999/",  # beyond the integer column: still 404
        "/admin/laporan/pegawai/99999999999/",
    ):
        assert client.get(url).status_code == 404, url


def test_the_menu_item_is_shown_to_report_readers_only(client, regency):
    for user, shown in (
        (regency["bkpsdm"], True),
        (regency["admin_root"], True),
        (user_in(Role.PENGAJAR), False),
    ):
        response = _get(client, user, reverse("wagtailadmin_home"))
        assert (reverse("laporan:heatmap") in response.content.decode()) is shown, user


# --- What they see -----------------------------------------------------------------------------


def test_the_heat_map_shows_share_and_count_per_opd_and_competency(client, regency):
    """BKPSDM: every root OPD. 1.01 (E1, E2 in its unit): C1 required 4, E1 L4, E2 L5: 0/2;
    C2 required 2: E1 L1 below, E2 L2: 1/2; C3 required 2: E1 only self L3, E2 H5P L2 and HR L1:
    2/2. 2.03 (E4, E5): C1 1/2 (E5 none), C2 2/2, C3 2/2."""
    response = _get(client, regency["bkpsdm"], reverse("laporan:heatmap") + "?" + YEAR)
    html = response.content.decode()
    rows = {row.code: row for row in response.context["rows"]}
    assert set(rows) >= {"1.01", "2.03"}
    codes = [code for code, _name in response.context["competencies"]]
    assert codes == [C1, C2, C3]
    root = [(c.below, c.people, c.percent) for c in rows["1.01"].cells]
    assert root == [(0, 2, 0), (1, 2, 50), (2, 2, 100)]
    new = [(c.below, c.people, c.percent) for c in rows["2.03"].cells]
    assert new == [(1, 2, 50), (2, 2, 100), (2, 2, 100)]
    assert rows["1.01"].total.below == 3 and rows["1.01"].total.people == 6
    # Readable without colour: the figure, the count and the class in words.
    assert "50%" in html and "1/2" in html and "sangat tinggi" in html
    assert 'class="lms-heat lms-heat--4"' in html
    assert "<script" not in html.split('id="heatmap-title"')[1].split("</main>")[0]
    # Charts are inline SVG with a text alternative.
    assert html.count('<svg class="lms-chart" role="img"') >= 3
    assert "<desc id=" in html


def test_the_opd_page_has_its_own_staff_and_each_unit(client, regency):
    root, unit = regency["opd"]["root"], regency["opd"]["unit"]
    response = _get(client, regency["admin_root"], reverse("laporan:opd", args=(root.pk,)))
    rows = response.context["rows"]
    assert [(r.code, r.own_staff) for r in rows] == [("1.01", True), ("1.01.1", False)]
    assert rows[0].url.startswith(reverse("laporan:people", args=(root.pk,)))
    assert rows[1].url.startswith(reverse("laporan:opd", args=(unit.pk,)))
    assert [(c.below, c.people) for c in rows[1].cells] == [(0, 1), (0, 1), (1, 1)]


def test_an_admin_opd_sees_only_their_opd(client, regency):
    response = _get(client, regency["admin_root"], reverse("laporan:heatmap") + "?" + YEAR)
    assert [row.code for row in response.context["rows"]] == ["1.01"]
    html = response.content.decode()
    assert "2.03" not in html and "Dinas Baru" not in html
    # The OPD filter offers their OPDs only.
    choices = [str(c[1]) for c in response.context["form"].fields["opd"].choices]
    assert any("1.01" in c for c in choices) and not any("2.03" in c for c in choices)


def test_the_people_page_lists_jpm_and_jp(client, regency):
    response = _get(client, regency["bkpsdm"], _urls(regency)["people"] + "?" + YEAR)
    html = response.content.decode()
    people = {p["jp"].employee_id: p for p in response.context["page"].object_list}
    e1, e2, e3 = (regency["people"][k] for k in ("e1", "e2", "e3"))
    assert set(people) == {e1.pk, e2.pk, e3.pk}
    # E1: Σ required 8, Σ min(attained, required) 4 + 1 + 0 = 5: 62 %, kurang memenuhi.
    assert people[e1.pk]["jpm_percent"] == 62 and people[e1.pk]["jpm"].below == 2
    assert people[e3.pk]["jpm"] is None  # no requirement, no JPM
    assert "20,5" in html and "memenuhi 20 JP" in html
    assert reverse("laporan:person", args=(e1.pk,)) in html


def test_the_person_page_shows_gaps_with_trust_and_the_ledger(client, regency):
    response = _get(client, regency["admin_root"], _urls(regency)["person"] + "?" + YEAR)
    html = response.content.decode()
    lines = {line.code: line for line in response.context["lines"]}
    assert (lines[C1].required, lines[C1].attained, lines[C1].gap) == (4, 4, 0)
    assert (lines[C2].required, lines[C2].attained, lines[C2].gap) == (2, 1, 1)
    # C3: only a self-assessment at L3: reported, not counted, needs trusted evidence.
    assert (lines[C3].attained, lines[C3].reported, lines[C3].untrusted_only) == (0, 3, True)
    assert "perlu bukti tepercaya" in html and "tidak tepercaya" in html
    assert response.context["jpm"] == 62
    assert [line.title for line in response.context["ledger"]] == [
        "Bimtek Keamanan",
        "Kursus Daring SPBE",
    ]
    assert str(response.context["jp_total"]) == "20.5" and response.context["jp_met"]


def test_evidence_after_the_year_does_not_count(client, regency):
    """In 2025 none of E1's 2026 evidence exists yet: every requirement is a full gap."""
    response = _get(client, regency["bkpsdm"], _urls(regency)["person"] + "?year=2025")
    assert [line.attained for line in response.context["lines"]] == [0, 0, 0]
    assert response.context["ledger"] == []


def test_the_evidence_page_lists_every_piece_with_its_trust(client, regency):
    response = _get(client, regency["bkpsdm"], _urls(regency)["evidence"] + "?" + YEAR)
    entries = [(e["item"].competency.code, e["trusted"]) for e in response.context["evidence"]]
    assert entries == [(C1, True), (C2, True), (C3, False)]


def test_the_filters_narrow_the_heat_map(client, regency):
    client.force_login(regency["bkpsdm"])
    comp = regency["comp"][C2]
    response = client.get(reverse("laporan:heatmap"), {"year": 2026, "competency": comp.pk})
    assert [code for code, _ in response.context["competencies"]] == [C2]
    response = client.get(
        reverse("laporan:heatmap"), {"year": 2026, "jenis_jabatan": "fungsional_keahlian"}
    )
    assert response.status_code == 200 and response.context["competencies"] == []
    assert "Tidak ada pegawai dengan persyaratan kompetensi" in response.content.decode()
    root = regency["opd"]["root"]
    response = client.get(reverse("laporan:heatmap"), {"year": 2026, "opd": root.pk})
    assert [r.code for r in response.context["rows"]] == ["1.01", "1.01.1"]


def test_export_buttons_post_the_current_filters_to_the_export_url(client, regency):
    comp = regency["comp"][C1]
    url = _urls(regency)["opd"] + f"?year=2026&competency={comp.pk}&jenis_jabatan=pelaksana"
    html = _get(client, regency["bkpsdm"], url).content.decode()
    action = reverse("lms_report_exports:export")
    assert html.count(f'<form method="post" action="{action}">') == 9
    section = html.split('id="exports-title"')[1]
    for name, value in (
        ("opd", regency["opd"]["root"].code),
        ("year", 2026),
        ("competency", comp.code),
        ("jenis_jabatan", "pelaksana"),
        ("kind", "akpk"),
        ("kind", "siasn"),
        ("kind", "summary"),
        ("format", "pdf"),
    ):
        assert f'name="{name}" value="{value}"' in section, name
    assert "csrfmiddlewaretoken" in section


def _e1_reaches_c2(regency) -> None:
    """E1 gets trusted evidence for C2 at level 2 (2 July 2026)."""
    import datetime

    from lms.competencies.models import EvidenceSource
    from lms.competencies.services import evidence_record

    evidence_record(
        employee=regency["people"]["e1"],
        competency=regency["comp"][C2],
        level=2,
        source=EvidenceSource.HR,
        observed_on=datetime.date(2026, 7, 2),
    )


# --- Hostile filters ---------------------------------------------------------------------------


_HOSTILE_FILTERS = [
    ("year=abc", "Tahun harus berupa bilangan bulat"),
    ("year=1800", "Tahun harus antara 2000 dan 2100"),
    ("year=99999999999999999999", "Tahun harus antara 2000 dan 2100"),
    ("opd=999999", "OPD tidak dikenal atau di luar cakupan Anda"),
    ("opd=abc", "OPD tidak dikenal atau di luar cakupan Anda"),
    ("opd=99999999999999", "OPD tidak dikenal atau di luar cakupan Anda"),
    ("competency=999999", "Kompetensi tidak dikenal atau tidak aktif"),
    ("competency=-1", "Kompetensi tidak dikenal atau tidak aktif"),
    ("jenis_jabatan=raja", "Jenis jabatan tidak dikenal"),
    ("year=%00", "Tahun harus berupa bilangan bulat"),
]


def _hostile_cases():
    """Each page with the filters it has: below the heat map the OPD is in the path, not a
    filter, and the person page has no jenis jabatan filter."""
    for page in ("heatmap", "opd", "people", "person"):
        for query, message in _HOSTILE_FILTERS:
            if page != "heatmap" and query.startswith("opd="):
                continue
            if page == "person" and query.startswith("jenis_jabatan="):
                continue
            yield pytest.param(query, message, page, id=f"{page}-{query}")


@pytest.mark.parametrize(("query", "message", "page"), list(_hostile_cases()))
def test_hostile_filters_get_a_clear_message(client, regency, query, message, page):
    response = _get(client, regency["bkpsdm"], _urls(regency)[page] + "?" + query)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "Perbaiki saringan di atas" in html
    assert "lms-heat-table" not in html or page == "person"


def test_another_opds_id_as_a_filter_is_refused_and_logged(client, regency, caplog):
    other = regency["opd"]["new"]
    with caplog.at_level(logging.WARNING, logger="lms.reports"):
        response = _get(
            client, regency["admin_root"], reverse("laporan:heatmap") + f"?opd={other.pk}"
        )
    assert response.status_code == 400
    html = response.content.decode()
    assert "OPD tidak dikenal atau di luar cakupan Anda" in html
    assert "Dinas Baru" not in html
    assert any("outside their scope" in r.getMessage() for r in caplog.records)


# --- Query counts ------------------------------------------------------------------------------


@pytest.mark.parametrize("extra_people", [0, 120])
@pytest.mark.parametrize("viewer", ["bkpsdm", "admin_root"])
def test_the_heat_map_page_needs_a_bounded_number_of_queries(
    client, regency, extra_people, viewer, django_assert_max_num_queries
):
    grow(regency, extra_people)
    user = fresh(regency[viewer])
    client.force_login(user)
    url = reverse("laporan:heatmap") + "?" + YEAR
    with django_assert_max_num_queries(30):
        assert client.get(url).status_code == 200
    root = regency["opd"]["root"]
    with django_assert_max_num_queries(32):
        assert client.get(reverse("laporan:opd", args=(root.pk,)) + "?" + YEAR).status_code == 200


@pytest.mark.parametrize("extra_people", [0, 120])
def test_the_person_page_needs_a_bounded_number_of_queries(
    client, regency, extra_people, django_assert_max_num_queries
):
    grow(regency, extra_people)
    client.force_login(fresh(regency["bkpsdm"]))
    with django_assert_max_num_queries(22):
        assert client.get(_urls(regency)["person"] + "?" + YEAR).status_code == 200


def test_the_heat_map_compares_with_the_previous_monthly_snapshot(client, regency, monkeypatch):
    """A snapshot of June, then E1 gets trusted evidence for C2 (L2): in July 1.01's C2 cell
    goes from 1/2 to 0/2 below (−50 points) and the trend chart appears."""
    import datetime

    from lms.reports.selectors import snapshots
    from lms.reports.services import report_snapshot_take

    monkeypatch.setattr(snapshots, "_current_month", lambda: datetime.date(2026, 7, 1))
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: datetime.date(2026, 7, 15))
    report_snapshot_take(month=datetime.date(2026, 6, 1))
    _e1_reaches_c2(regency)
    response = _get(client, regency["bkpsdm"], reverse("laporan:heatmap") + "?" + YEAR)
    html = response.content.decode()
    root = next(row for row in response.context["rows"] if row.code == "1.01")
    assert [(c.below, c.change) for c in root.cells] == [(0, 0), (0, -50), (2, 0)]
    assert "▼ -50" in html and "poin sejak potret terakhir" in html
    assert html.count('<svg class="lms-chart" role="img"') == 5
    assert "Sebaran JP pegawai" in html  # the histogram
    assert "sekarang dan 06/2026" in html


# --- The figures kept a few minutes ------------------------------------------------------------


def _c2_below(response) -> int:
    root = next(row for row in response.context["rows"] if row.code == "1.01")
    return root.cells[1].below


def test_the_figures_are_kept_until_asked_again_and_say_when(client, regency):
    """E1 gets trusted evidence for C2 after the page was computed: the page keeps the figures
    it computed (and says when), "Hitung ulang sekarang" computes them again."""

    url = reverse("laporan:heatmap") + "?" + YEAR
    first = _get(client, regency["bkpsdm"], url)
    assert _c2_below(first) == 1
    html = first.content.decode()
    assert "Dihitung pukul" in html and "paling lambat 5 menit" in html
    assert 'href="/admin/laporan/?year=2026&amp;refresh=1"' in html
    _e1_reaches_c2(regency)
    assert _c2_below(_get(client, regency["bkpsdm"], url)) == 1  # kept
    assert _c2_below(_get(client, regency["bkpsdm"], url + "&refresh=1")) == 0
    assert _c2_below(_get(client, regency["bkpsdm"], url)) == 0  # the new figures are kept


def test_kept_figures_are_never_shown_outside_the_scope_they_were_computed_for(client, regency):
    url = reverse("laporan:heatmap") + "?" + YEAR
    everyone = _get(client, regency["bkpsdm"], url)
    assert {row.code for row in everyone.context["rows"]} == {"1.01", "2.01", "2.02", "2.03"}
    own = _get(client, regency["admin_root"], url)
    assert {row.code for row in own.context["rows"]} == {"1.01"}
    other = _get(client, regency["admin_new"], url)
    assert "1.01" not in {row.code for row in other.context["rows"]}


def test_a_second_view_reads_the_kept_figures_without_the_report_statements(client, regency):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("laporan:heatmap") + "?" + YEAR
    _get(client, regency["bkpsdm"], url)
    with CaptureQueriesContext(connection) as queries:
        _get(client, regency["bkpsdm"], url)
    assert not [q for q in queries.captured_queries if "WITH pop" in q["sql"]]


def test_with_the_cache_off_every_view_is_live(client, regency, settings):
    settings.LMS_REPORT_CACHE_SECONDS = 0
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("laporan:heatmap") + "?" + YEAR
    _get(client, regency["bkpsdm"], url)
    with CaptureQueriesContext(connection) as queries:
        _get(client, regency["bkpsdm"], url)
    assert len([q for q in queries.captured_queries if "WITH pop" in q["sql"]]) == 2
    assert "Dihitung pukul" not in _get(client, regency["bkpsdm"], url).content.decode()
