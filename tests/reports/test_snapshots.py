"""Monthly snapshots: idempotent, last year's figures frozen, the comparison with the previous one,
and the beat entry."""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings

from lms.competencies.models import CompetencyEvidence, EvidenceSource, LearningRecord
from lms.people.models import OPD
from lms.reports.models import ReportSnapshot, ReportSnapshotRow
from lms.reports.selectors import report_filters
from lms.reports.selectors.snapshots import (
    gap_changes,
    gap_summary_for,
    jp_changes,
    jp_summary_for,
    previous_gap_summary,
    previous_jp_summary,
)
from lms.reports.services import previous_month, report_snapshot_take
from lms.reports.tasks import report_snapshot_monthly_task

from .conftest import C1, C2

DECEMBER_2025 = datetime.date(2025, 12, 1)


def gap_cells(summary):
    return {
        (row.opd.code, code): (cell.people, cell.below, cell.sum_gap)
        for row in summary.rows
        for code, cell in row.cells.items()
    }


def jp_figures(summary):
    return {row.opd.code: (row.headcount, row.zero_jp, row.jp_total) for row in summary.rows}


def test_previous_month():
    assert previous_month(datetime.date(2026, 1, 15)) == DECEMBER_2025
    assert previous_month(datetime.date(2026, 3, 31)) == datetime.date(2026, 2, 1)


def test_taking_a_month_twice_changes_nothing(regency):
    first = report_snapshot_take(month=datetime.date(2025, 12, 17))
    assert first.month == DECEMBER_2025 and first.year == 2025
    rows = list(ReportSnapshotRow.objects.order_by("pk").values_list("pk", "figures"))
    assert rows
    LearningRecord.objects.filter(year=2025).update(jp=Decimal("40"))  # a later correction
    again = report_snapshot_take(month=DECEMBER_2025)
    assert again.pk == first.pk
    assert ReportSnapshot.objects.count() == 1
    assert list(ReportSnapshotRow.objects.order_by("pk").values_list("pk", "figures")) == rows


def test_last_years_figures_stay_as_they_were(regency):
    bkpsdm = regency["bkpsdm"]
    filters = report_filters(viewer=bkpsdm, year=2025)
    live_before = (gap_cells(gap_summary_for(filters)), jp_figures(jp_summary_for(filters)))
    report_snapshot_take(month=DECEMBER_2025)
    # After the year: E4's 2025 line is rebooked to the new dinas, evidence dated 2025 arrives
    # and the old dinas is renamed.
    e4 = regency["people"]["e4"]
    LearningRecord.objects.filter(employee=e4, year=2025).update(opd=regency["opd"]["new"])
    CompetencyEvidence.objects.create(
        employee=e4,
        competency=regency["comp"][C1],
        level=5,
        source=EvidenceSource.ASSESSMENT,
        observed_on=datetime.date(2025, 6, 1),
    )
    OPD.objects.filter(code="2.01").update(name="Nama Baru")
    gap, jp = gap_summary_for(filters), jp_summary_for(filters)
    assert (gap.source, gap.snapshot_month, jp.source) == ("snapshot", DECEMBER_2025, "snapshot")
    assert (gap_cells(gap), jp_figures(jp)) == live_before
    assert jp_figures(jp)["2.01"] == (1, 0, Decimal("16"))  # by hand: E4 in the old dinas
    assert next(row for row in jp.rows if row.opd.code == "2.01").opd.name == "Dinas Lama A"
    # The live figures have moved on.
    from lms.reports.selectors import jp_summary

    assert jp_figures(jp_summary(filters))["2.01"] == (0, 0, Decimal("0"))


def test_the_snapshot_keeps_the_scope(regency):
    report_snapshot_take(month=DECEMBER_2025)
    summary = jp_summary_for(report_filters(viewer=regency["admin_root"], year=2025))
    assert summary.source == "snapshot"
    assert [row.opd.code for row in summary.rows] == ["1.01"]
    assert jp_figures(summary) == {"1.01": (3, 3, Decimal("0"))}
    gap = gap_summary_for(report_filters(viewer=regency["admin_new"], year=2025))
    assert [row.opd.code for row in gap.rows] == ["2.03"]


def test_the_current_year_and_a_jenis_filter_are_live(regency):
    report_snapshot_take(month=datetime.date(2026, 1, 1))
    assert gap_summary_for(report_filters(viewer=regency["bkpsdm"], year=2026)).source == "live"
    report_snapshot_take(month=DECEMBER_2025)
    filtered = report_filters(viewer=regency["bkpsdm"], year=2025, jenis_jabatan="pelaksana")
    assert jp_summary_for(filtered).source == "live"


def test_compared_with_the_previous_snapshot(regency, monkeypatch):
    monkeypatch.setattr(
        "lms.reports.selectors.snapshots._current_month", lambda: datetime.date(2026, 9, 1)
    )
    filters = report_filters(viewer=regency["bkpsdm"], year=2026)
    assert previous_gap_summary(filters) is None
    report_snapshot_take(month=datetime.date(2026, 8, 1))
    # Since August: E1 reaches C2 (trusted), E3 gets 10 JP.
    CompetencyEvidence.objects.create(
        employee=regency["people"]["e1"],
        competency=regency["comp"][C2],
        level=2,
        source=EvidenceSource.QUIZ,
        observed_on=datetime.date(2026, 8, 20),
    )
    from lms.competencies.services import learning_record_create

    learning_record_create(
        employee=regency["people"]["e3"],
        title="Webinar",
        provider="Komdigi",
        path="non_klasikal",
        jenis_diklat=9,
        jp=Decimal("10"),
        start_date=datetime.date(2026, 8, 25),
        end_date=datetime.date(2026, 8, 25),
        source="import",
    )
    from lms.reports.selectors import gap_summary, jp_summary

    previous = previous_gap_summary(filters)
    assert previous.source == "snapshot"
    changes = gap_changes(gap_summary(filters), previous)
    assert changes[("1.01", C2)] == -0.5  # 1 of 2 below, then 0 of 2
    assert changes[("2.03", C2)] == 0.0
    jp_change = jp_changes(jp_summary(filters), previous_jp_summary(filters))
    assert jp_change["1.01"]["zero_jp"] == -1
    assert jp_change["1.01"]["mean_jp"] == pytest.approx(10 / 3)
    assert jp_change["2.01"]["mean_jp"] is None  # nobody there in 2026


def test_the_monthly_task_takes_the_month_just_ended_and_is_in_the_beat_schedule(regency):
    from django.utils import timezone

    taken = report_snapshot_monthly_task()
    assert taken == str(previous_month(timezone.localdate()))
    assert report_snapshot_monthly_task() == taken
    assert ReportSnapshot.objects.count() == 1
    beat = settings.CELERY_BEAT_SCHEDULE.values()
    entries = [entry for entry in beat if entry["task"] == "reports.snapshot_monthly"]
    assert len(entries) == 1
    schedule = entries[0]["schedule"]
    assert schedule.day_of_month == {1}
