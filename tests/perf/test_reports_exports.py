"""HR report exports at scale (docs/quality.md P9, P10; docs/benchmarks.md).

On ``seed_synthetic`` data of ``LMS_BENCH_EMPLOYEES`` people (default 100,000) in N ÷ 2,000
perangkat daerah (50: about 2,000 people each, with their units):

(a) P9: the per-employee XLSX (``jpm``: one row per person, 100,000 rows) built as a prepared
    download by a real Celery worker (prefork, one pool process, PostgreSQL, Redis): timed from
    the message sent to the download marked ready, and the peak RSS (VmHWM) of the pool process
    that built it; then the file is opened and checked (one row per person, every NIP text).
(b) P10: one OPD of about 2,000 people, each kind written in this process as the admin endpoint
    does: wall time (median of 3 after a warm-up) and the growth of peak RSS. The targets hold
    for what the endpoint answers at once (``views.is_small``: at most ``SYNC_MAX_ROWS`` rows);
    the per-competency kinds (gap detail, AKPK: about 38,000 rows here) are prepared downloads
    and are only reported.

Needs PostgreSQL and the Redis broker (``make bench`` with ``DATABASE_URL`` and
``CELERY_BROKER_URL``). The set-up (seeding) is not measured.
"""

import io
import os
import statistics
import sys
import time
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.db import connection

from lms.competencies.synthetic import synthetic_data_replace
from lms.core.downloads import tasks as download_tasks
from lms.core.downloads.services import download_path, download_request
from lms.core.models import DownloadStatus, PreparedDownload
from lms.people.models import OPD
from lms.reports.exports.files import write_export
from lms.reports.exports.options import export_request
from lms.reports.exports.views import is_small
from lms.reports.selectors import jp_summary, report_filters
from lms.users.models import User
from lms.users.roles import Role
from tests.certificates.worker import Broker, celery_worker, wait_for
from tests.perf.test_import_employees import _rss_peak_during

