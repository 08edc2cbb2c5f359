"""P14: importing 10,000 employees (CSV and XLSX) takes <= 30 s and <= 200 MB, all or nothing.

Run with ``make bench`` (``pytest -m perf``), on whatever database is configured; the figures in
docs/benchmarks.md were taken on PostgreSQL. Dry run and commit are measured separately:
wall time is the median of 3 runs (``time.perf_counter``, no tracing), memory is measured two
ways: the peak of Python allocations in one extra traced run (``tracemalloc``), and the growth
of the process's peak RSS during each untraced run (Linux: VmHWM reset through
/proc/self/clear_refs before the run).
"""

import csv
import io
import resource
import statistics
import time
import tracemalloc

import pytest
from django.contrib.auth.models import Group
from django.db import connection

from lms.core.imports import run_import
from lms.people.models import OPD, Employee, JenisJabatan, OPDType, Position
from lms.users.models import User
from lms.users.roles import Role
from tests.factories.people import pns_nip, pppk_nip

pytestmark = [pytest.mark.perf, pytest.mark.django_db]

ROWS = 10_000
OPDS = 25
RUNS = 3
TIME_LIMIT_S = 30
MEMORY_LIMIT_MB = 200
HEADER = [  # SIASN-style headers, with a NIK column that must be ignored
    "NIP_BARU",
    "NAMA",
    "GELAR_DEPAN",
    "GELAR_BELAKANG",
    "JENIS_KELAMIN",
    "JENIS_PEGAWAI_NAMA",
    "GOL_AKHIR_NAMA",
    "UNOR_ID",
    "JABATAN_ID",
    "EMAIL_GOV",
    "NIK",
]
GIVEN = ["Agus", "Budi", "Citra", "Dewi", "Eko", "Fitri", "Hendra", "Indah", "Joko", "Lestari"]
FAMILY = ["Saputra", "Wulandari", "Siregar", "Nasution", "Pratama", "Rahayu", "Hidayat"]


def _status_mb(field: str) -> float | None:
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return None


def _rss_peak_during(action) -> tuple[object, float]:
    """Run ``action`` and return (its result, growth of peak RSS in MB while it ran).

    On Linux the peak (VmHWM) is reset first through /proc/self/clear_refs, so this is the
    peak of this action alone; elsewhere it falls back to ``ru_maxrss`` (an upper bound of
    the whole process, so the figure may be 0 if an earlier step peaked higher).
    """
    try:
        with open("/proc/self/clear_refs", "w") as clear:
            clear.write("5")
        baseline = _status_mb("VmRSS")
    except OSError:
        baseline = None
    if baseline is None:
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        result = action()
        return result, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - before
    result = action()
    return result, (_status_mb("VmHWM") or baseline) - baseline


@pytest.fixture
def organisation(db):
    Group.objects.get_or_create(name=Role.PESERTA)
    opds = OPD.objects.bulk_create(
        OPD(
            code=f"OPD{i:02d}",
            name=f"Perangkat Daerah {i:02d}",
            type=OPDType.KECAMATAN if i >= 18 else OPDType.DINAS,
        )
        for i in range(OPDS)
    )
    positions = Position.objects.bulk_create(
        Position(code=f"JAB{i:02d}", name=f"Jabatan {i:02d}", jenis_jabatan=JenisJabatan.PELAKSANA)
        for i in range(40)
    )
    return opds, positions


def employee_rows() -> list[list[str]]:
    rows = [HEADER]
    for i in range(ROWS):
        pppk = i % 5 == 0  # one in five is PPPK
        nip = pppk_nip(i) if pppk else pns_nip(i)
        rows.append(
            [
                nip,
                f"{GIVEN[i % len(GIVEN)]} {FAMILY[i % len(FAMILY)]} {i}",
                "dr." if i % 17 == 0 else "",
                "S.Kom., M.T." if i % 3 == 0 else "",
                "M" if nip[14] == "1" else "F",
                "PPPK" if pppk else "PNS",
                "IX" if pppk else "III/a - Penata Muda",
                f"OPD{i % OPDS:02d}",
                f"JAB{i % 40:02d}",
                f"pegawai{i}@contoh.go.id",
                "3171010101010001",  # NIK: must be ignored, never stored
            ]
        )
    return rows


