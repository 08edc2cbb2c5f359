"""JP compliance on the hand-computed regency (conftest.py): PNS ≥ 20 JP, PPPK against the 24 JP
cap, external records, people at 0 JP, the OPD of the year across the 2026 merge."""

from decimal import Decimal

from lms.reports.selectors import jp_rows, jp_summary, report_filters

D = Decimal


def summary(regency, year=2026, viewer="bkpsdm", **kwargs):
    result = jp_summary(report_filters(viewer=regency[viewer], year=year, **kwargs))
    return {row.opd.code: row for row in result.rows}, result


def test_jp_per_employee_by_hand(regency):
    people = regency["people"]
    rows = {row.nip: row for row in jp_rows(report_filters(viewer=regency["bkpsdm"], year=2026))}
    # (JP, klasikal, non-klasikal, LMS, external, status)
    assert {
        nip: (r.jp, r.jp_klasikal, r.jp_non_klasikal, r.jp_lms, r.jp_external, r.status)
        for nip, r in rows.items()
    } == {
        people["e1"].nip: (D("20.5"), D("12"), D("8.5"), D("8.5"), D("12"), "memenuhi"),
        people["e2"].nip: (D("30"), 0, D("30"), 0, D("30"), "melebihi_batas"),  # PPPK
        people["e3"].nip: (0, 0, 0, 0, 0, "belum_memenuhi"),  # 0 JP
        people["e4"].nip: (D("4"), 0, D("4"), D("4"), 0, "belum_memenuhi"),
        people["e5"].nip: (D("20"), 0, D("20"), 0, D("20"), "memenuhi"),  # external coaching
    }  # E6 is inactive and has no line: not in the population


def test_jp_summary_2026_by_hand(regency):
    rows, result = summary(regency)
    assert list(rows) == ["1.01", "2.01", "2.02", "2.03"]
    root = rows["1.01"]  # E1, E2 (PPPK, in the unit below), E3
    counts = (root.headcount, root.pns, root.pns_met, root.pppk, root.pppk_over_cap)
    assert counts == (3, 2, 1, 1, 1)
    assert (root.zero_jp, root.jp_total, root.pppk_jp_capped) == (1, D("50.5"), D("24"))
    assert (root.jp_klasikal, root.jp_non_klasikal, root.jp_lms, root.jp_external) == (
        D("12"),
        D("38.5"),
        D("8.5"),
        D("42"),
    )
    assert root.mean_jp == 50.5 / 3
    assert root.pns_met_share == 0.5
    assert root.pppk_cap_used_share == 1.0  # 30 JP, capped at 24, of a 24 JP cap
    new = rows["2.03"]  # E4 (4 JP) and E5 (20 JP external)
    assert (new.headcount, new.pns, new.pns_met, new.zero_jp, new.jp_total) == (2, 2, 1, 0, 24)
    assert (new.jp_lms, new.jp_external) == (D("4"), D("20"))
    assert rows["2.01"].headcount == 0 and not rows["2.01"].opd.valid_in_year
    total = result.total
    assert (total.headcount, total.pns_met, total.zero_jp, total.jp_total) == (5, 2, 1, D("74.5"))


def test_the_jp_distribution_by_hand(regency):
    """E3 0 JP, E4 4 JP, E1 20.5 and E5 20 (PNS); E2 30 JP (PPPK, over the cap)."""
    rows, result = summary(regency)
    assert result.total.distribution() == [
        ("0", 1, 0),
        ("0,1–4,9", 1, 0),
        ("5–9,9", 0, 0),
        ("10–14,9", 0, 0),
        ("15–19,9", 0, 0),
        ("20–24", 2, 0),
        ("> 24", 0, 1),
    ]
    root = [(label, pns, pppk) for label, pns, pppk in rows["1.01"].distribution() if pns or pppk]
    assert root == [("0", 1, 0), ("20–24", 1, 0), ("> 24", 0, 1)]  # E3, E1, E2


def test_a_snapshot_without_bands_has_no_distribution(regency):
    from lms.reports.selectors.jp import BAND_FIGURES, JPSummaryRow

    _rows, result = summary(regency)
    old = {k: v for k, v in result.total.figures().items() if k not in BAND_FIGURES}
    row = JPSummaryRow(opd=result.total.opd)
    row.add(old)
    assert row.headcount == 5 and row.distribution() is None


def test_jp_2025_counts_the_dinas_before_the_merge(regency):
    rows, _result = summary(regency, year=2025)
    old_a = rows["2.01"]  # E4's 2025 line was booked to 2.01
    assert (old_a.headcount, old_a.pns, old_a.pns_met, old_a.jp_total, old_a.jp_klasikal) == (
        1,
        1,
        0,
        D("16"),
        D("16"),
    )
    assert old_a.opd.valid_in_year
    assert (rows["2.03"].headcount, rows["2.03"].zero_jp) == (1, 1)  # E5: current OPD
    assert (rows["1.01"].headcount, rows["1.01"].zero_jp) == (3, 3)


def test_pppk_paruh_waktu_counts_against_the_cap(regency):
    from lms.people.models import EmployeeType

    e2 = regency["people"]["e2"]
    e2.employee_type = EmployeeType.PPPK_PW
    e2.save(update_fields=["employee_type"])
    rows, _result = summary(regency)
    assert (rows["1.01"].pppk, rows["1.01"].pppk_over_cap, rows["1.01"].pns) == (1, 1, 2)


def test_admin_opd_jp_scope_and_drill_down(regency):
    rows, _result = summary(regency, viewer="admin_new")
    assert list(rows) == ["2.03"]
    assert rows["2.03"].headcount == 2
    rows, _result = summary(regency, viewer="admin_root", opd=regency["opd"]["root"])
    assert {code: row.headcount for code, row in rows.items()} == {"1.01": 2, "1.01.1": 1}
    listed = {r.opd for r in jp_rows(report_filters(viewer=regency["admin_new"], year=2026))}
    assert listed == {"2.03"}
