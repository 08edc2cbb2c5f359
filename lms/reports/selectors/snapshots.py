"""Reading the monthly snapshots (``lms.reports.models``): a past year as it was reported, and the
comparison with the previous snapshot.

* :func:`gap_summary_for` / :func:`jp_summary_for`: for a year before the current one that has a
  snapshot, the figures of its **last** snapshot (December's, taken on 1 January), grouped with
  the OPD tree as it stood then; otherwise (the current year, a year never snapshotted, or a
  ``jenis_jabatan`` filter, which snapshots do not keep) the live figures. ``source`` on the
  result says which (``"snapshot"`` with ``snapshot_month``, or ``"live"``).
* :func:`previous_gap_summary` / :func:`previous_jp_summary`: the latest snapshot of the year
  taken before the current month (``None`` without one), to compare with
  (:func:`gap_changes`, :func:`jp_changes`).

Scope: the viewer's OPDs as today (``lms.people.selectors.opd_scope_ids``) over the snapshot's
tree; a unit deleted since is seen only by those who see every OPD.
"""

import datetime
import hashlib
from dataclasses import dataclass, replace

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from ..models import ReportSnapshot, SnapshotKind
from .base import OPDTree, ReportFilters, decimal, grouping, viewer_scope
from .gaps import GapCell, GapSummary, gap_summary, summary_from_cells
from .jp import JP_DECIMALS, JPSummary, jp_summary, summary_from_figures


def _current_month() -> datetime.date:
    return timezone.localdate().replace(day=1)


def _snapshot(year: int, *, before: datetime.date | None = None) -> ReportSnapshot | None:
    queryset = ReportSnapshot.objects.filter(year=year)
    if before is not None:
        queryset = queryset.filter(month__lt=before)
    return queryset.order_by("-month").first()


def _gap_from(snapshot: ReportSnapshot, filters: ReportFilters) -> GapSummary:
    group = grouping(filters, tree=OPDTree.from_json(snapshot.opds))
    rows = snapshot.rows.filter(kind=SnapshotKind.GAP)
    if filters.competency is not None:
        rows = rows.filter(competency_code=filters.competency.code)
    if group.units is not None:
        rows = rows.filter(unit_id__in=group.units)
    cells = [
        (unit, code, name, GapCell(code, **figures))
        for unit, code, name, figures in rows.values_list(
            "unit_id", "competency_code", "competency_name", "figures"
        )
    ]
    summary = summary_from_cells(snapshot.year, group, cells)
    return replace(summary, source="snapshot", snapshot_month=snapshot.month)


def _jp_from(snapshot: ReportSnapshot, filters: ReportFilters) -> JPSummary:
    group = grouping(filters, tree=OPDTree.from_json(snapshot.opds))
    rows = snapshot.rows.filter(kind=SnapshotKind.JP)
    if group.units is not None:
        rows = rows.filter(unit_id__in=group.units)
    figures = [
        (unit, {k: decimal(v) if k in JP_DECIMALS else v for k, v in values.items()})
        for unit, values in rows.values_list("unit_id", "figures")
    ]
    summary = summary_from_figures(snapshot.year, group, figures)
    return replace(summary, source="snapshot", snapshot_month=snapshot.month)


def _frozen(filters: ReportFilters) -> ReportSnapshot | None:
    if filters.year >= timezone.localdate().year or filters.jenis_jabatan:
        return None
    return _snapshot(filters.year)


def gap_summary_for(filters: ReportFilters) -> GapSummary:
    """The OPD × competency summary of ``filters.year``: a past year from its last snapshot,
    else live (module docstring)."""
    snapshot = _frozen(filters)
    return _gap_from(snapshot, filters) if snapshot else gap_summary(filters)


def jp_summary_for(filters: ReportFilters) -> JPSummary:
    """The JP summary of ``filters.year``: a past year from its last snapshot, else live."""
    snapshot = _frozen(filters)
    return _jp_from(snapshot, filters) if snapshot else jp_summary(filters)