def as_csv(rows) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def as_xlsx(rows) -> bytes:
    import xlsxwriter

    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"constant_memory": True})
    sheet = workbook.add_worksheet("Pegawai")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write_string(r, c, value)
    workbook.close()
    return output.getvalue()


def _reset() -> None:
    Employee.objects.all().delete()
    User.objects.filter(username__regex=r"^[0-9]{18}$").delete()


def _timed(data: bytes, filename: str, *, commit: bool) -> tuple[float, object, float]:
    """(seconds, report, peak RSS growth in MB) of one untraced run."""
    started = time.perf_counter()
    report, rss = _rss_peak_during(lambda: run_import("employees", data, filename, commit=commit))
    return time.perf_counter() - started, report, rss


def _traced(data: bytes, filename: str, *, commit: bool) -> float:
    tracemalloc.start()
    try:
        report = run_import("employees", data, filename, commit=commit)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert report.ok
    return peak / 1024 / 1024


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_import_10k_employees(organisation, fmt, capsys):
    rows = employee_rows()
    data = as_csv(rows) if fmt == "csv" else as_xlsx(rows)
    filename = f"pegawai.{fmt}"

    dry_times, dry_rss = [], []
    for _ in range(RUNS):
        elapsed, report, rss = _timed(data, filename, commit=False)
        assert report.ok, report.errors[:5]
        assert (report.total_rows, report.created, report.committed) == (ROWS, ROWS, False)
        dry_times.append(elapsed)
        dry_rss.append(rss)
    assert Employee.objects.count() == 0
    dry_peak = _traced(data, filename, commit=False)

    commit_times, commit_rss = [], []
    for run in range(RUNS + 1):
        if run == RUNS:  # the traced run, for memory only
            commit_peak = _traced(data, filename, commit=True)
        else:
            elapsed, report, rss = _timed(data, filename, commit=True)
            assert report.committed and report.created == ROWS
            commit_times.append(elapsed)
            commit_rss.append(rss)
        assert Employee.objects.count() == ROWS
        assert User.objects.filter(username__regex=r"^[0-9]{18}$").count() == ROWS
        assert not Employee.objects.filter(name__contains="3171010101010001").exists()
        _reset()

    # Re-import over 10,000 existing employees, every name changed (10k employee and 10k
    # account updates), the yearly SIASN refresh.
    assert _timed(data, filename, commit=True)[1].created == ROWS
    update_times = []
    for run in range(RUNS):
        changed = [rows[0]] + [[*row[:1], f"{row[1]} {run}", *row[2:]] for row in rows[1:]]
        changed_data = as_csv(changed) if fmt == "csv" else as_xlsx(changed)
        elapsed, report, _rss = _timed(changed_data, filename, commit=True)
        assert report.committed and report.updated == ROWS
        update_times.append(elapsed)
    _reset()

    dry, commit = statistics.median(dry_times), statistics.median(commit_times)
    update = statistics.median(update_times)
    with capsys.disabled():
        print(  # noqa: T201 - the benchmark's result line
            f"\nP14 {fmt} {ROWS} employees on {connection.vendor}: "
            f"dry run median {dry:.2f} s (runs {', '.join(f'{t:.2f}' for t in dry_times)}), "
            f"Python peak {dry_peak:.0f} MB, RSS peak +{max(dry_rss):.0f} MB; "
            f"commit median {commit:.2f} s (runs {', '.join(f'{t:.2f}' for t in commit_times)}), "
            f"Python peak {commit_peak:.0f} MB, RSS peak +{max(commit_rss):.0f} MB; "
            f"update of all {ROWS} median {update:.2f} s; file {len(data) / 1024:.0f} KB"
        )
    assert dry <= TIME_LIMIT_S and commit <= TIME_LIMIT_S and update <= TIME_LIMIT_S
    assert dry_peak <= MEMORY_LIMIT_MB and commit_peak <= MEMORY_LIMIT_MB
    assert max(dry_rss) <= MEMORY_LIMIT_MB and max(commit_rss) <= MEMORY_LIMIT_MB
