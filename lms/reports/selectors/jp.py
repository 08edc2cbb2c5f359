# ruff: noqa: S608 - the SQL is built from quoted table names, compiled querysets and %s placeholders; no value is ever interpolated
"""JP compliance per year (docs/domain.md §1.3, §1.5).

* A **PNS** meets the year's target with at least ``PNS_JP_TARGET`` (20) JP (PP 11/2017 Pasal
  203(4)).
* A **PPPK** (and PPPK paruh waktu) has at most ``PPPK_JP_CAP`` (24) JP in a year (PP 49/2018,
  Peraturan LAN 15/2020): the report shows the JP used against that cap, the share of the cap
  used (Σ min(JP, 24) ÷ 24 per PPPK) and who is over it; there is no minimum to meet.
* JP of a year = Σ ``LearningRecord.jp`` with ``year`` = Y (the year of the end date), split by
  path (``klasikal`` / ``non_klasikal``, ``LearningPath``) and by source: ``lms`` (this
  platform's e-learning, awarded on completion) against ``external`` (imported lines: other
  providers, coaching and mentoring recorded by HR). The ledger has no separate coaching path:
  coaching is a non-klasikal line.
* People at 0 JP: no line in the year.

Both constants come from ``lms.competencies.selectors`` (the one definition).
"""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.db.models import Q, Sum

from lms.competencies.models import LearningPath, LearningRecord, RecordSource
from lms.competencies.selectors import PNS_JP_TARGET, PPPK_JP_CAP
from lms.people.models import OPD, Employee, EmployeeType

from .base import OPDRef, ReportFilters, compiled, decimal, grouping, population, share


def _jp_sql(filters: ReportFilters, units) -> tuple[str, list]:
    """``WITH pop, jp``: the population and its JP of the year (``jp`` has one row per person
    with a line: total, klasikal, non_klasikal, lms, external)."""
    pop_sql, pop_params = population(filters, units)
    jp_sql, jp_params = compiled(
        LearningRecord.objects.filter(year=filters.year)
        .order_by()
        .values("employee_id")
        .annotate(
            total=Sum("jp"),
            klasikal=Sum("jp", filter=Q(path=LearningPath.KLASIKAL)),
            non_klasikal=Sum("jp", filter=Q(path=LearningPath.NON_KLASIKAL)),
            lms=Sum("jp", filter=Q(source=RecordSource.LMS)),
            external=Sum("jp", filter=~Q(source=RecordSource.LMS)),
        )
        .values("employee_id", "total", "klasikal", "non_klasikal", "lms", "external")
    )
    # pop is not MATERIALIZED: read once, inlined, so PostgreSQL knows e_id is unique (a
    # materialized CTE's row estimate for the join was 278 times too high and set off JIT
    # compilation, 0.7 s of a 1.2 s summary at 100,000 people).
    return f"WITH pop AS ({pop_sql}), jp AS ({jp_sql})", [*pop_params, *jp_params]


@dataclass(frozen=True)
class JPRow:
    """One person's JP of the year."""

    employee_id: int
    nip: str
    name: str
    employee_type: str
    opd: str  # code of the OPD of the year
    opd_name: str
    jp: Decimal
    jp_klasikal: Decimal
    jp_non_klasikal: Decimal
    jp_lms: Decimal
    jp_external: Decimal

    @property
    def is_pns(self) -> bool:
        return self.employee_type == EmployeeType.PNS

    @property
    def status(self) -> str:
        """PNS: ``memenuhi`` (≥ 20 JP) or ``belum_memenuhi``; PPPK: ``dalam_batas`` (≤ 24 JP)
        or ``melebihi_batas``."""
        if self.is_pns:
            return "memenuhi" if self.jp >= PNS_JP_TARGET else "belum_memenuhi"
        return "dalam_batas" if self.jp <= PPPK_JP_CAP else "melebihi_batas"


