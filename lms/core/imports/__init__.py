"""Import and export of tabular HR data (and, later, other kinds) - the public API.

Apps register kinds from ``AppConfig.ready()`` with :func:`register_kind`; the Wagtail admin
and the ``lms_import``/``lms_export`` commands call :func:`run_import` and :func:`run_export`.
See ``table.py`` for the pipeline and ``reading.py`` for the defences against hostile files.
"""

from .registry import (
    ImportKind,
    TableImportKind,
    get_kind,
    import_kinds,
    register_kind,
    run_export,
    run_import,
)
from .report import ImportReport, RowError, UnreadableFile
from .table import Column, Plan, Row, RunContext, TableHandler

__all__ = [
    "Column",
    "ImportKind",
    "ImportReport",
    "Plan",
    "Row",
    "RowError",
    "RunContext",
    "TableHandler",
    "TableImportKind",
    "UnreadableFile",
    "get_kind",
    "import_kinds",
    "register_kind",
    "run_export",
    "run_import",
]
