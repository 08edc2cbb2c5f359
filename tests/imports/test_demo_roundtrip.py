"""The seeded demo regency survives export -> import unchanged (realistic data, every kind)."""

import pytest

from lms.core.imports import run_export, run_import

KINDS = ["opds", "positions", "employees", "requirements", "training-records"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_demo_data_round_trips(demo, fmt):
    for kind in KINDS:
        exported = run_export(kind, fmt)
        report = run_import(kind, exported, f"{kind}.{fmt}", commit=True)
        assert report.ok, (kind, report.errors[:5])
        assert (kind, report.created, report.updated) == (kind, 0, 0)
        assert report.unchanged == report.total_rows
        if kind in ("opds", "positions", "employees"):
            assert report.total_rows >= 25
