"""Gap, JPM and the OPD × competency summary on the hand-computed regency (conftest.py)."""

import pytest
from django.utils import timezone

from lms.competencies.selectors import employee_competency_profile
from lms.people.models import Employee
from lms.reports.selectors import (
    ReportFilterError,
    gap_rows,
    gap_summary,
    jpm_category,
    jpm_rows,
    report_filters,
)

from .conftest import C1, C2, C3


def filters(regency, year=2026, viewer="bkpsdm", **kwargs):
    return report_filters(viewer=regency[viewer], year=year, **kwargs)


# --- bad input first ------------------------------------------------------------------------


@pytest.mark.parametrize("year", [1999, 0, -1, 10**9, "2026", 2026.0, True, None])
def test_a_year_that_is_not_a_plausible_integer_is_refused_in_indonesian(regency, year):
    with pytest.raises(ReportFilterError) as error:
        report_filters(viewer=regency["bkpsdm"], year=year)
    assert error.value.field == "year"
    assert "Tahun" in error.value.message


def test_the_years_2000_to_2100_are_allowed(regency):
    for year in (2000, 2100):
        assert report_filters(viewer=regency["bkpsdm"], year=year).year == year
    with pytest.raises(ReportFilterError, match="antara 2000 dan 2100"):
        report_filters(viewer=regency["bkpsdm"], year=2101)


def test_an_unknown_jenis_jabatan_is_refused(regency):
    with pytest.raises(ReportFilterError, match="Jenis jabatan"):
        report_filters(viewer=regency["bkpsdm"], year=2026, jenis_jabatan="menteri")


def test_a_stranger_sees_nothing(regency):
    from tests.factories.users import UserFactory

    summary = gap_summary(report_filters(viewer=UserFactory(), year=2026))
    assert summary.rows == [] and summary.competencies == []
    assert list(gap_rows(report_filters(viewer=UserFactory(), year=2026))) == []


# --- gap per employee × competency ----------------------------------------------------------


def rows_by(regency, **kwargs):
    return {(row.nip, row.competency): row for row in gap_rows(filters(regency, **kwargs))}


def test_gap_rows_by_hand(regency):
    people = regency["people"]
    rows = rows_by(regency)
    e1, e2, e4, e5 = (people[k].nip for k in ("e1", "e2", "e4", "e5"))
    # (required, attained, gap) written by hand from the fixture.
    expected = {
        (e1, C1): (4, 4, 0),  # the override 4 beats the default 3
        (e1, C2): (2, 1, 1),
        (e1, C3): (2, 0, 2),  # self-assessment L3 does not count
        (e2, C1): (4, 5, 0),
        (e2, C2): (2, 2, 0),
        (e2, C3): (2, 1, 1),  # H5P L2 does not count, the HR L1 does
        (e4, C1): (4, 4, 0),
        (e4, C2): (2, 0, 2),
        (e4, C3): (2, 0, 2),
        (e5, C1): (4, 0, 4),
        (e5, C2): (2, 0, 2),
        (e5, C3): (2, 0, 2),
    }
    assert {key: (r.required, r.attained, r.gap) for key, r in rows.items()} == expected
    # E3 (no position) and P2 (no requirement) have no rows; E6 is inactive.


def test_untrusted_evidence_is_visible_but_never_closes_a_gap(regency):
    people = regency["people"]
    rows = rows_by(regency)
    self_assessed = rows[(people["e1"].nip, C3)]
    assert (self_assessed.reported, self_assessed.reported_source) == (3, "self")
    assert self_assessed.attained == 0 and self_assessed.attained_source is None
    assert self_assessed.below and self_assessed.untrusted_only
    h5p = rows[(people["e2"].nip, C3)]
    assert (h5p.attained, h5p.attained_source, h5p.reported, h5p.reported_source) == (
        1,
        "hr",
        2,
        "h5p",
    )
    assert h5p.below and h5p.untrusted_only
    quiz = rows[(people["e1"].nip, C1)]
    assert (quiz.attained_source, str(quiz.attained_on)) == ("quiz", "2026-03-01")
    assert not quiz.untrusted_only


def test_evidence_after_the_year_does_not_count_for_that_year(regency):
    e4 = regency["people"]["e4"]
    assert rows_by(regency, year=2026)[(e4.nip, C1)].attained == 4
    row_2025 = rows_by(regency, year=2025)[(e4.nip, C1)]
    assert (row_2025.attained, row_2025.gap, row_2025.opd) == (0, 4, "2.01")  # before the merge


def test_gap_rows_agree_with_the_competency_profile_rule(regency):
    """The SQL of the report and ``lms.competencies``' own rule give the same levels."""
    year = timezone.localdate().year
    rows = rows_by(regency, year=year)
    for employee in Employee.objects.filter(is_active=True):
        for profile in employee_competency_profile(employee):
            key = (employee.nip, profile.code)
            if profile.required == 0:
                assert key not in rows
            else:
                row = rows[key]
                assert (row.required, row.attained, row.reported) == (
                    profile.required,
                    profile.attained,
                    profile.reported,
                ), key


def test_filters_jenis_jabatan_and_competency(regency):
    assert rows_by(regency, jenis_jabatan="fungsional_keahlian") == {}
    only_c2 = rows_by(regency, competency=regency["comp"][C2])
    assert {code for _nip, code in only_c2} == {C2} and len(only_c2) == 4


