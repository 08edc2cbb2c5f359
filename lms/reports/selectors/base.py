# ruff: noqa: S608 - the population SQL is built from quoted table names and %s placeholders; no value is ever interpolated
"""What every report shares: the filters, the viewer's scope, the population of a year and the
OPD rows a report is grouped in (docs/architecture.md, "Reports").

The population of year Y: employees active now, plus anyone with a JP line in Y. Each person
counts in their **OPD of the year** ("unit"): the OPD their latest JP line of Y was booked to
(``LearningRecord.opd``, the OPD at the time of the training, so a line of a dinas merged
since still counts in that dinas), otherwise their current OPD. There is no history of an
employee's OPD besides the ledger, so a person with no JP line in a past year counts in their
current OPD; the figures of a past year *as they were* are the monthly snapshots'
(:mod:`.snapshots`).

Aggregation is in SQL per unit (the employee's OPD of the year); :func:`report_rows` then adds
the per-unit sums up the OPD tree into the rows the report shows (a sum over the few hundred
OPDs, never over people). All figures the SQL returns are sums and counts, so they add up.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import QuerySet

from lms.competencies.models import Competency, LearningRecord
from lms.people.models import OPD, Employee, JenisJabatan, Position
from lms.people.selectors import ALL, opd_scope_ids
from lms.users.models import User

MIN_YEAR, MAX_YEAR = 2000, 2100  # a future year is merely empty


class ReportFilterError(ValueError):
    """A filter value a report cannot take (the API answers 400 with ``message``)."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


@dataclass(frozen=True)
class OPDRef:
    """An OPD as a report row names it."""

    id: int
    code: str
    name: str
    parent_id: int | None
    valid_in_year: bool  # the unit existed on some day of the report's year


@dataclass(frozen=True)
class ReportFilters:
    """The filters every selector takes, checked once (:func:`report_filters`)."""

    viewer: User | None  # None: trusted code (the snapshot service) sees every OPD
    year: int
    opd: OPD | None = None
    jenis_jabatan: str | None = None
    competency: Competency | None = None

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, 1, 1)

    @property
    def end(self) -> datetime.date:
        return datetime.date(self.year, 12, 31)


def report_filters(
    *,
    viewer: User | None,
    year: int,
    opd: OPD | None = None,
    jenis_jabatan: str | None = None,
    competency: Competency | None = None,
) -> ReportFilters:
    """Checks the shape of the filters (not the scope: an OPD outside it gives an empty report,
    the API answers 404 before). Raises :class:`ReportFilterError`."""
    from django.utils.translation import gettext as _

    if isinstance(year, bool) or not isinstance(year, int):
        raise ReportFilterError("year", _("Tahun harus berupa bilangan bulat."))
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ReportFilterError(
            "year",
            _("Tahun harus antara %(first)s dan %(last)s.") % {"first": MIN_YEAR, "last": MAX_YEAR},
        )
    if jenis_jabatan and jenis_jabatan not in JenisJabatan.values:
        raise ReportFilterError("jenis_jabatan", _("Jenis jabatan tidak dikenal."))
    return ReportFilters(
        viewer=viewer,
        year=year,
        opd=opd,
        jenis_jabatan=jenis_jabatan or None,
        competency=competency,
    )


@dataclass(frozen=True)
class OPDTree:
    """Every OPD (one query), to compute the visible units and add unit sums up to rows."""

    opds: dict[int, tuple[int | None, str, str, datetime.date, datetime.date | None]]

    @classmethod
    def load(cls) -> "OPDTree":
        rows = OPD.objects.order_by().values_list(
            "pk", "parent_id", "code", "name", "valid_from", "valid_to"
        )
        return cls({pk: rest for pk, *rest in rows})

    def as_json(self) -> dict[str, list]:
        return {
            str(pk): [parent, code, name, start.isoformat(), end.isoformat() if end else None]
            for pk, (parent, code, name, start, end) in self.opds.items()
        }

    @classmethod
    def from_json(cls, data: dict[str, list]) -> "OPDTree":
        date = datetime.date.fromisoformat
        return cls(
            {
                int(pk): (parent, code, name, date(start), date(end) if end else None)
                for pk, (parent, code, name, start, end) in data.items()
            }
        )

    def parent(self, pk: int) -> int | None:
        return self.opds[pk][0]

    def descendants(self, roots: Iterable[int]) -> set[int]:
        children: dict[int | None, list[int]] = {}
        for pk, (parent_id, *_rest) in self.opds.items():
            children.setdefault(parent_id, []).append(pk)
        found, stack = set(), list(roots)
        while stack:
            pk = stack.pop()
            if pk not in found and pk in self.opds:
                found.add(pk)
                stack.extend(children.get(pk, ()))
        return found

    def ref(self, pk: int, year: int) -> OPDRef:
        parent_id, code, name, valid_from, valid_to = self.opds[pk]
        valid = valid_from <= datetime.date(year, 12, 31) and (
            valid_to is None or valid_to >= datetime.date(year, 1, 1)
        )
        return OPDRef(pk, code, name, parent_id, valid)


