"""P8 and the heat-map page: on ``seed_synthetic`` data (``LMS_BENCH_EMPLOYEES``, default 10,000;
the figures in docs/benchmarks.md are for 100,000 on PostgreSQL), the OPD × competency summary
selector alone takes ≤ 2 s and ≤ 150 MB, and BKPSDM's heat-map page (``/admin/laporan/``: both
summaries, the previous snapshot, the charts, the admin's furniture) ≤ 1 s, in a bounded number
of queries.

Run with ``make bench`` (``pytest -m perf``), on whatever database is configured. Wall time is the
median of 3 runs after one warm-up (``time.perf_counter``, Django's test client in the same
process: no network, no gunicorn); memory is the growth of peak RSS during one run (VmHWM reset
first, as in ``test_import_employees.py``) and the peak of Python allocations (``tracemalloc``).
"""

import os
import statistics
import sys
import time
import tracemalloc

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lms.competencies.synthetic import synthetic_data_replace
from lms.reports.selectors import gap_summary, report_filters
from lms.users.models import User
from lms.users.roles import Role
from tests.perf.test_import_employees import _rss_peak_during

pytestmark = [pytest.mark.perf, pytest.mark.django_db]

EMPLOYEES = int(os.environ.get("LMS_BENCH_EMPLOYEES", "10000"))
YEAR = 2026
RUNS = 3
SUMMARY_LIMIT_S, SUMMARY_LIMIT_MB = 2.0, 150
PAGE_LIMIT_S = 1.0
PAGE_MAX_QUERIES = 40


def _median(action) -> tuple[float, list[float]]:
    action()  # warm-up: the database's caches, the templates
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times), times


def _report(line: str, capsys) -> None:
    with capsys.disabled():
        sys.stdout.write(f"\n{line}\n")


@pytest.fixture
def bkpsdm(db):
    user = User.objects.create_user(username="bench-bkpsdm", password="x", is_active=True)
    user.groups.add(Group.objects.get(name=Role.BKPSDM))
    started = time.perf_counter()
    # N ÷ 2,000 perangkat daerah (50 at 100,000 people), as in test_reports_exports.py.
    report = synthetic_data_replace(
        employees=EMPLOYEES, opds=max(5, EMPLOYEES // 2000), accounts=False
    )
    seeded = time.perf_counter() - started
    with connection.cursor() as cursor:  # fresh statistics, as after autovacuum
        cursor.execute("ANALYZE")
    return user, report, seeded


def test_gap_summary_alone(bkpsdm, capsys):
    user, report, seeded = bkpsdm
    filters = report_filters(viewer=user, year=YEAR)
    median, times = _median(lambda: gap_summary(filters))
    summary, rss_mb = _rss_peak_during(lambda: gap_summary(filters))
    tracemalloc.start()
    gap_summary(filters)
    _current, traced = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    cells = sum(len(row.cells) for row in summary.rows)
    _report(
        f"gap_summary N={EMPLOYEES} ({connection.vendor}, {len(summary.rows)} rows, {cells} "
        f"cells; seeded in {seeded:.0f} s): median {median:.3f} s "
        f"(runs {', '.join(f'{t:.3f}' for t in times)}), peak RSS +{rss_mb:.1f} MB, "
        f"Python peak {traced / 2**20:.1f} MB, load {os.getloadavg()[0]:.2f}",
        capsys,
    )
    assert summary.total.total.people > 0
    assert median <= SUMMARY_LIMIT_S and rss_mb <= SUMMARY_LIMIT_MB


def test_heat_map_page(bkpsdm, client, capsys):
    """Cold (``refresh=1``: both summaries computed) and warm (the figures kept in the cache for
    ``LMS_REPORT_CACHE_SECONDS``, as when a reader comes back from an OPD). The ≤ 1 s target is
    asserted on the warm page and the cold one on P8's 2 s; both are reported."""
    user, report, seeded = bkpsdm
    client.force_login(user)
    url = reverse("laporan:heatmap") + f"?year={YEAR}"

    def get(suffix: str = ""):
        response = client.get(url + suffix)
        assert response.status_code == 200
        return response

    cold, cold_times = _median(lambda: get("&refresh=1"))
    warm, warm_times = _median(get)
    with CaptureQueriesContext(connection) as queries:
        response = get("&refresh=1")
    cold_queries = len(queries)  # now: the next request resets the connection's query log
    _page, rss_mb = _rss_peak_during(lambda: get("&refresh=1"))
    _report(
        f"heat-map page N={EMPLOYEES} ({connection.vendor}): cold median {cold:.3f} s "
        f"(runs {', '.join(f'{t:.3f}' for t in cold_times)}), warm median {warm:.3f} s "
        f"(runs {', '.join(f'{t:.3f}' for t in warm_times)}), {cold_queries} queries cold, "
        f"{len(response.content) / 1024:.0f} KB HTML, peak RSS +{rss_mb:.1f} MB, "
        f"load {os.getloadavg()[0]:.2f}",
        capsys,
    )
    assert 0 < cold_queries <= PAGE_MAX_QUERIES
    assert warm <= PAGE_LIMIT_S
    assert cold <= PAGE_LIMIT_S


def _loop_summary(opd, year: int) -> dict[str, list[int]]:
    """The OPD × competency figures the naive way (docs/quality.md P11): every employee of the
    OPD and its units as an instance, their competency profile one query each
    (``employee_competency_profile``), summed in Python."""
    from lms.competencies.selectors import employee_competency_profile
    from lms.people.models import Employee
    from lms.people.selectors import opd_descendant_ids

    figures: dict[str, list[int]] = {}
    employees = Employee.objects.filter(
        is_active=True, opd_id__in=opd_descendant_ids([opd.pk])
    ).select_related("position")
    for employee in employees:
        for row in employee_competency_profile(employee):
            if row.required <= 0:
                continue
            cell = figures.setdefault(row.code, [0, 0, 0, 0])
            cell[0] += 1
            cell[1] += row.attained < row.required
            cell[2] += row.required
            cell[3] += min(row.attained, row.required)
    return figures


def test_sql_against_a_loop_over_instances(bkpsdm, capsys):
    """P11: the summary of one OPD (about 2,000 people) in SQL against the loop over its
    employees; the same figures, and SQL at least 5 × faster."""
    from django.db.models import Count

    from lms.people.models import OPD, Employee

    user, _report_data, _seeded = bkpsdm
    largest = Employee.objects.values("opd_id").annotate(n=Count("pk")).order_by("-n").first()
    opd = OPD.objects.get(pk=largest["opd_id"])
    filters = report_filters(viewer=user, year=YEAR, opd=opd)
    sql, sql_times = _median(lambda: gap_summary(filters))
    loop, loop_times = _median(lambda: _loop_summary(opd, YEAR))
    summary = gap_summary(filters).total
    expected = {
        code: [cell.people, cell.below, cell.sum_required, cell.sum_attained]
        for code, cell in summary.cells.items()
    }
    people = sum(cell[0] for cell in expected.values())
    _report(
        f"P11 one OPD ({opd.code}, {people} person × competency pairs): SQL median {sql:.3f} s "
        f"(runs {', '.join(f'{t:.3f}' for t in sql_times)}), loop median {loop:.3f} s "
        f"(runs {', '.join(f'{t:.2f}' for t in loop_times)}): {loop / sql:.0f} × "
        f"({connection.vendor}, load {os.getloadavg()[0]:.2f})",
        capsys,
    )
    assert _loop_summary(opd, YEAR) == expected
    assert loop >= 5 * sql
