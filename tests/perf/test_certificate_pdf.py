"""P12: one certificate PDF, median <= 25 ms and <= 250 KB, with a JPEG background, logo,
signature image and the embedded font (docs/quality.md, docs/benchmarks.md). ``make bench``."""

import statistics
import time

import pytest

from certificates.pdf import render_certificate
from tests.certificates.test_pdf import sample

pytestmark = pytest.mark.perf


def test_p12_one_certificate_median_within_25_ms_and_250_kb(capsys):
    data = sample()
    render_certificate(data)  # warm: fonts registered, subsets built, images decoded
    times = []
    for _ in range(40):
        start = time.perf_counter()
        pdf = render_certificate(data)
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    with capsys.disabled():
        print(f"\nP12: median {median * 1000:.1f} ms, {len(pdf) / 1024:.0f} KB")  # noqa: T201
    assert len(pdf) <= 250 * 1024
    assert median <= 0.025
