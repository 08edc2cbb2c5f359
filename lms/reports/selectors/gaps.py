# ruff: noqa: S608 - the SQL is built from quoted table names, compiled querysets and %s placeholders; no value is ever interpolated
"""Competency gaps: per employee × competency, JPM per employee, and the OPD × competency summary
of the heat map (docs/domain.md §1.5).

The rules are those of ``lms.competencies`` (docs/domain.md §1.5; ``lms/competencies/selectors``):

* **required** level of a person for a competency = their position's own requirement
  (``PositionRequirement``), else the default of the position's jenis jabatan
  (``DefaultRequirement``), else 0 (also without a position). Pairs with required 0 are not
  part of any gap or JPM ("missing requirement": nothing is asked, nothing is lacking);
* **attained** level = the highest level of evidence from a trusted source
  (``TRUSTED_SOURCES``), observed on or before 31 December of the report's year; 0 without.
  Untrusted evidence (self-assessment, H5P) is shown as ``reported`` and never closes a gap;
* **gap** = max(required − attained, 0); a person is *below* when attained < required.

``lms.competencies.selectors.required_level_expression`` holds the required-level rule for one
position at a time (a ``Competency`` queryset); a report over every person needs it as a join
over all positions, written here in SQL from the same models.
``tests/reports/test_gap_rules.py`` checks that both give the same levels as
``employee_competency_profile`` for every fixture person.

JPM (job–person match) of a person = Σ min(attained, required) ÷ Σ required over the
competencies they are required to have, with the categories of ``LMS_REPORT_JPM_THRESHOLDS``
(default ≥ 80 % *Memenuhi Syarat*, 68 – < 80 % *Masih Memenuhi Syarat*, < 68 % *Kurang
Memenuhi Syarat*).
"""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from lms.competencies.models import (
    TRUSTED_SOURCES,
    Competency,
    CompetencyEvidence,
    DefaultRequirement,
    PositionRequirement,
)
from lms.people.models import OPD, Employee, Position

from .base import OPDRef, ReportFilters, compiled, grouping, population, share

JPM_THRESHOLDS = {"memenuhi": 80, "masih_memenuhi": 68}
JPM_LABELS = {
    "memenuhi": _("Memenuhi Syarat"),
    "masih_memenuhi": _("Masih Memenuhi Syarat"),
    "kurang_memenuhi": _("Kurang Memenuhi Syarat"),
}


def jpm_category(percent: float | None) -> str | None:
    """``memenuhi``, ``masih_memenuhi`` or ``kurang_memenuhi`` for a JPM in % (``None``: no
    requirement at all), with the thresholds of ``settings.LMS_REPORT_JPM_THRESHOLDS``
    (``{"memenuhi": 80, "masih_memenuhi": 68}``: lower bounds, inclusive)."""
    if percent is None:
        return None
    thresholds = getattr(settings, "LMS_REPORT_JPM_THRESHOLDS", JPM_THRESHOLDS)
    if percent >= thresholds["memenuhi"]:
        return "memenuhi"
    if percent >= thresholds["masih_memenuhi"]:
        return "masih_memenuhi"
    return "kurang_memenuhi"


def _tables() -> dict[str, str]:
    quote = connection.ops.quote_name
    return {
        "competency": quote(Competency._meta.db_table),
        "override": quote(PositionRequirement._meta.db_table),
        "default": quote(DefaultRequirement._meta.db_table),
        "evidence": quote(CompetencyEvidence._meta.db_table),
        "employee": quote(Employee._meta.db_table),
        "position": quote(Position._meta.db_table),
        "opd": quote(OPD._meta.db_table),
    }


def _req_sql(filters: ReportFilters) -> tuple[str, list]:
    """One row per position × active competency with a required level > 0: ``position_id,
    competency_id, code, name, required`` (a few thousand rows: positions, not people)."""
    t = _tables()
    params: list = [True]
    competency_filter = ""
    if filters.competency is not None:
        competency_filter = "AND c.id = %s"
        params.append(filters.competency.pk)
    sql = f"""
        SELECT p.id AS position_id, c.id AS competency_id, c.code, c.name,
               COALESCE(pr.required_level, dr.required_level, 0) AS required
        FROM {t["position"]} p
        CROSS JOIN {t["competency"]} c
        LEFT JOIN {t["override"]} pr ON pr.position_id = p.id AND pr.competency_id = c.id
        LEFT JOIN {t["default"]} dr
             ON dr.jenis_jabatan = p.jenis_jabatan AND dr.competency_id = c.id
        WHERE c.is_active = %s {competency_filter}
          AND COALESCE(pr.required_level, dr.required_level, 0) > 0
    """
    return sql, params