def previous_gap_summary(filters: ReportFilters) -> GapSummary | None:
    """The summary of the latest snapshot of ``filters.year`` before the current month."""
    snapshot = _snapshot(filters.year, before=_current_month())
    return _gap_from(snapshot, filters) if snapshot else None


def previous_jp_summary(filters: ReportFilters) -> JPSummary | None:
    snapshot = _snapshot(filters.year, before=_current_month())
    return _jp_from(snapshot, filters) if snapshot else None


def gap_changes(
    current: GapSummary, previous: GapSummary | None
) -> dict[tuple[str, str], float | None]:
    """{(OPD code, competency code): change of ``share_below`` since ``previous``} (negative:
    fewer people below the required level). ``None`` where either side has no figure."""
    before = {}
    if previous is not None:
        before = {
            (row.opd.code, code): cell.share_below
            for row in previous.rows
            for code, cell in row.cells.items()
        }
    changes = {}
    for row in current.rows:
        for code, cell in row.cells.items():
            old, new = before.get((row.opd.code, code)), cell.share_below
            changes[(row.opd.code, code)] = None if old is None or new is None else new - old
    return changes


def jp_changes(current: JPSummary, previous: JPSummary | None) -> dict[str, dict]:
    """{OPD code: {"mean_jp": Δ, "pns_met_share": Δ, "zero_jp": Δ}} since ``previous``
    (``None`` where either side has no figure)."""
    before = {row.opd.code: row for row in previous.rows} if previous is not None else {}
    changes = {}
    for row in current.rows:
        old = before.get(row.opd.code)
        change = {}
        for name in ("mean_jp", "pns_met_share", "zero_jp"):
            new_value = getattr(row, name)
            old_value = getattr(old, name) if old is not None else None
            change[name] = None if new_value is None or old_value is None else new_value - old_value
        changes[row.opd.code] = change
    return changes


# --- The dashboard's figures, kept a few minutes ---------------------------------------------

CACHE_VERSION = 1


@dataclass(frozen=True)
class DashboardFigures:
    """What the heat-map page shows: both summaries and when they were computed."""

    gap: GapSummary
    jp: JPSummary
    computed_at: datetime.datetime
    from_cache: bool


def _figures_key(filters: ReportFilters) -> str:
    scope = viewer_scope(filters.viewer)
    units = "all" if scope is None else ",".join(str(pk) for pk in sorted(scope))
    parts = [
        filters.year,
        filters.opd.pk if filters.opd else "",
        filters.jenis_jabatan or "",
        filters.competency.pk if filters.competency else "",
        hashlib.sha256(units.encode()).hexdigest()[:32],
    ]
    return f"lms:reports:dashboard:v{CACHE_VERSION}:" + ":".join(str(part) for part in parts)


def dashboard_figures(filters: ReportFilters, *, refresh: bool = False) -> DashboardFigures:
    """The gap and JP summaries of :func:`gap_summary_for` and :func:`jp_summary_for`, kept in
    the cache for ``LMS_REPORT_CACHE_SECONDS`` (default 300) per filters and viewer scope (two
    Admin OPDs of the same OPDs share them; nobody gets figures of units outside their scope).
    At 100,000 people computing them takes about 1.2 s of SQL (docs/benchmarks.md); a reader
    moving between the heat map, an OPD and back reads them again from the cache. The page
    says when they were computed, and ``refresh`` computes them again at once."""
    timeout = settings.LMS_REPORT_CACHE_SECONDS
    key = _figures_key(filters)
    if timeout and not refresh:
        found = cache.get(key)
        if found is not None:
            gap, jp, computed_at = found
            return DashboardFigures(gap, jp, computed_at, from_cache=True)
    gap, jp = gap_summary_for(filters), jp_summary_for(filters)
    computed_at = timezone.now()
    if timeout:
        cache.set(key, (gap, jp, computed_at), timeout)
    return DashboardFigures(gap, jp, computed_at, from_cache=False)
