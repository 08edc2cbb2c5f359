"""Benchmark of the H5P upload checks (docs/benchmarks.md, "H5P upload checks"): every name
check, then the streaming extraction with its byte counters, on a real export, the demo
package and a zip bomb. ``make bench``; prints the figures."""

import tempfile
import time
import zipfile
from pathlib import Path

import pytest

from assessments.h5p.archive import PackageRejected, extract_package
from assessments.h5p.build import build_demo
from tests.factories.h5p_files import SHARED_FIXTURE

pytestmark = pytest.mark.perf


def _best(source: Path, runs: int = 5) -> tuple[float, str]:
    best, outcome = float("inf"), "ok"
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as folder:
            start = time.perf_counter()
            try:
                extract_package(source, Path(folder) / "package")
            except PackageRejected as rejected:
                outcome = rejected.problems[0].code
            best = min(best, time.perf_counter() - start)
    return best, outcome


def test_h5p_checks(tmp_path):
    demo = tmp_path / "demo.h5p"
    demo.write_bytes(build_demo())
    bomb = tmp_path / "bomb.h5p"
    with (
        zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("content/big.json", "w") as entry,
    ):
        for _ in range(200):
            entry.write(b"\0" * 1024 * 1024)
    cases = [("demo", demo), ("bomb, 200 MiB of zeros", bomb)]
    if SHARED_FIXTURE.exists():
        cases.insert(0, ("H5P.org True/False export", SHARED_FIXTURE))
    for label, source in cases:
        seconds, outcome = _best(source)
        print(f"{label}: {source.stat().st_size} bytes, {seconds * 1000:.1f} ms, {outcome}")  # noqa: T201
        assert seconds < 2
    # Refused by whichever counter trips first on the bytes produced (16 MiB per file here).
    assert _best(bomb, 1)[1] in {"zip_bomb", "file_too_big"}