def jp_rows(filters: ReportFilters, *, chunk: int = 2000) -> Iterator[JPRow]:
    """Every person of the year in scope with their JP, ordered by OPD code and NIP: a
    generator over one SQL statement (server-side cursor on PostgreSQL)."""
    group = grouping(filters)
    head, params = _jp_sql(filters, group.units)
    quote = connection.ops.quote_name
    sql = f"""{head}
        SELECT pop.e_id, e.nip, e.name, e.gelar_depan, e.gelar_belakang, pop.e_type, o.code,
               o.name, jp.total, jp.klasikal, jp.non_klasikal, jp.lms, jp.external
        FROM pop
        JOIN {quote(Employee._meta.db_table)} e ON e.id = pop.e_id
        JOIN {quote(OPD._meta.db_table)} o ON o.id = pop.e_unit
        LEFT JOIN jp ON jp.employee_id = pop.e_id
        ORDER BY o.code, e.nip
    """
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(chunk):
            for pk, nip, name, depan, belakang, etype, opd, opd_name, *jp in rows:
                full = f"{depan} {name}".strip()
                yield JPRow(
                    pk, nip, f"{full}, {belakang}" if belakang else full, etype, opd, opd_name,
                    *(decimal(value) for value in jp),
                )  # fmt: skip


# The JP distribution (the dashboard's histogram): people per band of their JP of the year,
# PNS and PPPK apart: (name, label, lower bound inclusive, upper bound exclusive; None: open).
# JP have one decimal. Band 0 is exactly 0 JP; 20 is the PNS target and 24 the PPPK cap.
JP_BANDS = (
    ("0", "0", None, None),
    ("under_5", "0,1–4,9", 0, 5),
    ("5_10", "5–9,9", 5, 10),
    ("10_15", "10–14,9", 10, 15),
    ("15_20", "15–19,9", 15, 20),
    ("20_24", "20–24", 20, 24.05),
    ("over_24", "> 24", 24.05, None),
)
BAND_FIGURES = tuple(
    f"{group}_band_{name}" for group in ("pns", "pppk") for name, *_rest in JP_BANDS
)

JP_FIGURES = (
    "headcount", "pns", "pns_met", "pppk", "pppk_over_cap", "zero_jp",
    "jp_total", "pppk_jp_capped", "jp_klasikal", "jp_non_klasikal", "jp_lms", "jp_external",
    *BAND_FIGURES,
)  # fmt: skip
JP_DECIMALS = {"jp_total", "pppk_jp_capped", "jp_klasikal", "jp_non_klasikal", "jp_lms",
               "jp_external"}  # fmt: skip


@dataclass
class JPSummaryRow:
    """One OPD's JP of the year: counts and sums (they add up the tree)."""

    opd: OPDRef
    headcount: int = 0
    pns: int = 0
    pns_met: int = 0  # PNS with ≥ 20 JP
    pppk: int = 0  # PPPK and PPPK paruh waktu
    pppk_over_cap: int = 0  # PPPK with > 24 JP
    zero_jp: int = 0  # people with no JP line in the year
    jp_total: Decimal = field(default_factory=Decimal)
    pppk_jp_capped: Decimal = field(default_factory=Decimal)  # Σ min(JP, 24) over PPPK
    jp_klasikal: Decimal = field(default_factory=Decimal)
    jp_non_klasikal: Decimal = field(default_factory=Decimal)
    jp_lms: Decimal = field(default_factory=Decimal)
    jp_external: Decimal = field(default_factory=Decimal)

    bands: dict[str, int] = field(default_factory=dict)  # BAND_FIGURES -> people

    def add(self, figures: dict) -> None:
        for name in JP_FIGURES:
            if name in BAND_FIGURES:
                # A snapshot taken before the bands existed has none (counted as 0).
                self.bands[name] = self.bands.get(name, 0) + figures.get(name, 0)
            else:
                setattr(self, name, getattr(self, name) + figures[name])

    def distribution(self) -> list[tuple[str, int, int]] | None:
        """(band label, PNS, PPPK) per band of :data:`JP_BANDS`; ``None`` when the figures
        have no bands (an old snapshot) although there are people."""
        if self.headcount and not any(self.bands.values()):
            return None
        return [
            (label, self.bands.get(f"pns_band_{name}", 0), self.bands.get(f"pppk_band_{name}", 0))
            for name, label, _low, _high in JP_BANDS
        ]

    def figures(self) -> dict:
        return {
            name: self.bands.get(name, 0) if name in BAND_FIGURES else getattr(self, name)
            for name in JP_FIGURES
        }

    @property
    def mean_jp(self) -> float | None:
        return share(self.jp_total, self.headcount)

    @property
    def pns_met_share(self) -> float | None:
        """Share of PNS reaching 20 JP (0..1)."""
        return share(self.pns_met, self.pns)

    @property
    def pppk_cap_used_share(self) -> float | None:
        """Σ min(JP, 24) ÷ (24 × PPPK): how much of the PPPK cap is used (0..1)."""
        return share(self.pppk_jp_capped, PPPK_JP_CAP * self.pppk)


