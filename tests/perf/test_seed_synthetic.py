"""Benchmark of ``seed_synthetic`` (``make bench``; not part of the default suite).

Size from ``LMS_BENCH_EMPLOYEES`` (default 10,000). Prints the timings for docs/benchmarks.md:
a fresh run and a replacing run (which deletes the first data set).
"""

import os
import resource
import sys
import time

import pytest

from lms.competencies.synthetic import PREFIX, synthetic_data_replace
from lms.people.models import Employee

# Not transaction=True: its flush would empty the migration data (groups, catalogue) for the
# benchmarks that run after this one. The command is one transaction anyway.
pytestmark = [pytest.mark.perf, pytest.mark.django_db]

EMPLOYEES = int(os.environ.get("LMS_BENCH_EMPLOYEES", "10000"))
# Generous ceilings for a CI runner: the measured times are far lower (see docs/benchmarks.md).
FRESH_LIMIT_S = max(60.0, EMPLOYEES * 0.002)
REPLACE_LIMIT_S = 2 * FRESH_LIMIT_S


def test_seed_synthetic_scales(capsys):
    started = time.perf_counter()
    fresh = synthetic_data_replace(employees=EMPLOYEES)
    fresh_s = time.perf_counter() - started
    started = time.perf_counter()
    replaced = synthetic_data_replace(employees=EMPLOYEES)
    replace_s = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with capsys.disabled():
        sys.stdout.write(
            f"\nseed_synthetic N={EMPLOYEES}: fresh {fresh_s:.1f} s, replace {replace_s:.1f} s, "
            f"{fresh.records} JP records, {fresh.evidence} evidence, peak RSS {peak_mb:.0f} MB\n"
        )
    assert Employee.objects.filter(opd__code__startswith=PREFIX).count() == EMPLOYEES
    assert replaced.accounts == fresh.accounts == EMPLOYEES
    assert fresh_s < FRESH_LIMIT_S and replace_s < REPLACE_LIMIT_S
