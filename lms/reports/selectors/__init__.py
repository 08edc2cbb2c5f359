"""Read-side of the HR reports (docs/architecture.md, "Reports"; docs/domain.md §1.3–1.5).

Every selector takes a :class:`ReportFilters` (from :func:`report_filters`: ``viewer``,
``year``, optional ``opd``, ``jenis_jabatan``, ``competency``), reads only the OPDs in the
viewer's scope (``lms.people.selectors.opd_scope_ids``: BKPSDM all, Admin OPD their OPDs and
sub-units, anyone else nothing) and aggregates in SQL, with a constant number of queries.
They return plain values (dataclasses), never querysets:

* :func:`gap_rows` → iterator of :class:`GapRow` (person × required competency: required,
  attained from trusted evidence with its source and date, best untrusted level, gap);
* :func:`jpm_rows` → stream of :class:`JPMRow` (per person: Σ required, Σ min(attained,
  required), ``percent``, ``category``);
* :func:`gap_summary` → :class:`GapSummary` (rows per OPD, cells per competency: people, below,
  Σ required, Σ attained, Σ gap; ``share_below``, ``mean_gap``, ``jpm``): the heat map, ≤ 5
  queries;
* :func:`jp_rows` → iterator of :class:`JPRow`; :func:`jp_summary` → :class:`JPSummary`
  (per OPD: PNS reaching 20 JP, PPPK against the 24 JP cap, people at 0 JP, Σ and mean JP, JP
  per path and source);
* :func:`course_summary` → :class:`CourseSummary` (per OPD × course: enrolled, completed,
  Hake's ⟨g⟩ with the means of pre and post);
* :mod:`.snapshots`: the monthly snapshots of the two OPD summaries, last year's figures as
  they were, and the comparison with the previous snapshot.
"""

from .base import OPDRef, ReportFilterError, ReportFilters, report_filters
from .courses import CourseFigures, CourseSummary, CourseSummaryRow, course_summary
from .gaps import (
    JPM_LABELS,
    GapCell,
    GapRow,
    GapSummary,
    GapSummaryRow,
    JPMRow,
    gap_rows,
    gap_summary,
    jpm_category,
    jpm_rows,
)
from .jp import JPRow, JPSummary, JPSummaryRow, jp_rows, jp_summary

__all__ = [
    "JPM_LABELS",
    "CourseFigures",
    "CourseSummary",
    "CourseSummaryRow",
    "GapCell",
    "GapRow",
    "GapSummary",
    "GapSummaryRow",
    "JPMRow",
    "JPRow",
    "JPSummary",
    "JPSummaryRow",
    "OPDRef",
    "ReportFilterError",
    "ReportFilters",
    "course_summary",
    "gap_rows",
    "gap_summary",
    "jp_rows",
    "jp_summary",
    "jpm_category",
    "jpm_rows",
    "report_filters",
]
