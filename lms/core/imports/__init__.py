"""Import and export of tabular HR data (and, later, other kinds) - the public API.

Apps register kinds from ``AppConfig.ready()`` with :func:`register_kind`, each with the model
permissions it needs; the Wagtail admin and the ``lms_import``/``lms_export`` commands call
:func:`run_import` and :func:`run_export`, which refuse a user without them.
See ``table.py`` for the pipeline and ``reading.py`` for the defences against hostile files.
"""

from .registry import (
    ImportKind,
    KindNotAllowed,
    TableImportKind,
    get_kind,
    has_permissions,
    import_kinds,
    kinds_for,
    model_permissions,
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
    "KindNotAllowed",
    "Plan",
    "Row",
    "RowError",
    "RunContext",
    "TableHandler",
    "TableImportKind",
    "UnreadableFile",
    "get_kind",
    "has_permissions",
    "import_kinds",
    "kinds_for",
    "model_permissions",
    "register_kind",
    "run_export",
    "run_import",
]