@dataclass(frozen=True)
class Grouping:
    """Which units a report reads (``units``: ``None`` = all) and the row each one adds into."""

    units: frozenset[int] | None
    row_of: dict[int, int]  # unit id -> row OPD id
    rows: list[int]  # row OPD ids, in code order
    tree: OPDTree

    def row_for(self, unit_id: int) -> int | None:
        return self.row_of.get(unit_id)


def viewer_scope(viewer: User | None) -> frozenset[int] | None:
    """The OPD ids ``viewer`` may see (``None``: all): ``lms.people.selectors.opd_scope_ids``;
    ``viewer=None`` is trusted code (the snapshot service), never a request."""
    return ALL if viewer is None else opd_scope_ids(viewer)


def grouping(filters: ReportFilters, tree: OPDTree | None = None) -> Grouping:
    """The rows of a report. With ``opd``: that OPD (its own staff) and each unit directly below
    it (with everything under that unit). Without: the top-most OPDs the viewer sees (every root
    for BKPSDM; an Admin OPD's scope roots). Units outside the viewer's scope are never read.
    Queries: the viewer's scope (cached on the user; 1 to 3 the first time) and the tree (1;
    none when ``tree`` is given: a snapshot's tree as it stood)."""
    scope = viewer_scope(filters.viewer)
    tree = tree if tree is not None else OPDTree.load()
    visible = set(tree.opds) if scope is ALL else set(scope) & set(tree.opds)
    if filters.opd is not None:
        visible &= tree.descendants([filters.opd.pk])
        heads = {pk for pk in visible if pk == filters.opd.pk or tree.parent(pk) == filters.opd.pk}
    else:
        heads = {pk for pk in visible if tree.parent(pk) not in visible}
    row_of: dict[int, int] = {}
    for pk in visible:
        walk = pk
        while walk not in heads:
            walk = tree.parent(walk)
        row_of[pk] = walk
    units = None if scope is ALL and filters.opd is None else frozenset(visible)
    rows = sorted(heads, key=lambda pk: tree.opds[pk][1])
    return Grouping(units=units, row_of=row_of, rows=rows, tree=tree)


def population(filters: ReportFilters, units: frozenset[int] | None) -> tuple[str, list]:
    """The people of the year in the given units, as SQL (with its parameters) to use as a CTE,
    with the columns ``e_id, e_unit, e_user, e_position, e_jenis, e_type``.

    One pass over the year's JP lines (a window picks each person's latest line, whose OPD is
    the unit) joined to the employees, instead of a subquery per person: at 100,000 people the
    correlated form cost seconds in every report (docs/benchmarks.md)."""
    quote = connection.ops.quote_name
    record, employee, position = (
        quote(LearningRecord._meta.db_table),
        quote(Employee._meta.db_table),
        quote(Position._meta.db_table),
    )
    params: list = [filters.year, True]
    conditions = ""
    if units is not None:
        # No unit at all (a viewer without scope): a condition no row meets, since an empty
        # ``IN ()`` is not valid SQL.
        if units:
            marks = ", ".join(["%s"] * len(units))
            conditions += f" AND COALESCE(l.opd_id, e.opd_id) IN ({marks})"
            params += sorted(units)
        else:
            conditions += " AND 1 = 0"
    if filters.jenis_jabatan:
        conditions += " AND p.jenis_jabatan = %s"
        params.append(filters.jenis_jabatan)
    sql = f"""
        SELECT e.id AS e_id, COALESCE(l.opd_id, e.opd_id) AS e_unit, e.user_id AS e_user,
               e.position_id AS e_position, p.jenis_jabatan AS e_jenis,
               e.employee_type AS e_type
        FROM {employee} e
        LEFT JOIN (
            SELECT employee_id, opd_id FROM (
                SELECT employee_id, opd_id, ROW_NUMBER() OVER (
                    PARTITION BY employee_id ORDER BY end_date DESC, id DESC) AS rn
                FROM {record} WHERE year = %s
            ) lines WHERE rn = 1
        ) l ON l.employee_id = e.id
        LEFT JOIN {position} p ON p.id = e.position_id
        WHERE (e.is_active = %s OR l.employee_id IS NOT NULL){conditions}
    """
    return sql, params


def compiled(queryset: QuerySet) -> tuple[str, tuple]:
    """A queryset's SQL and parameters, to use as a derived table or CTE in the reports' SQL
    (values adapted by Django for the database in use: SQLite and PostgreSQL alike)."""
    sql, params = queryset.query.sql_with_params()
    return sql, tuple(params)


def decimal(value) -> Decimal:
    """A JP sum as ``Decimal`` with one place (PostgreSQL returns ``Decimal``, SQLite a float)."""
    return Decimal(str(value or 0)).quantize(Decimal("0.1"))


def share(part: int | float | Decimal, whole: int | float | Decimal) -> float | None:
    """``part / whole`` (a fraction 0..1), ``None`` when ``whole`` is 0."""
    return float(part) / float(whole) if whole else None


def may_read_reports(user: User) -> bool:
    """Admin OPD (their OPDs), BKPSDM and superusers read the reports (docs/security.md);
    learners, trainers and strangers do not. Read from the permission the two HR roles hold
    and nobody else does (``competencies.view_learningrecord``, the JP ledger the reports are
    made of): Django caches a user's permissions, so the admin menu item asking on every
    page costs no query."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.has_perm("competencies.view_learningrecord")