# --- JPM ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("percent", "category"),
    [
        (None, None),
        (100, "memenuhi"),
        (80, "memenuhi"),
        (79.99, "masih_memenuhi"),
        (68, "masih_memenuhi"),
        (67.9, "kurang_memenuhi"),
        (0, "kurang_memenuhi"),
    ],
)
def test_jpm_categories_default(percent, category):
    assert jpm_category(percent) == category


def test_jpm_categories_come_from_settings(settings):
    settings.LMS_REPORT_JPM_THRESHOLDS = {"memenuhi": 90, "masih_memenuhi": 50}
    assert jpm_category(85) == "masih_memenuhi"
    assert jpm_category(49) == "kurang_memenuhi"


def test_jpm_per_employee_by_hand(regency):
    people = regency["people"]
    rows = {row.nip: row for row in jpm_rows(filters(regency))}
    # E1: (min(4,4) + min(1,2) + min(0,2)) / (4+2+2) = 5/8; E2: (4 + 2 + 1) / 8 (L5 capped at 4)
    # E4: (4+0+0)/8; E5: 0/8. E3 has no requirement: no JPM.
    expected = {
        people["e1"].nip: (5, 8, 62.5, "kurang_memenuhi", 2),
        people["e2"].nip: (7, 8, 87.5, "memenuhi", 1),
        people["e4"].nip: (4, 8, 50.0, "kurang_memenuhi", 2),
        people["e5"].nip: (0, 8, 0.0, "kurang_memenuhi", 3),
    }
    assert {
        nip: (r.sum_attained, r.sum_required, r.percent, r.category, r.below)
        for nip, r in rows.items()
    } == expected


# --- the OPD × competency summary ----------------------------------------------------------


def cells(row):
    return {
        code: (c.people, c.below, c.sum_required, c.sum_attained, c.sum_gap)
        for code, c in row.cells.items()
    }


def test_summary_by_hand_for_bkpsdm(regency):
    summary = gap_summary(filters(regency))
    assert summary.competencies == [
        (C1, regency["comp"][C1].name),
        (C2, regency["comp"][C2].name),
        (C3, regency["comp"][C3].name),
    ]
    rows = {row.opd.code: row for row in summary.rows}
    assert list(rows) == ["1.01", "2.01", "2.02", "2.03"]  # roots; the unit adds into 1.01
    # (people, below, Σ required, Σ attained capped, Σ gap)
    assert cells(rows["1.01"]) == {
        C1: (2, 0, 8, 8, 0),
        C2: (2, 1, 4, 3, 1),
        C3: (2, 2, 4, 1, 3),
    }
    assert cells(rows["2.03"]) == {
        C1: (2, 1, 8, 4, 4),
        C2: (2, 2, 4, 0, 4),
        C3: (2, 2, 4, 0, 4),
    }
    assert cells(rows["2.01"]) == {} and not rows["2.01"].opd.valid_in_year
    assert rows["1.01"].cells[C3].share_below == 1.0
    assert rows["1.01"].cells[C2].share_below == 0.5
    assert rows["2.03"].cells[C1].mean_gap == 2.0
    assert rows["1.01"].cells[C2].jpm == 75.0
    assert cells(summary.total)[C1] == (4, 1, 16, 12, 4)


def test_summary_2025_counts_the_merged_dinas_as_it_stood(regency):
    rows = {row.opd.code: row for row in gap_summary(filters(regency, year=2025)).rows}
    # E4's 2025 JP line was booked to 2.01: in 2025 E4 counts there, with no evidence yet.
    assert cells(rows["2.01"]) == {C1: (1, 1, 4, 0, 4), C2: (1, 1, 2, 0, 2), C3: (1, 1, 2, 0, 2)}
    assert rows["2.01"].opd.valid_in_year and not rows["2.03"].opd.valid_in_year
    # E5 has no 2025 line: counted in their current OPD (docs/architecture.md, "Reports").
    assert cells(rows["2.03"]) == {C1: (1, 1, 4, 0, 4), C2: (1, 1, 2, 0, 2), C3: (1, 1, 2, 0, 2)}


def test_admin_opd_sees_only_their_opd_and_its_units(regency):
    summary = gap_summary(filters(regency, viewer="admin_root"))
    assert [row.opd.code for row in summary.rows] == ["1.01"]
    assert cells(summary.rows[0])[C1] == (2, 0, 8, 8, 0)
    drill = gap_summary(filters(regency, viewer="admin_root", opd=regency["opd"]["root"]))
    by_code = {row.opd.code: cells(row) for row in drill.rows}
    assert by_code == {
        "1.01": {C1: (1, 0, 4, 4, 0), C2: (1, 1, 2, 1, 1), C3: (1, 1, 2, 0, 2)},  # E1
        "1.01.1": {C1: (1, 0, 4, 4, 0), C2: (1, 0, 2, 2, 0), C3: (1, 1, 2, 1, 1)},  # E2
    }
    assert {row.opd for row in gap_rows(filters(regency, viewer="admin_root"))} == {
        "1.01",
        "1.01.1",
    }


def test_an_opd_outside_the_scope_gives_an_empty_report(regency):
    other = filters(regency, viewer="admin_root", opd=regency["opd"]["new"])
    assert gap_summary(other).rows == []
    assert list(gap_rows(other)) == []
    assert list(jpm_rows(other)) == []