@dataclass
class JPSummary:
    year: int
    rows: list[JPSummaryRow]
    source: str = "live"  # or "snapshot" (figures as they were, .snapshots)
    snapshot_month: datetime.date | None = None

    @property
    def total(self) -> JPSummaryRow:
        total = JPSummaryRow(opd=OPDRef(0, "", "", None, True))
        for row in self.rows:
            total.add(row.figures())
        return total


def jp_unit_figures(filters: ReportFilters, group) -> list[tuple[int, dict]]:
    """(unit id, figures) per unit of the year: the one aggregate statement."""
    head, params = _jp_sql(filters, group.units)
    total = "COALESCE(jp.total, 0)"
    pns = "pop.e_type = %s"
    band_sql, band_params = [], []
    for is_pns in (True, False):
        for _name, _label, low, high in JP_BANDS:
            conditions = [pns if is_pns else f"NOT ({pns})"]
            band_params.append(EmployeeType.PNS.value)
            if low is None and high is None:
                conditions.append(f"{total} = 0")
            else:
                conditions.append(f"{total} >= %s" if low else f"{total} > 0")
                band_params += [low] if low else []
                if high is not None:
                    conditions.append(f"{total} < %s")
                    band_params.append(high)
            band_sql.append(f"SUM(CASE WHEN {' AND '.join(conditions)} THEN 1 ELSE 0 END)")
    bands = ", ".join(band_sql)
    sql = f"""{head}
        SELECT pop.e_unit, COUNT(*),
               SUM(CASE WHEN {pns} THEN 1 ELSE 0 END),
               SUM(CASE WHEN {pns} AND {total} >= %s THEN 1 ELSE 0 END),
               SUM(CASE WHEN {pns} THEN 0 ELSE 1 END),
               SUM(CASE WHEN NOT ({pns}) AND {total} > %s THEN 1 ELSE 0 END),
               SUM(CASE WHEN jp.employee_id IS NULL THEN 1 ELSE 0 END),
               SUM({total}),
               SUM(CASE WHEN {pns} THEN 0 WHEN {total} > %s THEN %s ELSE {total} END),
               SUM(COALESCE(jp.klasikal, 0)), SUM(COALESCE(jp.non_klasikal, 0)),
               SUM(COALESCE(jp.lms, 0)), SUM(COALESCE(jp.external, 0)),
               {bands}
        FROM pop LEFT JOIN jp ON jp.employee_id = pop.e_id
        GROUP BY pop.e_unit
    """
    pns_type = EmployeeType.PNS.value
    params += [
        pns_type,
        pns_type, PNS_JP_TARGET,
        pns_type,
        pns_type, PPPK_JP_CAP,
        pns_type, PPPK_JP_CAP, PPPK_JP_CAP,
        *band_params,
    ]  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = []
        for unit, *values in cursor.fetchall():
            figures = {
                name: decimal(value) if name in JP_DECIMALS else int(value or 0)
                for name, value in zip(JP_FIGURES, values, strict=True)
            }
            found.append((unit, figures))
        return found


def summary_from_figures(year: int, group, figures: list[tuple[int, dict]]) -> JPSummary:
    rows = {pk: JPSummaryRow(opd=group.tree.ref(pk, year)) for pk in group.rows}
    for unit, values in figures:
        row_id = group.row_for(unit)
        if row_id is not None:
            rows[row_id].add(values)
    return JPSummary(year=year, rows=[rows[pk] for pk in group.rows])


def jp_summary(filters: ReportFilters) -> JPSummary:
    """JP compliance per row OPD (:func:`.base.grouping`): headcount, PNS and how many reach 20
    JP, PPPK and how many are over 24 JP with the cap used, people at 0 JP, Σ JP (mean JP =
    Σ ÷ headcount) and Σ JP per path and source. Constant queries (scope, tree, 1 aggregate)."""
    group = grouping(filters)
    return summary_from_figures(filters.year, group, jp_unit_figures(filters, group))