pytestmark = [pytest.mark.perf, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

EMPLOYEES = int(os.environ.get("LMS_BENCH_EMPLOYEES", "100000"))
YEAR = 2026
P9_LIMIT_S, P9_LIMIT_MB = 30.0, 200
P10_LIMIT_S, P10_LIMIT_MB = 2.0, 100
BUILD_TASK = "lms.core.downloads.build"


def say(line: str) -> None:
    sys.stdout.write(f"\n{line}\n")
    sys.stdout.flush()


def _status_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    return 0


@pytest.fixture
def regency(tmp_path, settings):
    if connection.vendor != "postgresql":
        pytest.skip("the export benchmark runs on PostgreSQL (DATABASE_URL)")
    settings.LMS_DOWNLOAD_ROOT = str(tmp_path / "unduhan")
    Path(settings.LMS_DOWNLOAD_ROOT).mkdir()
    user = User.objects.create_user(username="bench-bkpsdm", password="x", is_active=True)
    user.groups.add(Group.objects.get(name=Role.BKPSDM))
    started = time.perf_counter()
    # 50 perangkat daerah at 100,000 people: about 2,000 people each, as P10 assumes.
    synthetic_data_replace(employees=EMPLOYEES, opds=max(5, EMPLOYEES // 2000), accounts=False)
    with connection.cursor() as cursor:  # fresh statistics, as after autovacuum
        cursor.execute("ANALYZE")
    say(f"seeded {EMPLOYEES} employees in {time.perf_counter() - started:.0f} s")
    return User.objects.get(pk=user.pk)


def _p9(regency, tmp_path, monkeypatch) -> tuple[float, float]:
    """The per-employee XLSX by a real worker: (seconds from request to ready, peak RSS MB)."""
    import openpyxl

    broker = Broker()
    app = broker.app()
    # The build goes to this test's own queue on the real broker, not through the eager setting.
    monkeypatch.setattr(
        download_tasks.download_build_task,
        "delay",
        lambda pk: app.send_task(BUILD_TASK, args=[pk], queue=broker.queue),
    )
    try:
        with celery_worker(tmp_path, broker, concurrency=1, conn_max_age=60) as worker:
            pool = wait_for(worker.children, timeout=30, what="the pool process")[0]
            idle_mb = _status_kb(pool, "VmRSS") / 1024
            started = time.perf_counter()
            download = download_request(
                owner=regency,
                kind="report_xlsx",
                parameters={"kind": "jpm", "format": "xlsx", "year": YEAR},
            )

            def finished():
                status = PreparedDownload.objects.values_list("status", flat=True).get(
                    pk=download.pk
                )
                return status if status in (DownloadStatus.READY, DownloadStatus.FAILED) else None

            status = wait_for(finished, timeout=600, what="the export", every=0.1)
            elapsed = time.perf_counter() - started
            peak_mb = _status_kb(pool, "VmHWM") / 1024
    finally:
        broker.clear()
    download.refresh_from_db()
    assert status == DownloadStatus.READY, download.error
    path = download_path(download)
    size_mb = path.stat().st_size / 1024 / 1024
    book = openpyxl.load_workbook(path, read_only=True)
    sheet = book[book.sheetnames[0]]
    rows = 0
    for nip, *_rest in sheet.iter_rows(min_row=2, values_only=True):
        assert isinstance(nip, str) and len(nip) == 18, nip
        rows += 1
    book.close()
    say(
        f"P9 jpm XLSX, {EMPLOYEES} employees, real worker: {elapsed:.1f} s from request to ready, "
        f"{rows} rows, {size_mb:.1f} MB; pool process RSS idle {idle_mb:.0f} MB, "
        f"peak {peak_mb:.0f} "
        f"MB (load average {os.getloadavg()[0]:.1f})"
    )
    assert rows == download.progress_total
    assert rows >= 0.9 * EMPLOYEES  # everyone with a requirement
    return elapsed, peak_mb


P10_KINDS = [("jp", "xlsx"), ("jp", "csv"), ("jpm", "xlsx"), ("jpm", "csv"), ("gap", "xlsx"),
             ("gap", "csv"), ("akpk", "xlsx"), ("siasn", "csv"), ("summary", "pdf")]  # fmt: skip


def _p10(viewer, kind: str, fmt: str) -> tuple[float, float, bool]:
    """One OPD of about 2,000 people: (median seconds, RSS growth in MB, answered at once)."""
    # The perangkat daerah (with its units) whose headcount is nearest 2,000.
    rows = jp_summary(report_filters(viewer=viewer, year=YEAR)).rows
    nearest = min(rows, key=lambda row: abs(row.headcount - 2000))
    opd, headcount = OPD.objects.get(pk=nearest.opd.id), nearest.headcount
    request = export_request(viewer=viewer, kind=kind, fmt=fmt, year=YEAR, opd=opd.code)

    def export() -> int:
        output = io.BytesIO()
        write_export(request, output)
        return len(output.getvalue())

    export()  # warm-up
    times = []
    for _ in range(3):
        started = time.perf_counter()
        size = export()
        times.append(time.perf_counter() - started)
    _size, rss_mb = _rss_peak_during(export)
    median = statistics.median(times)
    small = is_small(request)
    say(
        f"P10 {kind} {fmt} ({'at once' if small else 'prepared'}), OPD {opd.code} "
        f"({headcount} people): median {median:.2f} s "
        f"({', '.join(f'{t:.2f}' for t in times)}), {size / 1024:.0f} KB, RSS +{rss_mb:.0f} MB "
        f"(load average {os.getloadavg()[0]:.1f})"
    )
    return median, rss_mb, small


def test_p10_one_opd_synchronously_then_p9_in_a_real_worker(regency, tmp_path, monkeypatch):
    """One seeding for both (100,000 people take about 80 s to seed)."""
    p10 = {(kind, fmt): _p10(regency, kind, fmt) for kind, fmt in P10_KINDS}
    p9 = _p9(regency, tmp_path, monkeypatch)
    at_once = {pair: figures for pair, figures in p10.items() if figures[2]}
    assert ("jp", "xlsx") in at_once and ("jpm", "csv") in at_once
    slow = {pair: figures for pair, figures in at_once.items() if figures[0] > P10_LIMIT_S}
    heavy = {pair: figures for pair, figures in at_once.items() if figures[1] > P10_LIMIT_MB}
    assert not slow, slow
    assert not heavy, heavy
    elapsed, peak_mb = p9
    assert elapsed <= P9_LIMIT_S
    assert peak_mb <= P9_LIMIT_MB
