"""The reports' one write: the monthly snapshot of the OPD summaries (docs/architecture.md,
"Reports")."""

import datetime

from django.db import IntegrityError, transaction

from .models import ReportSnapshot, ReportSnapshotRow, SnapshotKind
from .selectors.base import OPDTree, grouping, report_filters
from .selectors.gaps import gap_unit_cells
from .selectors.jp import JP_DECIMALS, jp_unit_figures


def _json(figures: dict) -> dict:
    return {k: str(v) if k in JP_DECIMALS else v for k, v in figures.items()}


@transaction.atomic
def report_snapshot_take(*, month: datetime.date) -> ReportSnapshot:
    """Stores the per-unit figures of the OPD × competency and JP summaries of ``month``'s year,
    for every OPD, with the OPD tree as it stands, under the month's first day. Idempotent: a
    month already taken is returned unchanged (figures once stored are never rewritten), also
    when two workers race (the unique month decides)."""
    month = month.replace(day=1)
    existing = ReportSnapshot.objects.filter(month=month).first()
    if existing is not None:
        return existing
    filters = report_filters(viewer=None, year=month.year)
    tree = OPDTree.load()
    group = grouping(filters, tree=tree)
    snapshot = ReportSnapshot(month=month, year=month.year, opds=tree.as_json())
    snapshot.full_clean()
    try:
        with transaction.atomic():
            snapshot.save()
    except IntegrityError:
        return ReportSnapshot.objects.get(month=month)
    rows = [
        ReportSnapshotRow(
            snapshot=snapshot,
            kind=SnapshotKind.GAP,
            unit_id=unit,
            competency_code=code,
            competency_name=name,
            figures=cell.figures(),
        )
        for unit, code, name, cell in gap_unit_cells(filters, group)
    ]
    rows += [
        ReportSnapshotRow(
            snapshot=snapshot, kind=SnapshotKind.JP, unit_id=unit, figures=_json(figures)
        )
        for unit, figures in jp_unit_figures(filters, group)
    ]
    ReportSnapshotRow.objects.bulk_create(rows, batch_size=2000)
    return snapshot


def previous_month(today: datetime.date) -> datetime.date:
    """The first day of the month before ``today``'s."""
    return (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