def _head_sql(filters: ReportFilters, units) -> tuple[str, list]:
    """``WITH pop, req, best, met``: the population, the requirements per position, and
    ``met``: one row per person × required competency with trusted evidence, ``e_id, e_unit,
    e_position, competency_id, required, capped`` (``capped`` = min(attained, required)).
    ``best`` (each person's best trusted level per competency) is materialized first so that
    PostgreSQL joins the few evidence pairs to the requirements, not all people × requirements
    to the evidence.

    The aggregates are computed from these without building the person × competency grid: a pair
    without trusted evidence has attained 0, so it is below with a gap of its whole required
    level; only the pairs in ``met`` (about as many as the evidence) change that. At 100,000
    people × 19 competencies this reads 1.9 M fewer rows (docs/benchmarks.md)."""
    pop_sql, pop_params = population(filters, units)
    req_sql, req_params = _req_sql(filters)
    attained_sql, attained_params = compiled(
        CompetencyEvidence.objects.filter(source__in=TRUSTED_SOURCES, observed_on__lte=filters.end)
        .order_by()
        .values("employee_id", "competency_id")
        .annotate(best=Max("level"))
        .values("employee_id", "competency_id", "best")
    )
    sql = f"""
        WITH pop AS MATERIALIZED ({pop_sql}),
        req AS MATERIALIZED ({req_sql}),
        best AS MATERIALIZED (
            SELECT pop.e_id, pop.e_unit, pop.e_position, a.competency_id, a.best
            FROM ({attained_sql}) a
            JOIN pop ON pop.e_id = a.employee_id
            WHERE a.best > 0
        ),
        met AS (
            SELECT best.e_id, best.e_unit, best.e_position, req.competency_id, req.required,
                   CASE WHEN best.best < req.required THEN best.best ELSE req.required END
                       AS capped
            FROM best
            JOIN req ON req.position_id = best.e_position
                 AND req.competency_id = best.competency_id
        )
    """
    return sql, [*pop_params, *req_params, *attained_params]


def _grid_sql(filters: ReportFilters, units) -> tuple[str, list]:
    """``WITH pop, ranked, req, grid``: one row per person × active competency with required > 0:
    ``e_id, e_unit, competency_id, code, name, required, attained``, the best trusted evidence's
    source and date, and the best untrusted level and source (the detail of :func:`gap_rows`)."""
    pop_sql, pop_params = population(filters, units)
    req_sql, req_params = _req_sql(filters)
    t = _tables()
    trusted = ", ".join(["%s"] * len(TRUSTED_SOURCES))
    # The best trusted and untrusted observation per pair, with its source (window function).
    ranked = f"""
        SELECT ev.employee_id, ev.competency_id, ev.level, ev.source, ev.observed_on,
               CASE WHEN ev.source IN ({trusted}) THEN 1 ELSE 0 END AS trusted,
               ROW_NUMBER() OVER (
                   PARTITION BY ev.employee_id, ev.competency_id,
                                CASE WHEN ev.source IN ({trusted}) THEN 1 ELSE 0 END
                   ORDER BY ev.level DESC, ev.observed_on DESC, ev.id DESC) AS rnk
        FROM {t["evidence"]} ev
        WHERE ev.observed_on <= %s AND ev.employee_id IN (SELECT e_id FROM pop)
    """
    sql = f"""
        WITH pop AS MATERIALIZED ({pop_sql}),
        ranked AS ({ranked}),
        req AS ({req_sql}),
        grid AS (
            SELECT pop.e_id, pop.e_unit, req.competency_id, req.code, req.name, req.required,
                   COALESCE(a.level, 0) AS attained, a.source AS attained_source,
                   a.observed_on AS attained_on, COALESCE(u.level, 0) AS reported,
                   u.source AS reported_source
            FROM pop
            JOIN req ON req.position_id = pop.e_position
            LEFT JOIN ranked a ON a.employee_id = pop.e_id AND a.competency_id = req.competency_id
                 AND a.trusted = 1 AND a.rnk = 1
            LEFT JOIN ranked u ON u.employee_id = pop.e_id AND u.competency_id = req.competency_id
                 AND u.trusted = 0 AND u.rnk = 1
        )
    """
    params = [*pop_params, *TRUSTED_SOURCES, *TRUSTED_SOURCES, filters.end, *req_params]
    return sql, params


# --- Per employee × competency -----------------------------------------------------------------


