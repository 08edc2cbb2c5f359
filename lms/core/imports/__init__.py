"""Import and export of HR data, question banks and other kinds - the public API.

Apps register kinds from ``AppConfig.ready()`` with :func:`register_kind`, each with the model
permissions it needs; the Wagtail admin and the ``lms_import``/``lms_export`` commands call
:func:`run_import` and :func:`run_export`, which refuse a user without them.
Every kind goes through one pipeline (``pipeline.py``: duplicates, counts, dry run,
all-or-nothing commit, the report), fed by a tabular source (``table.py``, a
:class:`TableHandler`) or an item source (``items.py``, an :class:`ItemHandler`); see
``reading.py`` for the defences against hostile files.
"""

from .items import ItemFile, ItemHandler, run_items
from .pipeline import Plan, RunContext
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
from .table import Column, Row, TableHandler, run_table

__all__ = [
    "Column",
    "ImportKind",
    "ImportReport",
    "ItemFile",
    "ItemHandler",
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
    "run_items",
    "run_table",
]