@dataclass(frozen=True)
class GapRow:
    """One person × competency they are required to have."""

    employee_id: int
    nip: str
    name: str  # with gelar, as on certificates
    employee_type: str
    position: str | None
    opd: str  # code of the OPD of the year
    opd_name: str
    competency: str  # code
    competency_name: str
    required: int
    attained: int  # trusted evidence only
    attained_source: str | None  # EvidenceSource of the best trusted observation
    attained_on: datetime.date | None
    reported: int  # best untrusted level (self-assessment, H5P): shown, never counted
    reported_source: str | None

    @property
    def gap(self) -> int:
        return max(self.required - self.attained, 0)

    @property
    def below(self) -> bool:
        return self.attained < self.required

    @property
    def untrusted_only(self) -> bool:
        """Untrusted evidence would meet the requirement, trusted does not (yet)."""
        return self.below and self.reported >= self.required


def _date(value) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value)[:10])


def gap_rows(filters: ReportFilters, *, chunk: int = 2000) -> Iterator[GapRow]:
    """Every person × required competency in scope, ordered by OPD code, NIP and competency
    code: a generator reading one SQL statement in chunks (a server-side cursor on
    PostgreSQL), for the detail export and the drill-down. Two to five queries in all."""
    group = grouping(filters)
    grid_sql, params = _grid_sql(filters, group.units)
    t = _tables()
    sql = f"""{grid_sql}
        SELECT g.e_id, e.nip, e.name, e.gelar_depan, e.gelar_belakang, e.employee_type,
               p.name, o.code, o.name, g.code, g.name, g.required, g.attained,
               g.attained_source, g.attained_on, g.reported, g.reported_source
        FROM grid g
        JOIN {t["employee"]} e ON e.id = g.e_id
        JOIN {t["opd"]} o ON o.id = g.e_unit
        LEFT JOIN {t["position"]} p ON p.id = e.position_id
        ORDER BY o.code, e.nip, g.code
    """
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(chunk):
            for row in rows:
                (pk, nip, name, depan, belakang, etype, position, opd, opd_name, code, cname,
                 required, attained, source, on, reported, rsource) = row  # fmt: skip
                full = f"{depan} {name}".strip()
                yield GapRow(
                    pk, nip, f"{full}, {belakang}" if belakang else full, etype, position, opd,
                    opd_name, code, cname, int(required), int(attained), source, _date(on),
                    int(reported), rsource,
                )  # fmt: skip


# --- JPM per employee ----------------------------------------------------------------------------


@dataclass(frozen=True)
class JPMRow:
    employee_id: int
    nip: str
    name: str
    employee_type: str
    opd: str
    competencies: int  # with a requirement
    below: int  # of which attained < required
    sum_required: int
    sum_attained: int  # Σ min(attained, required)
    rows_in_result: int = 0  # how many rows the whole result has (for a progress bar)

    @property
    def percent(self) -> float | None:
        return 100.0 * self.sum_attained / self.sum_required if self.sum_required else None

    @property
    def category(self) -> str | None:
        return jpm_category(self.percent)


def jpm_rows(filters: ReportFilters, *, chunk: int = 2000) -> Iterator[JPMRow]:
    """JPM per person who has at least one requirement (people with none have no JPM and are
    not listed), ordered by OPD code and NIP: a generator over one aggregate statement (a
    server-side cursor on PostgreSQL: 100,000 rows are never all in memory) plus the scope and
    tree queries. Each person's requirements come from their position (``need``: counted once
    per position), and only their pairs with trusted evidence (``met``) are read per person."""
    group = grouping(filters)
    head, params = _head_sql(filters, group.units)
    t = _tables()
    sql = f"""{head},
        need AS (
            SELECT position_id, COUNT(*) AS n, SUM(required) AS required
            FROM req GROUP BY position_id
        ),
        got AS (
            SELECT e_id, SUM(CASE WHEN capped >= required THEN 1 ELSE 0 END) AS n_met,
                   SUM(capped) AS capped
            FROM met GROUP BY e_id
        )
        SELECT pop.e_id, e.nip, e.name, e.employee_type, o.code, need.n,
               need.n - COALESCE(got.n_met, 0), need.required, COALESCE(got.capped, 0),
               COUNT(*) OVER ()
        FROM pop
        JOIN need ON need.position_id = pop.e_position
        JOIN {t["employee"]} e ON e.id = pop.e_id
        JOIN {t["opd"]} o ON o.id = pop.e_unit
        LEFT JOIN got ON got.e_id = pop.e_id
        ORDER BY o.code, e.nip
    """
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(chunk):
            for pk, nip, name, etype, opd, n, below, req, att, total in rows:
                yield JPMRow(
                    pk, nip, name, etype, opd, int(n), int(below), int(req), int(att), int(total)
                )


# --- The OPD × competency summary (heat map) -----------------------------------------------------


@dataclass
class GapCell:
    """One OPD × competency: sums over the people of the OPD required to have it."""

    competency: str
    people: int = 0  # with a requirement for it
    below: int = 0  # attained < required
    sum_required: int = 0
    sum_attained: int = 0  # Σ min(attained, required)
    sum_gap: int = 0  # Σ max(required − attained, 0)

    def add(self, other: "GapCell") -> None:
        self.people += other.people
        self.below += other.below
        self.sum_required += other.sum_required
        self.sum_attained += other.sum_attained
        self.sum_gap += other.sum_gap

    @property
    def share_below(self) -> float | None:
        """Share of the people below the required level (0..1), the heat map's colour."""
        return share(self.below, self.people)

    @property
    def mean_gap(self) -> float | None:
        return share(self.sum_gap, self.people)

    @property
    def jpm(self) -> float | None:
        """Σ attained (capped) ÷ Σ required, in %."""
        value = share(self.sum_attained, self.sum_required)
        return None if value is None else 100.0 * value

    def figures(self) -> dict:
        return {
            "people": self.people,
            "below": self.below,
            "sum_required": self.sum_required,
            "sum_attained": self.sum_attained,
            "sum_gap": self.sum_gap,
        }


@dataclass
class GapSummaryRow:
    opd: OPDRef
    cells: dict[str, GapCell] = field(default_factory=dict)  # competency code -> cell

    @property
    def total(self) -> GapCell:
        total = GapCell(competency="")
        for cell in self.cells.values():
            total.add(cell)
        return total


@dataclass
class GapSummary:
    year: int
    competencies: list[tuple[str, str]]  # (code, name) of the columns, in code order
    rows: list[GapSummaryRow]
    source: str = "live"  # or "snapshot" (figures as they were, .snapshots)
    snapshot_month: datetime.date | None = None

    @property
    def total(self) -> GapSummaryRow:
        """All rows together (the footer)."""
        total = GapSummaryRow(opd=OPDRef(0, "", "", None, True))
        for row in self.rows:
            for code, cell in row.cells.items():
                total.cells.setdefault(code, GapCell(code)).add(cell)
        return total


def gap_unit_cells(filters: ReportFilters, group) -> list[tuple[int, str, str, GapCell]]:
    """(unit id, competency code, name, cell) per unit × competency: the one aggregate query.
    ``base`` counts the people per unit and position (then × the position's requirements: every
    pair below, with its whole required level as gap); ``fix`` takes back, per unit and
    competency, what trusted evidence attained (:func:`_head_sql`)."""
    head, params = _head_sql(filters, group.units)
    sql = f"""{head},
        heads AS (
            SELECT e_unit, e_position, COUNT(*) AS n FROM pop GROUP BY e_unit, e_position
        ),
        base AS (
            SELECT h.e_unit, req.competency_id, req.code, req.name, SUM(h.n) AS people,
                   SUM(h.n * req.required) AS required
            FROM heads h JOIN req ON req.position_id = h.e_position
            GROUP BY h.e_unit, req.competency_id, req.code, req.name
        ),
        fix AS (
            SELECT e_unit, competency_id, SUM(CASE WHEN capped >= required THEN 1 ELSE 0 END) AS n,
                   SUM(capped) AS capped
            FROM met GROUP BY e_unit, competency_id
        )
        SELECT base.e_unit, base.code, base.name, base.people,
               base.people - COALESCE(fix.n, 0), base.required, COALESCE(fix.capped, 0),
               base.required - COALESCE(fix.capped, 0)
        FROM base
        LEFT JOIN fix ON fix.e_unit = base.e_unit AND fix.competency_id = base.competency_id
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [
            (unit, code, name, GapCell(code, int(n), int(b), int(r), int(a), int(gap)))
            for unit, code, name, n, b, r, a, gap in cursor.fetchall()
        ]


def summary_from_cells(year: int, group, cells: list[tuple[int, str, str, GapCell]]) -> GapSummary:
    """Adds unit cells into the rows of ``group`` (every row listed, empty or not)."""
    rows = {pk: GapSummaryRow(opd=group.tree.ref(pk, year)) for pk in group.rows}
    names: dict[str, str] = {}
    for unit, code, name, cell in cells:
        names[code] = name
        row_id = group.row_for(unit)
        if row_id is None:
            continue
        rows[row_id].cells.setdefault(code, GapCell(code)).add(cell)
    return GapSummary(
        year=year,
        competencies=sorted(names.items()),
        rows=[rows[pk] for pk in group.rows],
    )


def gap_summary(filters: ReportFilters) -> GapSummary:
    """The OPD × competency summary: per row OPD (:func:`.base.grouping`) and competency, the
    people required to have it, how many are below, Σ required, Σ attained (capped), Σ gap.
    Columns are the competencies some person in scope is required to have. At most 5 queries
    whatever the data size (the viewer's scope 1–3, the OPD tree 1, the aggregate 1)."""
    group = grouping(filters)
    return summary_from_cells(filters.year, group, gap_unit_cells(filters, group))
